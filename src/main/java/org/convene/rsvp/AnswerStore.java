package org.convene.rsvp;

import org.convene.core.Config;
import org.convene.outbox.MailQuotaStore;
import org.convene.outbox.OutboxStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
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
  private final GroupCommit commits;
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
    // Shared transactions running at once: one per pooled connection. The pieces of one run one
    // after another in its backend, so fewer (4, 8) left PostgreSQL's second core idle and
    // measured slower over 1,000 events (bench/run.sh: 618 and 829 answers/s against 1,153).
    this.commits = new GroupCommit(pool, Math.max(1, limits.dbPoolSize()), MAX_BATCH);
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
    JsonObject answer = new JsonObject().put("id", id.toString()).put("token", token)
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
   * Batches for one event running at once on this node. One: the next batch forms while the last
   * one commits, so batches grow with the crowd, and each sees the waitlist its predecessor
   * wrote, so the positions a node hands out are exact. (Four in flight measured no faster over
   * HTTP, with smaller batches.) Other nodes' batches run beside it; there the position is the
   * line as this statement saw it, and the manage page and mails show the live one.
   */
  static final int BATCHES_IN_FLIGHT = 1;

  /** Stores a batch of answers for one event: one result per answer, in their order. */
  private Future<List<Placed>> answerAll(String eventId, List<JsonObject> batch) {
    Tuple args = Tuple.of(eventId, new JsonArray(new ArrayList<>(batch)));
    // Answers to other events that arrive meanwhile share the transaction and its commit
    // (GroupCommit): a crowd spread over many events pays one WAL flush for many answers. The
    // whole transaction goes out in one round trip; if ANSWER fails, PostgreSQL answers the
    // COMMIT with a rollback and each event's batch is tried again alone.
    return commits.submit(eventId, conn -> {
      Future<?> lock = conn.preparedQuery(BEGIN_ANSWER).execute(Tuple.of(eventId));
      Future<RowSet<Row>> answer = conn.preparedQuery(ANSWER).execute(args);
      return Future.join(lock, answer).transform(ar -> lock.failed()
          ? Future.failedFuture(lock.cause()) : answer);
    }).compose(rows -> {
      List<Placed> placed = new ArrayList<>(rows.size());
      Row first = rows.iterator().next();
      rows.forEach(r -> placed.add(Placed.of(r)));
      // Seats were locked but not handed out (no party left in the batch fit them, or an email
      // answered meanwhile through another node). Others skipped them and may have joined the
      // waitlist: promote now, under the exclusive lock, which waits for them to commit.
      boolean heldSeatsBack = first.getLong("got") > first.getLong("seated");
      return heldSeatsBack ? promoteAfter(eventId, placed) : Future.succeededFuture(placed);
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
   * The shared seat lock, and the generic plan for the rest of this transaction. PostgreSQL keeps
   * re-planning ANSWER for every call (its generic plan's estimated cost looks worse than the
   * custom plans', though the plan is the same index walk), and that planning took 1.9 ms of the
   * statement's 4.9 ms under a flash crowd.
   */
  static final String BEGIN_ANSWER = "SELECT " + SeatStore.LOCK_SHARED_CALL
      + ", set_config('plan_cache_mode', 'force_generic_plan', true)";

  /**
   * $1 the event, $2 a JSON array of answers in arrival order. Each is decided as if it had come
   * alone, in that order: a going party takes its seats if enough are left, else joins the
   * waitlist, and a later, smaller party may still fit. One result row per answer; status is null
   * where the email had already answered.
   */
  static final String ANSWER = """
      WITH RECURSIVE input AS (
        -- an answer that will not be stored (a repeat in this batch, or an email the event
        -- already has) asks for no seats
        SELECT a.*, CASE WHEN a.response = 'going' AND k.known IS NULL
                              AND row_number() OVER (PARTITION BY a.email ORDER BY a.ord) = 1
                         THEN 1 + a.guests ELSE 0 END AS need
        FROM ROWS FROM (jsonb_to_recordset($2) AS (id uuid, token text, email text, name text,
               response text, guests int, listed boolean, share_email boolean, headline text,
               company text, profile_url text, goals text[], topics text[], answers jsonb))
             WITH ORDINALITY AS a(id, token, email, name, response, guests, listed, share_email,
               headline, company, profile_url, goals, topics, answers, ord)
          -- one index probe per answer (as NOT EXISTS, PostgreSQL hashed all the event's emails)
          LEFT JOIN LATERAL (SELECT true AS known FROM rsvps r
                             WHERE r.event_id = $1 AND r.email = a.email LIMIT 1) k ON true
      ), ev AS (
        SELECT capacity, approval,
               CASE WHEN status = 'cancelled' THEN 'cancelled'
                    WHEN status = 'draft' THEN 'draft'
                    WHEN starts_at <= now() THEN 'started'
                    WHEN rsvp_deadline IS NOT NULL AND rsvp_deadline <= now() THEN 'deadline'
               END AS closed,
               -- with approval on, a going answer waits for an organizer and takes no seat
               CASE WHEN capacity IS NULL OR approval THEN 0
                    ELSE (SELECT coalesce(sum(need), 0) FROM input) END AS need
        FROM events WHERE id = $1
      ), start AS (
        -- a random place to start looking: concurrent batches spread over the seat rows instead
        -- of all skipping the same locked and already-taken rows at the front
        SELECT 1 + floor(random() * coalesce(capacity, 1))::int AS seat FROM ev
      ), after_start AS (
        SELECT s.seat_no FROM seats s
        WHERE s.event_id = $1 AND s.rsvp_id IS NULL AND (SELECT need FROM ev) > 0
          AND s.seat_no >= (SELECT seat FROM start) AND (SELECT closed FROM ev) IS NULL
        ORDER BY s.seat_no LIMIT (SELECT need FROM ev)
        FOR UPDATE SKIP LOCKED
      ), before_start AS (
        SELECT s.seat_no FROM seats s
        WHERE s.event_id = $1 AND s.rsvp_id IS NULL AND (SELECT need FROM ev) > 0
          AND s.seat_no < (SELECT seat FROM start) AND (SELECT closed FROM ev) IS NULL
        ORDER BY s.seat_no
        LIMIT greatest(0, (SELECT need FROM ev) - (SELECT count(*) FROM after_start))
        FOR UPDATE SKIP LOCKED
      ), want AS (
        SELECT seat_no, row_number() OVER (ORDER BY seat_no) AS rank
        FROM (SELECT seat_no FROM after_start UNION ALL SELECT seat_no FROM before_start) w
      ), got AS (
        SELECT count(*) AS seats FROM want
      ), walk (ord, upto, fits) AS (
        -- the answers in order: seats 1..upto of those locked are handed out so far
        SELECT 0::bigint, 0::bigint, false
        UNION ALL
        SELECT i.ord, w.upto + CASE WHEN f.fits THEN i.need ELSE 0 END, f.fits
        FROM walk w JOIN input i ON i.ord = w.ord + 1
          CROSS JOIN LATERAL (SELECT i.need > 0 AND w.upto + i.need <= got.seats AS fits
                              FROM got) f
      ), decided AS (
        SELECT i.*, w.upto, CASE WHEN i.response = 'going' AND ev.approval THEN 'pending'
                                 WHEN i.response <> 'going' OR ev.capacity IS NULL THEN i.response
                                 WHEN w.fits THEN 'going' ELSE 'waitlisted' END AS status
        FROM input i JOIN walk w ON w.ord = i.ord, ev WHERE ev.closed IS NULL
      ), ins AS (
        INSERT INTO rsvps (id, event_id, token, email, name, response, status, guests, listed,
          share_email, headline, company, profile_url, goals, topics, answers)
        SELECT id, $1, token, email, name, response, status, guests, listed, share_email,
               headline, company, profile_url, coalesce(goals, '{}'), coalesce(topics, '{}'),
               coalesce(answers, '{}')
        FROM decided ORDER BY ord
        ON CONFLICT (event_id, email) DO NOTHING
        RETURNING id, status, arrival, created_at
      ), placed AS (
        -- everyone visible on the waitlist arrived before this statement drew its numbers
        SELECT ins.*, CASE WHEN ins.status = 'waitlisted' THEN
                 (SELECT count(*) FROM rsvps w WHERE w.event_id = $1 AND w.status = 'waitlisted')
                 + row_number() OVER (PARTITION BY ins.status = 'waitlisted' ORDER BY ins.arrival)
               END AS position
        FROM ins
      ), seated AS (
        UPDATE seats s SET rsvp_id = d.id
        FROM want w, decided d
        WHERE s.event_id = $1 AND s.seat_no = w.seat_no
          AND w.rank > d.upto - d.need AND w.rank <= d.upto
          AND d.status = 'going' AND d.id IN (SELECT id FROM ins)
        RETURNING s.seat_no
      ), mailed AS (
        INSERT INTO outbox (kind, event_id, rsvp_id, recipient, payload)
        SELECT CASE WHEN p.status = 'waitlisted' THEN 'waitlisted'
                    WHEN p.status = 'pending' THEN 'rsvp_pending' ELSE 'rsvp_confirmation' END,
               $1, p.id, d.email,
               jsonb_build_object('status', p.status, 'previousStatus', NULL, 'position', p.position)
        FROM placed p JOIN decided d ON d.id = p.id
      )
      SELECT i.id, NOT EXISTS (SELECT 1 FROM ev) AS missing, (SELECT closed FROM ev) AS closed,
             placed.status, placed.arrival, placed.created_at, placed.position,
             (SELECT seats FROM got) AS got,
             (SELECT count(*) FROM seated) AS seated
      FROM input i LEFT JOIN placed ON placed.id = i.id
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
