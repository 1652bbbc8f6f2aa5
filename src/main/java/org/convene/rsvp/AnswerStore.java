package org.convene.rsvp;

import org.convene.core.Config;
import org.convene.outbox.MailQuotaStore;
import org.convene.outbox.OutboxStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowIterator;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.convene.core.Problem;
import org.convene.core.Redact;
import org.convene.db.Batcher;
import org.convene.db.GroupCommit;
import org.convene.db.Ids;
import org.convene.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New RSVPs: the flash-crowd path. Answers run in parallel under the event's shared seat lock
 * (see {@link SeatStore}) and are stored in batches by one statement; everything after an answer
 * exists is {@link RsvpStore}'s.
 */
public final class AnswerStore {
  private static final Logger log = LoggerFactory.getLogger(AnswerStore.class);
  private static final String STANDING = "SELECT r.id, r.status, " + RsvpStore.POSITION
      + " FROM rsvps r WHERE r.id = ANY($1)";
  private static final String EXISTING = "SELECT id FROM rsvps WHERE event_id = $1 AND email = $2";

  /** What happened to a new RSVP. */
  public sealed interface Outcome permits Created, AlreadyRegistered {}

  public record Created(Rsvp rsvp) implements Outcome {}

  /** The email had already answered: nothing changed, the manage link went to that address. */
  public record AlreadyRegistered() implements Outcome {}

  private final Pool pool;
  private final SeatStore seats;
  private final Config.Limits limits;
  private final Batcher<String, JsonObject, Placed> answers;
  private final GroupCommit<List<JsonObject>, Decided> commits;
  private java.util.function.Consumer<String> seatsChanged = eventId -> {};

  /** Told after every new RSVP is committed (see RsvpStore#onSeatsChanged). */
  public AnswerStore onSeatsChanged(java.util.function.Consumer<String> listener) {
    this.seatsChanged = listener;
    return this;
  }

  public AnswerStore(Pool pool, SeatStore seats) {
    this(pool, seats, Config.Limits.defaults());
  }

  public AnswerStore(Pool pool, SeatStore seats, Config.Limits limits) {
    this.pool = pool;
    this.seats = seats;
    this.limits = limits;
    this.commits = new GroupCommit<>(pool, Math.min(SHARED_IN_FLIGHT, Math.max(1, limits.dbPoolSize())),
        MAX_BATCH, AnswerStore::answerTogether);
    this.answers = new Batcher<>("new RSVPs", MAX_BATCH, BATCHES_IN_FLIGHT,
        limits.rsvpQueuePerEvent(), this::answerAll);
  }

  /**
   * Stores a new RSVP. Going takes 1 + guests seats if they are free, else joins the waitlist
   * in arrival order. A second answer from the same email changes nothing.
   *
   * <p>This is the flash-crowd path. Answers for one event that arrive while earlier ones are
   * still being written are gathered ({@link Batcher}) and stored together by one statement under
   * the shared seat lock, sent in one round trip with its BEGIN and COMMIT: check the event is
   * open, lock free seats (SKIP LOCKED, so concurrent batches take different rows), insert the
   * RSVPs as going or waitlisted in arrival order, hand out the seats and write their mail to the
   * outbox. Under a crowd of 64 on one event that stores about three times as many RSVPs a second
   * as one transaction per answer (bench/run.sh); a lone answer still runs at once, alone.
   */
  public Future<Outcome> create(String eventId, RsvpRules.Valid v) {
    UUID id = UUID.randomUUID();
    String token = Ids.token();
    Rsvp.Profile p = v.profile();
    JsonObject answer = new JsonObject().put("event", eventId).put("id", id.toString()).put("token", token)
        .put("email", v.email()).put("name", v.name()).put("response", v.response())
        .put("guests", v.guests()).put("listed", p.listed()).put("share_email", p.shareEmail())
        .put("headline", p.headline()).put("company", p.company()).put("profile_url", p.url())
        .put("goals", new JsonArray(p.goals())).put("topics", new JsonArray(p.topics()))
        .put("answers", v.answers());
    return answers.submit(eventId, answer).onSuccess(r -> {
      if (r.status() != null) seatsChanged.accept(eventId);
    }).compose(r -> {
      if (r.missing()) return Future.failedFuture(Problem.notFound());
      if (r.closed() != null) {
        return Future.failedFuture(Problem.conflict("rsvp_closed", closedReason(r.closed())));
      }
      if (r.status() == null) return alreadyRegistered(eventId, v.email());
      return Future.succeededFuture(new Created(new Rsvp(id, eventId, token, v.email(), v.name(),
          v.response(), r.status(), v.guests(), r.arrival(), p, true, r.created(), r.created(),
          null, r.position(), null, null, v.answers())));
    });
  }

