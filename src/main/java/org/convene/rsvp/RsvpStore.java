package org.convene.rsvp;

import org.convene.outbox.OutboxStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.convene.outbox.Outbox;
import org.convene.core.Problem;
import org.convene.events.Event;

/**
 * RSVPs once they exist: reading them, changing, cancelling, removing and promoting by hand (new
 * answers are {@link AnswerStore}'s). The locking protocol is in {@link SeatStore}: changes that
 * free seats or reorder the line take the event's seat lock exclusively and promote from the
 * waitlist in the same transaction. Every mail an RSVP causes is written to the outbox in that
 * same transaction.
 */
public final class RsvpStore {
  static final String COLUMNS = """
      r.id, r.event_id, r.token, r.email, r.name, r.response, r.status, r.guests, r.arrival,
      r.listed, r.share_email, r.headline, r.company, r.profile_url, r.goals, r.topics,
      r.reminders, r.created_at, r.updated_at, r.checked_in_at, r.verified_at,
      r.offer_expires_at, r.answers""";
  static final String POSITION = """
      CASE WHEN r.status = 'waitlisted' THEN (SELECT count(*) FROM rsvps w
        WHERE w.event_id = r.event_id AND w.status = 'waitlisted' AND w.arrival < r.arrival) + 1
      END AS position""";
  private static final String BY_TOKEN = "SELECT " + COLUMNS + ", " + POSITION
      + " FROM rsvps r WHERE r.token = $1";
  private static final String BY_ID = "SELECT " + COLUMNS + ", " + POSITION
      + " FROM rsvps r WHERE r.id = $1";
  // The first use of the private link proves the address (see V9): only its owner got the mail.
  private static final String VERIFY = """
      UPDATE rsvps SET verified_at = now() WHERE id = $1 AND verified_at IS NULL
      RETURNING verified_at""";
  private static final String EVENT_OF_TOKEN = "SELECT id, event_id FROM rsvps WHERE token = $1";
  private static final String LOCK_RSVP = "SELECT id FROM rsvps WHERE id = $1 FOR UPDATE";
  private static final String SET_STATUS = """
      UPDATE rsvps SET status = $2, status_changed_at = now(), updated_at = now(),
        offer_expires_at = CASE WHEN $2 = 'offered' THEN offer_expires_at END
      WHERE id = $1""";
  private static final String UPDATE = """
      UPDATE rsvps SET name = $2, response = $3, status = $4, guests = $5, listed = $6,
        share_email = $7, headline = $8, company = $9, profile_url = $10, goals = $11,
        topics = $12, answers = $14, updated_at = now(),
        status_changed_at = CASE WHEN status <> $4 THEN now() ELSE status_changed_at END,
        offer_expires_at = CASE WHEN $4 = 'offered' THEN offer_expires_at END,
        arrival = CASE WHEN $13 THEN nextval('rsvp_arrival') ELSE arrival END
      WHERE id = $1""";
  private static final String LIST = "SELECT " + COLUMNS + """
      , CASE WHEN r.status = 'waitlisted'
          THEN row_number() OVER (PARTITION BY r.status ORDER BY r.arrival) END AS position
      FROM rsvps r WHERE r.event_id = $1
      ORDER BY CASE r.status WHEN 'pending' THEN -1 WHEN 'going' THEN 0 WHEN 'offered' THEN 1
        WHEN 'waitlisted' THEN 1 WHEN 'maybe' THEN 2 WHEN 'not_going' THEN 3 ELSE 4 END,
        r.arrival""";
  // One page in arrival order, the cursor being the last arrival seen: arrivals come from one
  // sequence, so the order is total and a page never repeats or skips a row that stays put.
  private static final String PAGE = "SELECT " + COLUMNS + ", " + POSITION + """

      FROM rsvps r WHERE r.event_id = $1 AND r.arrival > $2
      ORDER BY r.arrival LIMIT $3""";
  private static final String COUNTS = """
      SELECT count(*) FILTER (WHERE status = 'going') AS going,
             coalesce(sum(1 + guests) FILTER (WHERE status = 'going'), 0) AS going_seats,
             count(*) FILTER (WHERE status = 'waitlisted') AS waitlisted,
             coalesce(sum(1 + guests) FILTER (WHERE status = 'waitlisted'), 0) AS waitlisted_seats,
             count(*) FILTER (WHERE status = 'maybe') AS maybe,
             count(*) FILTER (WHERE status = 'not_going') AS not_going,
             count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
             count(*) FILTER (WHERE status = 'pending') AS pending,
             count(*) FILTER (WHERE status = 'declined') AS declined,
             count(*) FILTER (WHERE status = 'offered') AS offered,
             coalesce(sum(1 + guests) FILTER (WHERE status = 'offered'), 0) AS offered_seats
      FROM rsvps WHERE event_id = $1""";

