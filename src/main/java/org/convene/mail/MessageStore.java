package org.convene.mail;

import org.convene.outbox.OutboxStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import io.vertx.sqlclient.SqlConnection;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.convene.core.Problem;
import org.convene.outbox.MailQuotaStore;
import org.convene.accounts.Account;
import org.convene.events.Event;
import org.convene.outbox.Outbox;

/**
 * Organizer messages to attendees: who is in each audience, and queueing one mail per person.
 * The follow-up after an event is such a message, to who came or to the no-shows, sent once per
 * form (its send key, in follow_ups).
 */
public final class MessageStore {
  // Erased people get no mail (see Outbox.enqueueForAttendees), so they are not counted either.
  private static final String AUDIENCE_COUNTS = """
      SELECT status, count(*) AS n FROM rsvps
      WHERE event_id = $1 AND erased_at IS NULL GROUP BY status
      UNION ALL
      SELECT 'checked_in', count(*) FROM rsvps
      WHERE event_id = $1 AND erased_at IS NULL AND checked_in_at IS NOT NULL
      UNION ALL
      SELECT 'no_show', count(*) FROM rsvps
      WHERE event_id = $1 AND erased_at IS NULL AND status = 'going' AND checked_in_at IS NULL""";
  private static final String RECORD_FOLLOW_UP = """
      INSERT INTO follow_ups (event_id, audience, subject, body, sent_by, recipients, send_key)
      VALUES ($1, $2, $3, $4, $5, 0, $6)
      ON CONFLICT (event_id, send_key) DO NOTHING
      RETURNING id""";
  private static final String COUNT_FOLLOW_UP = "UPDATE follow_ups SET recipients = $2 WHERE id = $1";

  /** The error code of a message refused by the daily cap, for the forms to recognise. */
  public static final String LIMIT = "message_limit";
  private static final Duration DAY = Duration.ofDays(1);

  private final Pool pool;
  private final int perEventPerDay;

  /** {@code perEventPerDay}: ORGANIZER_MESSAGES_PER_EVENT_PER_DAY, 0 for no cap. */
  public MessageStore(Pool pool, int perEventPerDay) {
    this.pool = pool;
    this.perEventPerDay = perEventPerDay;
  }

  /** How many attendees each audience of MessageRules.AUDIENCES holds now. */
  public Future<JsonObject> audienceCounts(String eventId) {
    return pool.preparedQuery(AUDIENCE_COUNTS).execute(Tuple.of(eventId)).map(rows -> {
      JsonObject counts = new JsonObject();
      rows.forEach(r -> counts.put(r.getString("status"), r.getLong("n")));
      return counts;
    });
  }

  /**
   * Queues one mail per attendee in the message's audiences, replies going to the organizer who
   * wrote it; answers how many. With a follow-up, it is recorded in the same transaction and
   * answers -1 when its send key was used already (nothing is queued twice).
   *
   * <p>Each message takes one from the event's daily cap in the same transaction, so a message
   * refused for any reason (the cap, a lost connection) counts nothing, and a follow-up refused as
   * already sent takes nothing either. Past the cap it fails with {@link #LIMIT} (429).
   */
  public Future<Integer> queue(Event e, Account from, MessageRules.Valid m,
                               MessageRules.FollowUp followUp) {
    JsonObject payload = new JsonObject().put("subject", m.subject()).put("body", m.body())
        .put("replyTo", from.email()).put("fromName", from.name())
        .put("audiences", new JsonArray(m.statuses()));
    return pool.withTransaction(conn -> {
      if (followUp == null) {
        return takeFromCap(conn, e).compose(v ->
            OutboxStore.enqueueForAttendees(conn, Outbox.ORGANIZER_MESSAGE, e.id(), m.statuses(), payload));
      }
      return conn.preparedQuery(RECORD_FOLLOW_UP).execute(Tuple.from(Arrays.asList(e.id(),
              followUp.audience(), m.subject(), m.body(), from.id(), followUp.sendKey())))
          .compose(recorded -> recorded.size() == 0 ? Future.succeededFuture(-1)
              : takeFromCap(conn, e).compose(v ->
                  OutboxStore.enqueueForAttendees(conn, Outbox.ORGANIZER_MESSAGE, e.id(), m.statuses(), payload))
                  .compose(n -> conn.preparedQuery(COUNT_FOLLOW_UP)
                      .execute(Tuple.of(recorded.iterator().next().getUUID("id"), n)).map(n)));
    });
  }

  private Future<Void> takeFromCap(SqlConnection conn, Event e) {
    return MailQuotaStore.take(conn, "messages:" + e.id(), perEventPerDay, DAY)
        .compose(taken -> taken ? Future.succeededFuture() : Future.failedFuture(new Problem(
            Problem.Kind.RATE_LIMITED, LIMIT, String.format(Locale.ENGLISH,
                "An event can send %d messages a day, and this one has sent them all today. "
                    + "Nothing was sent; the count starts again at midnight UTC.", perEventPerDay),
            new JsonObject().put("limit", perEventPerDay).put("window", "day"))));
  }
}