  /** What the answer statement decided for one answer; status null: the email had answered. */
  private record Placed(UUID id, boolean missing, String closed, String status, Long arrival,
                        Instant created, Integer position) {
    static Placed of(Row r) {
      Long position = r.getLong("position");
      return new Placed(r.getUUID("id"), r.getBoolean("missing"), r.getString("closed"),
          r.getString("status"), r.getLong("arrival"), RsvpStore.instant(r.getOffsetDateTime("created_at")),
          position == null ? null : position.intValue());
    }

    Placed standing(String status, Integer position) {
      return new Placed(id, missing, closed, status, arrival, created, position);
    }
  }

  /** The most answers one statement stores; bounds the statement's size and its lock time. */
  static final int MAX_BATCH = 32;
  /**
   * Shared transactions (GroupCommit) running at once on this node. One ANSWER statement answers
   * for every event it carries, so fewer in flight means more answers per statement and fewer
   * commits: over 1,000 events (bench/run.sh, spread) 2, 3, 4, 6, 8 and 16 stored 1.9k, 2.1k,
   * 2.5-2.7k, 1.4k, 1.3k and 1.2k answers/s; 64 batches per statement instead of 32 did not help.
   */
  static final int SHARED_IN_FLIGHT = 4;
  /**
   * Batches for one event running at once on this node. One: the next batch forms while the last
   * one commits, so batches grow with the crowd, and each sees the waitlist its predecessor
   * wrote, so the positions a node hands out are exact. (Four in flight measured no faster over
   * HTTP, with smaller batches.) Other nodes' batches run beside it; there the position is the
   * line as this statement saw it, and the manage page and mails show the live one.
   */
  static final int BATCHES_IN_FLIGHT = 1;

  /** Stores a batch of answers for one event: one result per answer, in their order. */
  private Future<List<Placed>> answerAll(String eventId, List<JsonObject> batch) {
    // Batches for other events that arrive meanwhile share the transaction, its commit and its
    // ANSWER statement (GroupCommit, answerTogether): a crowd spread over many events pays one
    // WAL flush and one statement for many answers.
    return commits.submit(eventId, batch).compose(decided -> {
      // Seats were locked but not handed out (no party left in the batch fit them, or an email
      // answered meanwhile through another node). Others skipped them and may have joined the
      // waitlist: promote now, under the exclusive lock, which waits for them to commit.
      boolean heldSeatsBack = decided.got() > decided.seated();
      return heldSeatsBack ? promoteAfter(eventId, decided.placed())
          : Future.succeededFuture(decided.placed());
    });
  }

  /** What ANSWER decided for one event's batch, and how many seats it locked and handed out. */
  private record Decided(List<Placed> placed, long got, long seated) {}

  /**
   * One transaction's batches, in GroupCommit's order: their locks, then one ANSWER for all of
   * them, sent in one round trip with GroupCommit's BEGIN and COMMIT. If ANSWER fails,
   * PostgreSQL answers the COMMIT with a rollback and each event's batch is tried again alone.
   */
  private static Future<List<Decided>> answerTogether(SqlConnection conn,
                                                      List<GroupCommit.Piece<List<JsonObject>>> pieces) {
    String[] events = new String[pieces.size()];
    JsonArray all = new JsonArray();
    for (int i = 0; i < events.length; i++) {
      events[i] = pieces.get(i).key();
      for (JsonObject a : pieces.get(i).input()) all.add(a);
    }
    Future<?> lock = conn.preparedQuery(BEGIN_ANSWER).execute(Tuple.of(events));
    Future<RowSet<Row>> answer = conn.preparedQuery(ANSWER).execute(Tuple.of(all));
    return Future.join(lock, answer).transform(ar -> {
      if (lock.failed()) return Future.failedFuture(lock.cause());
      if (answer.failed()) return Future.failedFuture(answer.cause());
      // one row per answer, in the order sent: each batch's rows follow one another
      RowIterator<Row> rows = answer.result().iterator();
      List<Decided> out = new ArrayList<>(pieces.size());
      for (GroupCommit.Piece<List<JsonObject>> p : pieces) {
        // got and seated are the event's, the same on each of its rows
        List<Placed> placed = new ArrayList<>(p.input().size());
        Row r = null;
        for (int k = 0; k < p.input().size(); k++) {
          r = rows.next();
          placed.add(Placed.of(r));
        }
        out.add(new Decided(placed, r.getLong("got"), r.getLong("seated")));
      }
      return Future.succeededFuture(out);
    });
  }

