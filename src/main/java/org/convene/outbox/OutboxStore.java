package org.convene.outbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The outbox table's SQL, all of it: new mails are written inside the caller's transaction (the
 * mail exists if and only if the change that causes it committed), and the sender claims,
 * settles and retries them. A claim is a lease: the row turns 'sending' until
 * claimed_until, and only the claim that holds it (same attempts number) may settle it. A sender
 * that dies mid-batch leaves its rows to be claimed again once the lease runs out.
 */
public final class OutboxStore {
  private static final String INSERT = """
      INSERT INTO outbox (kind, event_id, rsvp_id, recipient, payload)
      VALUES ($1, $2, $3, $4, $5)""";
  // One row per attendee: every mail has one recipient, so no one sees another's address.
  private static final String INSERT_FOR_ATTENDEES = """
      INSERT INTO outbox (kind, event_id, rsvp_id, recipient, payload)
      SELECT $1, r.event_id, r.id, r.email, $3 FROM rsvps r
      WHERE r.event_id = $2 AND r.erased_at IS NULL
        AND (r.status = ANY($4)
          OR ('checked_in' = ANY($4) AND r.checked_in_at IS NOT NULL)
          OR ('no_show' = ANY($4) AND r.status = 'going' AND r.checked_in_at IS NULL))
      ORDER BY r.arrival""";

  public static Future<Void> enqueue(SqlConnection conn, String kind, String eventId, UUID rsvpId,
                                     String recipient, JsonObject payload) {
    return conn.preparedQuery(INSERT)
        .execute(Tuple.of(kind, eventId, rsvpId, recipient, payload == null ? new JsonObject() : payload))
        .mapEmpty();
  }

  /**
   * One mail per attendee of the event in any of {@code audiences} (RSVP statuses, or
   * {@link Outbox#CHECKED_IN} / {@link Outbox#NO_SHOW}); answers how many.
   */
  public static Future<Integer> enqueueForAttendees(SqlConnection conn, String kind, String eventId,
                                                    List<String> statuses, JsonObject payload) {
    return conn.preparedQuery(INSERT_FOR_ATTENDEES)
        .execute(Tuple.of(kind, eventId, payload == null ? new JsonObject() : payload,
            statuses.toArray(new String[0])))
        .map(rows -> rows.rowCount());
  }

  /** A claimed row: what to render, and the attempt number that identifies this claim. */
  public record Claimed(long id, String kind, String eventId, UUID rsvpId, String recipient,
                        JsonObject payload, int attempts, String messageId) {}

  // SKIP LOCKED lets concurrent senders take disjoint batches instead of queueing on each other;
  // a row another sender committed as 'sending' meanwhile is re-checked and left out.
  private static final String CLAIM = """
      UPDATE outbox o SET status = 'sending', attempts = o.attempts + 1,
        claimed_until = now() + $2::int * interval '1 second'
      FROM (SELECT id FROM outbox
            WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()
              AND (claimed_until IS NULL OR claimed_until < now())
            ORDER BY next_attempt_at, id
            LIMIT $1
            FOR UPDATE SKIP LOCKED) due
      WHERE o.id = due.id
      RETURNING o.id, o.kind, o.event_id, o.rsvp_id, o.recipient, o.payload, o.attempts,
        o.message_id""";
  // One statement (and one commit) for a batch: under a flash crowd the sender otherwise
  // committed once per mail, competing with the RSVPs for the WAL flush.
  private static final String SENT = """
      UPDATE outbox o SET status = 'sent', sent_at = now(), claimed_until = NULL, last_error = NULL
      FROM unnest($1::bigint[], $2::int[]) AS d(id, attempts)
      WHERE o.id = d.id AND o.status = 'sending' AND o.attempts = d.attempts""";
  private static final String SKIPPED = """
      UPDATE outbox SET status = 'skipped', claimed_until = NULL, last_error = $3
      WHERE id = $1 AND status = 'sending' AND attempts = $2""";
  private static final String RETRY_OR_FAIL = """
      UPDATE outbox SET
        status = CASE WHEN $3 THEN 'failed' ELSE 'pending' END,
        claimed_until = NULL, last_error = $4,
        next_attempt_at = now() + $5::int * interval '1 second'
      WHERE id = $1 AND status = 'sending' AND attempts = $2""";
  private static final String COUNTS = """
      SELECT status, count(*) AS n FROM outbox WHERE event_id = $1 GROUP BY status""";
  private static final String FAILED = """
      SELECT o.id, o.kind, o.recipient, o.attempts, o.last_error, o.created_at
      FROM outbox o WHERE o.event_id = $1 AND o.status = 'failed'
      ORDER BY o.created_at DESC, o.id DESC LIMIT 200""";
  // A fresh series of attempts: the organizer asks after fixing whatever made them fail.
  private static final String RETRY_FAILED = """
      UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = now()
      WHERE event_id = $1 AND status = 'failed'""";