  private final Pool pool;
  private final SeatStore seats;

  public RsvpStore(Pool pool, SeatStore seats) {
    this.pool = pool;
    this.seats = seats;
  }

  // ---- reading ----

  /**
   * The RSVP behind a private link, as its holder opens it. The link went by mail only to the
   * RSVP's address, so its first use verifies that address (and from then on the person's sharing
   * choices count). Every page and call that takes a manage token reads it through here.
   */
  private java.util.function.Consumer<String> seatsChanged = eventId -> {};

  /**
   * Told after every committed change of who holds seats (the public event page shows seats
   * left, and this node drops its copy at once; other nodes refresh theirs within seconds).
   */
  public RsvpStore onSeatsChanged(java.util.function.Consumer<String> listener) {
    this.seatsChanged = listener;
    return this;
  }

  private Future<Rsvp> touched(Future<Rsvp> change) {
    return change.onSuccess(r -> {
      if (r != null) seatsChanged.accept(r.eventId());
    });
  }

  public Future<Rsvp> byToken(String token) {
    return open(token).map(o -> o == null ? null : o.rsvp());
  }

  /** An RSVP opened through its private link; {@code firstTime}: this opening verified it. */
  public record Opened(Rsvp rsvp, boolean firstTime) {}

  /** As {@link #byToken}, saying whether this was the first use of the link. */
  public Future<Opened> open(String token) {
    if (token == null || token.length() < 16 || token.length() > 64) {
      return Future.succeededFuture(null);
    }
    return pool.preparedQuery(BY_TOKEN).execute(Tuple.of(token)).map(RsvpStore::first)
        .compose(r -> {
          if (r == null) return Future.succeededFuture(null);
          if (r.verified()) return Future.succeededFuture(new Opened(r, false));
          return pool.preparedQuery(VERIFY).execute(Tuple.of(r.id())).map(rows -> rows.size() == 0
              ? new Opened(r, false)
              : new Opened(r.withVerifiedAt(rows.iterator().next()
                  .getOffsetDateTime("verified_at").toInstant()), true));
        });
  }