  /**
   * Promotes after a batch is committed. The answers are stored whatever happens here, so a
   * failure is logged, not reported to them (the next change to the event promotes again); a
   * promotion moves the line, so the batch's waitlisted answers are read again.
   */
  private Future<List<Placed>> promoteAfter(String eventId, List<Placed> placed) {
    List<UUID> waiting = new ArrayList<>();
    for (Placed p : placed) if (Rsvp.WAITLISTED.equals(p.status())) waiting.add(p.id());
    return promoteNow(eventId).compose(promoted -> promoted.isEmpty() || waiting.isEmpty()
        ? Future.succeededFuture(placed)
        : pool.preparedQuery(STANDING).execute(Tuple.of(waiting.toArray(new UUID[0])))
            .map(rows -> {
              Map<UUID, Placed> now = new HashMap<>();
              for (Placed p : placed) now.put(p.id(), p);
              for (Row r : rows) {
                Long position = r.getLong("position");
                now.computeIfPresent(r.getUUID("id"), (id, p) -> p.standing(r.getString("status"),
                    position == null ? null : position.intValue()));
              }
              List<Placed> out = new ArrayList<>(placed.size());
              for (Placed p : placed) out.add(now.get(p.id()));
              return out;
            }))
        .recover(e -> {
          log.warn("promoting after new RSVPs for event {} failed; the next change promotes",
              eventId, Redact.scrubbed(e));
          return Future.succeededFuture(placed);
        });
  }

  /**
   * The shared seat lock of every event in $1 (in the order given: GroupCommit's, the same on
   * every node), and the generic plan for the rest of this transaction. PostgreSQL keeps
   * re-planning ANSWER for every call (its generic plan's estimated cost looks worse than the
   * custom plans', though the plan is the same index walk), and that planning took 1.9 ms of the
   * statement's 4.9 ms under a flash crowd.
   */
  static final String BEGIN_ANSWER = "SELECT count(" + SeatStore.lockSharedCall("e") + "),"
      + " set_config('plan_cache_mode', 'force_generic_plan', true)"
      + " FROM (SELECT e FROM unnest($1::text[]) WITH ORDINALITY AS u(e, n) ORDER BY n OFFSET 0) s";