  private final Pool pool;

  public OutboxStore(Pool pool) {
    this.pool = pool;
  }

  public Future<List<Claimed>> claim(int batch, int leaseSeconds) {
    return pool.preparedQuery(CLAIM).execute(Tuple.of(batch, leaseSeconds)).map(rows -> {
      List<Claimed> out = new ArrayList<>();
      for (Row r : rows) {
        out.add(new Claimed(r.getLong("id"), r.getString("kind"), r.getString("event_id"),
            r.getUUID("rsvp_id"), r.getString("recipient"), jsonb(r.getValue("payload")),
            r.getInteger("attempts"), r.getString("message_id")));
      }
      return out;
    });
  }

  /** Marks delivered rows sent, unless their lease ran out and another attempt took them. */
  public Future<Void> sent(List<Claimed> delivered) {
    if (delivered.isEmpty()) return Future.succeededFuture();
    Long[] ids = delivered.stream().map(Claimed::id).toArray(Long[]::new);
    Integer[] attempts = delivered.stream().map(Claimed::attempts).toArray(Integer[]::new);
    return pool.preparedQuery(SENT).execute(Tuple.tuple().addValue(ids).addValue(attempts))
        .mapEmpty();
  }

  public Future<Void> skipped(Claimed c, String why) {
    return pool.preparedQuery(SKIPPED).execute(Tuple.of(c.id(), c.attempts(), why)).mapEmpty();
  }

  /** Schedules another try after {@code delaySeconds}, or gives up for good when {@code last}. */
  public Future<Void> retryOrFail(Claimed c, boolean last, String error, int delaySeconds) {
    return pool.preparedQuery(RETRY_OR_FAIL)
        .execute(Tuple.of(c.id(), c.attempts(), last, error, delaySeconds)).mapEmpty();
  }

  /** How many of the event's mails are in each state, every state present. */
  public Future<JsonObject> counts(String eventId) {
    return pool.preparedQuery(COUNTS).execute(Tuple.of(eventId)).map(rows -> {
      JsonObject out = new JsonObject();
      for (String s : List.of("pending", "sending", "sent", "failed", "skipped")) out.put(s, 0L);
      for (Row r : rows) out.put(r.getString("status"), r.getLong("n"));
      return out;
    });
  }

  public Future<JsonArray> failed(String eventId) {
    return pool.preparedQuery(FAILED).execute(Tuple.of(eventId)).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row r : rows) {
        out.add(new JsonObject().put("id", r.getLong("id")).put("kind", r.getString("kind"))
            .put("recipient", r.getString("recipient")).put("attempts", r.getInteger("attempts"))
            .put("lastError", r.getString("last_error"))
            .put("createdAt", r.getOffsetDateTime("created_at").toInstant().toString()));
      }
      return out;
    });
  }

  public Future<Integer> retryFailed(String eventId) {
    return pool.preparedQuery(RETRY_FAILED).execute(Tuple.of(eventId)).map(r -> r.rowCount());
  }

  private static JsonObject jsonb(Object v) {
    if (v instanceof JsonObject j) return j;
    return v == null ? new JsonObject() : new JsonObject(v.toString());
  }
}