  public Future<Rsvp> byId(UUID id) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(RsvpStore::first);
  }

  /** A page of the event's RSVPs in arrival order after {@code afterArrival} (0: from the start). */
  public Future<List<Rsvp>> page(String eventId, long afterArrival, int limit) {
    return pool.preparedQuery(PAGE).execute(Tuple.of(eventId, afterArrival, limit)).map(rows -> {
      List<Rsvp> out = new ArrayList<>();
      for (Row r : rows) out.add(rsvp(r));
      return out;
    });
  }

  public Future<List<Rsvp>> list(String eventId) {
    return pool.preparedQuery(LIST).execute(Tuple.of(eventId)).map(rows -> {
      List<Rsvp> out = new ArrayList<>();
      for (Row r : rows) out.add(rsvp(r));
      return out;
    });
  }

  public Future<JsonObject> counts(String eventId, Integer capacity) {
    return pool.preparedQuery(COUNTS).execute(Tuple.of(eventId)).map(rows -> {
      Row r = rows.iterator().next();
      long goingSeats = r.getLong("going_seats");
      long offeredSeats = r.getLong("offered_seats");
      return new JsonObject()
          .put("going", r.getLong("going"))
          .put("goingSeats", goingSeats)
          .put("waitlisted", r.getLong("waitlisted"))
          .put("waitlistedSeats", r.getLong("waitlisted_seats"))
          .put("maybe", r.getLong("maybe"))
          .put("notGoing", r.getLong("not_going"))
          .put("cancelled", r.getLong("cancelled"))
          .put("pending", r.getLong("pending"))
          .put("declined", r.getLong("declined"))
          .put("offered", r.getLong("offered"))
          .put("offeredSeats", offeredSeats)
          .put("capacity", capacity)
          .put("seatsLeft", capacity == null ? null
              : Math.max(0, capacity - goingSeats - offeredSeats));
    });
  }

  /**
   * Changes an RSVP through its manage link (web form or PATCH). Fewer seats or another answer
   * frees seats at once and promotes the next in line.
   */
  public Future<Rsvp> change(String token, RsvpRules.Input in,
                             Function<Rsvp, Future<Event>> eventOf) {
    return touched(pool.preparedQuery(EVENT_OF_TOKEN).execute(Tuple.of(token)).compose(found -> {
      if (found.size() == 0) return Future.failedFuture(Problem.notFound());
      String eventId = found.iterator().next().getString("event_id");
      UUID id = found.iterator().next().getUUID("id");
      return pool.withTransaction(conn -> seats.lockExclusive(conn, eventId)
          .compose(x -> conn.preparedQuery(LOCK_RSVP).execute(Tuple.of(id)))
          .compose(x -> loadIn(conn, id))
          .compose(current -> eventOf.apply(current).compose(event -> {
            RsvpRules.Checked c = RsvpRules.checkChange(in, current, event);
            if (!c.ok()) return Future.failedFuture(Problem.invalid(c.errors()));
            return applyChange(conn, event, current, c.rsvp());
          })));
    }));
  }

  private Future<Rsvp> applyChange(SqlConnection conn, Event event,
                                   Rsvp cur, RsvpRules.Valid v) {
    if (Rsvp.DECLINED.equals(cur.status())) {
      return Future.failedFuture(Problem.conflict("rsvp_declined",
          "The organizers declined this RSVP, so it cannot be changed. You can still cancel it."));
    }
    boolean wantsSeats = Rsvp.GOING.equals(v.response());
    boolean hadSeats = cur.holdsSeats();
    String closed = event.rsvpClosedReason(Instant.now());
    boolean inLine = List.of(Rsvp.GOING, Rsvp.WAITLISTED, Rsvp.OFFERED, Rsvp.PENDING)
        .contains(cur.status());
    boolean asksForMore = wantsSeats && (!inLine || v.guests() > cur.guests());
    if (closed != null && asksForMore) {
      return Future.failedFuture(Problem.conflict("rsvp_closed", closed));
    }
    Integer capacity = event.capacity();
    Future<String> status;
    boolean rejoin = false;
    if (!wantsSeats) {
      status = (hadSeats ? seats.releaseAll(conn, cur.id()) : Future.<Void>succeededFuture())
          .map(v.response());
    } else if (cur.holdsSeats()) {
      // going, or holding an offered seat: more or fewer guests, the same standing
      String same = cur.status();
      int delta = v.guests() - cur.guests();
      if (capacity == null || delta == 0) {
        status = Future.succeededFuture(same);
      } else if (delta < 0) {
        status = seats.release(conn, event.id(), cur.id(), -delta).map(same);
      } else {
        status = seats.claim(conn, event.id(), cur.id(), delta).compose(got -> got == delta
            ? Future.succeededFuture(same)
            : Future.failedFuture(Problem.conflict("not_enough_seats",
                "Only " + got + " more seat" + (got == 1 ? " is" : "s are")
                    + " free, so your guests could not be added.")));
      }
    } else if (Rsvp.WAITLISTED.equals(cur.status()) || Rsvp.PENDING.equals(cur.status())) {
      status = Future.succeededFuture(cur.status());
    } else if (event.approval()) {
      // coming back to an event with approval on: the organizers decide again
      rejoin = true;
      status = Future.succeededFuture(Rsvp.PENDING);
    } else {
      rejoin = true;
      int need = 1 + v.guests();
      status = capacity == null ? Future.succeededFuture(Rsvp.GOING)
          : seats.claim(conn, event.id(), cur.id(), need).compose(got -> got == need
              ? Future.succeededFuture(Rsvp.GOING)
              : seats.releaseAll(conn, cur.id()).map(Rsvp.WAITLISTED));
    }
    boolean newArrival = rejoin;
    Rsvp.Profile p = v.profile();
    return status.compose(s -> conn.preparedQuery(UPDATE).execute(Tuple.from(Arrays.asList(
            cur.id(), v.name(), v.response(), s, v.guests(), p.listed(), p.shareEmail(),
            p.headline(), p.company(), p.url(), p.goals().toArray(new String[0]),
            p.topics().toArray(new String[0]), newArrival, v.answers())))
        .compose(x -> seats.promote(conn, event.id()))
        .compose(x -> loadIn(conn, cur.id()))
        .compose(updated -> announce(conn, updated, cur).map(updated)));
  }

  /**
   * Reminder mails on or off (the mail feature's reminder job reads the flag); false when no
   * RSVP has that token.
   */
  public Future<Boolean> setReminders(String token, boolean on) {
    return pool.preparedQuery("UPDATE rsvps SET reminders = $2, updated_at = now() WHERE token = $1")
        .execute(Tuple.of(token, on)).map(rows -> rows.rowCount() == 1);
  }

  /** Cancels through the manage link; the seats go to the waitlist's first at once. */
  public Future<Rsvp> cancel(String token) {
    return pool.preparedQuery(EVENT_OF_TOKEN).execute(Tuple.of(token)).compose(found -> {
      if (found.size() == 0) return Future.failedFuture(Problem.notFound());
      Row f = found.iterator().next();
      return cancelById(f.getString("event_id"), f.getUUID("id"), false);
    });
  }

  /** Cancels (attendee) or removes (organizer) an RSVP, freeing its seats. */
  public Future<Rsvp> cancelById(String eventId, UUID id, boolean byOrganizer) {
    return touched(pool.withTransaction(conn -> seats.lockExclusive(conn, eventId)
        .compose(x -> conn.preparedQuery(LOCK_RSVP).execute(Tuple.of(id)))
        .compose(x -> loadIn(conn, id))
        .compose(cur -> {
          if (cur == null || !cur.eventId().equals(eventId)) {
            return Future.failedFuture(Problem.notFound());
          }
          if (Rsvp.CANCELLED.equals(cur.status())) return Future.succeededFuture(cur);
          return seats.releaseAll(conn, id)
              .compose(x -> conn.preparedQuery(SET_STATUS).execute(Tuple.of(id, Rsvp.CANCELLED)))
              .compose(x -> seats.promote(conn, eventId))
              .compose(x -> OutboxStore.enqueue(conn, Outbox.RSVP_CANCELLED, eventId, id, cur.email(),
                  new JsonObject().put("previousStatus", cur.status())
                      .put("byOrganizer", byOrganizer)))
              .compose(x -> loadIn(conn, id));
        })));
  }

  /**
   * The organizer moves a waitlisted party to going. If the free seats do not fit the party, the
   * capacity grows by exactly the missing seats (the organizer decided the room has them).
   */
  public Future<Rsvp> promoteByHand(String eventId, UUID id) {
    return touched(pool.withTransaction(conn -> seats.lockExclusive(conn, eventId)
        .compose(x -> loadIn(conn, id))
        .compose(cur -> {
          if (cur == null || !cur.eventId().equals(eventId)) {
            return Future.failedFuture(Problem.notFound());
          }
          if (!Rsvp.WAITLISTED.equals(cur.status())) {
            return Future.failedFuture(Problem.conflict("not_waitlisted",
                "Only people on the waitlist can be promoted."));
          }
          return seats.seatByHand(conn, eventId, id, cur.party())
              .compose(x -> conn.preparedQuery(SET_STATUS).execute(Tuple.of(id, Rsvp.GOING)))
              .compose(x -> seats.mailPromoted(conn, eventId, id, cur.email()))
              .compose(x -> loadIn(conn, id));
        })));
  }

  // ---- approval ----

  // The line is joined when approved, not when first answered: approvals are served in order.
  private static final String APPROVE = """
      UPDATE rsvps SET status = $2, arrival = nextval('rsvp_arrival'), status_changed_at = now(),
        updated_at = now()
      WHERE id = $1 AND status = 'pending'""";
  private static final String DECLINE = """
      UPDATE rsvps SET status = 'declined', status_changed_at = now(), updated_at = now()
      WHERE id = $1 AND event_id = $2 AND status = 'pending'
      RETURNING email""";

  /**
   * An organizer approves a pending answer: then the usual rules, a seat if the party fits the
   * free seats, else the end of the waitlist, each with its mail (the confirmation carries the
   * invite, and now the address).
   */
  public Future<Rsvp> approve(String eventId, UUID id) {
    return touched(pool.withTransaction(conn -> seats.lockExclusive(conn, eventId)
        .compose(x -> conn.preparedQuery(LOCK_RSVP).execute(Tuple.of(id)))
        .compose(x -> loadIn(conn, id))
        .compose(cur -> {
          if (cur == null || !cur.eventId().equals(eventId)) {
            return Future.failedFuture(Problem.notFound());
          }
          if (!Rsvp.PENDING.equals(cur.status())) {
            return Future.failedFuture(Problem.conflict("not_pending",
                "Only answers waiting for approval can be approved."));
          }
          return seats.seatOrQueue(conn, eventId, id, cur.party())
              .compose(status -> conn.preparedQuery(APPROVE).execute(Tuple.of(id, status)))
              .compose(x -> loadIn(conn, id))
              .compose(r -> {
                JsonObject payload = new JsonObject().put("status", r.status())
                    .put("previousStatus", Rsvp.PENDING).put("approved", true);
                if (Rsvp.WAITLISTED.equals(r.status())) {
                  return OutboxStore.enqueue(conn, Outbox.WAITLISTED, eventId, id, r.email(),
                      payload.put("position", r.waitlistPosition())).map(r);
                }
                return OutboxStore.enqueue(conn, Outbox.RSVP_CONFIRMATION, eventId, id, r.email(),
                    payload).map(r);
              });
        })));
  }

  /** An organizer declines a pending answer; the person is told, with the message if any. */
  public Future<Rsvp> decline(String eventId, UUID id, String message) {
    return touched(pool.withTransaction(conn -> conn.preparedQuery(DECLINE).execute(Tuple.of(id, eventId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return loadIn(conn, id).compose(cur -> cur == null || !cur.eventId().equals(eventId)
                ? Future.failedFuture(Problem.notFound())
                : Future.failedFuture(Problem.conflict("not_pending",
                    "Only answers waiting for approval can be declined.")));
          }
          JsonObject payload = new JsonObject().put("message", message);
          return OutboxStore.enqueue(conn, Outbox.RSVP_DECLINED, eventId, id,
                  rows.iterator().next().getString("email"), payload)
              .compose(x -> loadIn(conn, id));
        })));
  }

  // ---- claim window ----

  // The offer must still run: an accept after the window (however close) finds nothing to take.
  private static final String ACCEPT = """
      UPDATE rsvps SET status = 'going', offer_expires_at = NULL, status_changed_at = now(),
        updated_at = now()
      WHERE id = $1 AND status = 'offered' AND offer_expires_at > now()
      RETURNING email""";
  private static final String GIVE_BACK = """
      UPDATE rsvps SET status = 'not_going', response = 'not_going', guests = 0,
        offer_expires_at = NULL, status_changed_at = now(), updated_at = now()
      WHERE id = $1 AND status = 'offered'
      RETURNING email""";

  /** The person takes the seat offered to them through their link; the invite goes out. */
  public Future<Rsvp> acceptOffer(String token) {
    return touched(pool.preparedQuery(EVENT_OF_TOKEN).execute(Tuple.of(token)).compose(found -> {
      if (found.size() == 0) return Future.failedFuture(Problem.notFound());
      Row f = found.iterator().next();
      String eventId = f.getString("event_id");
      UUID id = f.getUUID("id");
      return pool.withTransaction(conn -> conn.preparedQuery(ACCEPT).execute(Tuple.of(id))
          .compose(rows -> {
            if (rows.size() == 0) return loadIn(conn, id).compose(RsvpStore::noOffer);
            return OutboxStore.enqueue(conn, Outbox.RSVP_CONFIRMATION, eventId, id,
                    rows.iterator().next().getString("email"), new JsonObject()
                        .put("status", Rsvp.GOING).put("previousStatus", Rsvp.OFFERED))
                .compose(x -> loadIn(conn, id));
          }));
    }));
  }

  /** The person lets the offered seat go: off the line, and the seat is offered to the next. */
  public Future<Rsvp> declineOffer(String token) {
    return touched(pool.preparedQuery(EVENT_OF_TOKEN).execute(Tuple.of(token)).compose(found -> {
      if (found.size() == 0) return Future.failedFuture(Problem.notFound());
      Row f = found.iterator().next();
      String eventId = f.getString("event_id");
      UUID id = f.getUUID("id");
      return pool.withTransaction(conn -> seats.lockExclusive(conn, eventId)
          .compose(x -> conn.preparedQuery(GIVE_BACK).execute(Tuple.of(id)))
          .compose(rows -> {
            if (rows.size() == 0) return loadIn(conn, id).compose(RsvpStore::noOffer);
            return seats.releaseAll(conn, id)
                .compose(x -> seats.promote(conn, eventId))
                .compose(x -> OutboxStore.enqueue(conn, Outbox.RSVP_CONFIRMATION, eventId, id,
                    rows.iterator().next().getString("email"), new JsonObject()
                        .put("status", Rsvp.NOT_GOING).put("previousStatus", Rsvp.OFFERED)))
                .compose(x -> loadIn(conn, id));
          }));
    }));
  }

  private static Future<Rsvp> noOffer(Rsvp r) {
    if (r != null && Rsvp.OFFERED.equals(r.status())) {
      return Future.failedFuture(Problem.conflict("offer_expired",
          "This offer has run out, so the seat goes to the next person in line."));
    }
    if (r != null && Rsvp.GOING.equals(r.status())) return Future.succeededFuture(r);
    return Future.failedFuture(Problem.conflict("no_offer",
        "There is no seat offered to you right now."));
  }

  // ---- helpers ----

  /** The mail a new or changed answer causes (nothing when only sharing choices changed). */
  private Future<Void> announce(SqlConnection conn, Rsvp r, Rsvp before) {
    if (before != null && before.status().equals(r.status()) && before.guests() == r.guests()) {
      return Future.succeededFuture();
    }
    // an offer's own mail said it all; fewer guests on it change nothing to tell
    if (Rsvp.OFFERED.equals(r.status())) return Future.succeededFuture();
    JsonObject payload = new JsonObject().put("status", r.status())
        .put("previousStatus", before == null ? null : before.status());
    if (Rsvp.PENDING.equals(r.status())) {
      return OutboxStore.enqueue(conn, Outbox.RSVP_PENDING, r.eventId(), r.id(), r.email(), payload);
    }
    if (Rsvp.WAITLISTED.equals(r.status())) {
      payload.put("position", r.waitlistPosition());
      return OutboxStore.enqueue(conn, Outbox.WAITLISTED, r.eventId(), r.id(), r.email(), payload);
    }
    return OutboxStore.enqueue(conn, Outbox.RSVP_CONFIRMATION, r.eventId(), r.id(), r.email(), payload);
  }

  static Future<Rsvp> loadIn(SqlConnection conn, UUID id) {
    return conn.preparedQuery(BY_ID).execute(Tuple.of(id)).map(RsvpStore::first);
  }

  private static Rsvp first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : rsvp(rows.iterator().next());
  }

  static Rsvp rsvp(Row r) {
    Long position = r.getLong("position");
    return new Rsvp(
        r.getUUID("id"), r.getString("event_id"), r.getString("token"), r.getString("email"),
        r.getString("name"), r.getString("response"), r.getString("status"),
        r.getInteger("guests"), r.getLong("arrival"),
        new Rsvp.Profile(r.getBoolean("listed"), r.getBoolean("share_email"),
            r.getString("headline"), r.getString("company"), r.getString("profile_url"),
            Arrays.asList(r.getArrayOfStrings("goals")),
            Arrays.asList(r.getArrayOfStrings("topics"))),
        r.getBoolean("reminders"), instant(r.getOffsetDateTime("created_at")),
        instant(r.getOffsetDateTime("updated_at")), instant(r.getOffsetDateTime("checked_in_at")),
        position == null ? null : position.intValue(),
        instant(r.getOffsetDateTime("verified_at")),
        instant(r.getOffsetDateTime("offer_expires_at")),
        r.getColumnIndex("answers") >= 0 && r.getValue("answers") instanceof JsonObject a
            ? a : new JsonObject());
  }

  static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