  /**
   * $1 a JSON array of answers in arrival order, each naming its event: one statement for the
   * answers to many events (most of what a statement costs is the same for 1 answer or 30). For
   * each event on its own, each answer is decided as if it had come alone, in that order: a
   * going party takes its seats if enough are left, else joins the waitlist, and a later,
   * smaller party may still fit. One result row per answer; status is null where the email had
   * already answered.
   */
  static final String ANSWER = """
      WITH RECURSIVE input AS (
        -- an answer that will not be stored (a repeat in this batch, or an email the event
        -- already has) asks for no seats; eord: its place among its event's answers
        SELECT a.*, row_number() OVER (PARTITION BY a.event ORDER BY a.ord) AS eord,
               CASE WHEN a.response = 'going' AND k.known IS NULL
                         AND row_number() OVER (PARTITION BY a.event, a.email ORDER BY a.ord) = 1
                    THEN 1 + a.guests ELSE 0 END AS need
        FROM ROWS FROM (jsonb_to_recordset($1) AS (event text, id uuid, token text, email text,
               name text, response text, guests int, listed boolean, share_email boolean,
               headline text, company text, profile_url text, goals text[], topics text[],
               answers jsonb))
             WITH ORDINALITY AS a(event, id, token, email, name, response, guests, listed,
               share_email, headline, company, profile_url, goals, topics, answers, ord)
          -- one index probe per answer (as NOT EXISTS, PostgreSQL hashed all the event's emails)
          LEFT JOIN LATERAL (SELECT true AS known FROM rsvps r
                             WHERE r.event_id = a.event AND r.email = a.email LIMIT 1) k ON true
      ), ev AS (
        SELECT e.id, e.capacity, e.approval,
               CASE WHEN e.status = 'cancelled' THEN 'cancelled'
                    WHEN e.status = 'draft' THEN 'draft'
                    WHEN e.starts_at <= now() THEN 'started'
                    WHEN e.rsvp_deadline IS NOT NULL AND e.rsvp_deadline <= now() THEN 'deadline'
               END AS closed,
               -- with approval on, a going answer waits for an organizer and takes no seat
               CASE WHEN e.capacity IS NULL OR e.approval THEN 0
                    ELSE (SELECT coalesce(sum(i.need), 0) FROM input i WHERE i.event = e.id) END AS need,
               -- a random place to start looking: concurrent batches spread over the seat rows
               -- instead of all skipping the same locked and already-taken rows at the front
               1 + floor(random() * coalesce(e.capacity, 1))::int AS start
        FROM events e WHERE e.id IN (SELECT event FROM input)
      ), after_start AS (
        SELECT ev.id AS event, s.seat_no FROM ev CROSS JOIN LATERAL (
          SELECT s.seat_no FROM seats s
          WHERE s.event_id = ev.id AND s.rsvp_id IS NULL AND s.seat_no >= ev.start
          ORDER BY s.seat_no LIMIT ev.need
          FOR UPDATE SKIP LOCKED) s
        WHERE ev.need > 0 AND ev.closed IS NULL
      ), before_start AS (
        SELECT ev.id AS event, s.seat_no FROM ev CROSS JOIN LATERAL (
          SELECT s.seat_no FROM seats s
          WHERE s.event_id = ev.id AND s.rsvp_id IS NULL AND s.seat_no < ev.start
          ORDER BY s.seat_no
          LIMIT greatest(0, ev.need - (SELECT count(*) FROM after_start a WHERE a.event = ev.id))
          FOR UPDATE SKIP LOCKED) s
        WHERE ev.need > 0 AND ev.closed IS NULL
      ), want AS (
        SELECT event, seat_no, row_number() OVER (PARTITION BY event ORDER BY seat_no) AS rank
        FROM (SELECT event, seat_no FROM after_start
              UNION ALL SELECT event, seat_no FROM before_start) w
      ), got AS (
        SELECT ev.id AS event, (SELECT count(*) FROM want w WHERE w.event = ev.id) AS seats FROM ev
      ), walk (event, eord, upto, fits) AS (
        -- each event's answers in order: seats 1..upto of those locked are handed out so far
        SELECT event, 0::bigint, 0::bigint, false FROM got
        UNION ALL
        SELECT w.event, i.eord, w.upto + CASE WHEN f.fits THEN i.need ELSE 0 END, f.fits
        FROM walk w JOIN input i ON i.event = w.event AND i.eord = w.eord + 1
          JOIN got g ON g.event = w.event
          CROSS JOIN LATERAL (SELECT i.need > 0 AND w.upto + i.need <= g.seats AS fits) f
      ), decided AS (
        SELECT i.*, w.upto, CASE WHEN i.response = 'going' AND ev.approval THEN 'pending'
                                 WHEN i.response <> 'going' OR ev.capacity IS NULL THEN i.response
                                 WHEN w.fits THEN 'going' ELSE 'waitlisted' END AS status
        FROM input i JOIN walk w ON w.event = i.event AND w.eord = i.eord
          JOIN ev ON ev.id = i.event
        WHERE ev.closed IS NULL
      ), ins AS (
        INSERT INTO rsvps (id, event_id, token, email, name, response, status, guests, listed,
          share_email, headline, company, profile_url, goals, topics, answers)
        SELECT id, event, token, email, name, response, status, guests, listed, share_email,
               headline, company, profile_url, coalesce(goals, '{}'), coalesce(topics, '{}'),
               coalesce(answers, '{}')
        FROM decided ORDER BY ord
        ON CONFLICT (event_id, email) DO NOTHING
        RETURNING id, event_id, status, arrival, created_at
      ), placed AS (
        -- everyone visible on the waitlist arrived before this statement drew its numbers
        SELECT ins.*, CASE WHEN ins.status = 'waitlisted' THEN
                 (SELECT count(*) FROM rsvps w WHERE w.event_id = ins.event_id AND w.status = 'waitlisted')
                 + row_number() OVER (PARTITION BY ins.event_id, ins.status = 'waitlisted'
                                      ORDER BY ins.arrival)
               END AS position
        FROM ins
      ), seated AS (
        UPDATE seats s SET rsvp_id = d.id
        FROM want w, decided d
        WHERE s.event_id = d.event AND w.event = d.event AND s.seat_no = w.seat_no
          AND w.rank > d.upto - d.need AND w.rank <= d.upto
          AND d.status = 'going' AND d.id IN (SELECT id FROM ins)
        RETURNING s.event_id
      ), mailed AS (
        INSERT INTO outbox (kind, event_id, rsvp_id, recipient, payload)
        SELECT CASE WHEN p.status = 'waitlisted' THEN 'waitlisted'
                    WHEN p.status = 'pending' THEN 'rsvp_pending' ELSE 'rsvp_confirmation' END,
               p.event_id, p.id, d.email,
               jsonb_build_object('status', p.status, 'previousStatus', NULL, 'position', p.position)
        FROM placed p JOIN decided d ON d.id = p.id
      )
      SELECT i.id, ev.id IS NULL AS missing, ev.closed, placed.status, placed.arrival,
             placed.created_at, placed.position, coalesce(g.seats, 0) AS got,
             (SELECT count(*) FROM seated s WHERE s.event_id = i.event) AS seated
      FROM input i LEFT JOIN ev ON ev.id = i.event LEFT JOIN got g ON g.event = i.event
        LEFT JOIN placed ON placed.id = i.id
      ORDER BY i.ord""";

  private static String closedReason(String closed) {
    return switch (closed) {
      case "cancelled" -> "This event was cancelled, so RSVPs are closed.";
      case "draft" -> "This event is not published yet.";
      case "started" -> "This event has already started, so RSVPs are closed.";
      default -> "The RSVP deadline has passed.";
    };
  }

  /** The first answer is committed (the conflict waited for it), so a new statement sees it. */
  private Future<Outcome> alreadyRegistered(String eventId, String email) {
    return pool.withTransaction(conn -> conn.preparedQuery(EXISTING)
        .execute(Tuple.of(eventId, email)).compose(rows -> {
          // erased between the conflict and this read: nothing left to send a link to
          if (rows.size() == 0) return Future.succeededFuture((Outcome) new AlreadyRegistered());
          UUID existing = rows.iterator().next().getUUID("id");
          // Anyone can type anyone's address: the notice helps its owner find their link, so
          // it goes at most once an hour per address and event, and counts against the mail an
          // address gets without asking for it. The answer is the same either way.
          return MailQuotaStore.take(conn, "already:" + eventId + " " + email,
                  limits.alreadyRegisteredMailsPerHour(), Duration.ofHours(1))
              .compose(ok -> ok ? MailQuotaStore.take(conn, "unasked:" + email,
                  limits.unaskedMailsPerAddressPerDay(), Duration.ofDays(1)) : Future.succeededFuture(false))
              .compose(ok -> ok
                  ? OutboxStore.enqueue(conn, Outbox.ALREADY_REGISTERED, eventId, existing, email, null)
                  : Future.<Void>succeededFuture())
              .map(x -> (Outcome) new AlreadyRegistered());
        }));
  }

  /** Promotes in its own transaction (after a commit that gave seats back). */
  private Future<List<UUID>> promoteNow(String eventId) {
    return pool.withTransaction(conn -> seats.lockExclusive(conn, eventId)
        .compose(x -> seats.promote(conn, eventId)));
  }
}
