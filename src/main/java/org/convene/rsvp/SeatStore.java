package org.convene.rsvp;

import org.convene.outbox.OutboxStore;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.convene.core.Problem;
import org.convene.events.EventStore;
import org.convene.outbox.Outbox;

/**
 * The seat rows of capacity-limited events, and the one lock that orders seat changes.
 *
 * <p>New RSVPs hold the event's seat lock in shared mode: they run in parallel and claim
 * different seat rows with SKIP LOCKED. Everything that frees seats or reorders the waitlist
 * (cancelling, fewer guests, removing someone, changing capacity, promoting) holds it exclusively,
 * so a promotion always sees every committed waitlisted RSVP and every free seat. That closes the
 * race where a seat is freed while someone is joining the waitlist and nobody takes it.
 *
 * <p>Every promotion, whatever caused it, goes through {@link #promote}, which writes the
 * promoted person's mail in the same transaction: nobody gets a seat without being told.
 *
 * <p>The event feature calls in through {@link EventStore.Capacity}: an event edit takes the
 * exclusive lock before it reads the event, and a capacity change resizes the seat rows.
 */
public final class SeatStore implements EventStore.Capacity {
  /** Namespace for pg_advisory_xact_lock(int, int), so our locks never collide with others'. */
  private static final int LOCK_SPACE = 0x5EA75;

  static final String LOCK_SHARED_CALL = lockSharedCall("$1");

  /** The shared seat lock of the event whose id is {@code idExpression}, as a SQL call. */
  static String lockSharedCall(String idExpression) {
    return "pg_advisory_xact_lock_shared(" + LOCK_SPACE + ", hashtext(" + idExpression + "))";
  }
  private static final String LOCK_EXCLUSIVE =
      "SELECT pg_advisory_xact_lock(" + LOCK_SPACE + ", hashtext($1))";
  private static final String CLAIM = """
      UPDATE seats SET rsvp_id = $2
      WHERE event_id = $1 AND seat_no IN (
        SELECT seat_no FROM seats WHERE event_id = $1 AND rsvp_id IS NULL
        ORDER BY seat_no LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING seat_no""";
  private static final String RELEASE_ALL = "UPDATE seats SET rsvp_id = NULL WHERE rsvp_id = $1";
  private static final String RELEASE_SOME = """
      UPDATE seats SET rsvp_id = NULL
      WHERE event_id = $1 AND seat_no IN (
        SELECT seat_no FROM seats WHERE rsvp_id = $2 ORDER BY seat_no DESC LIMIT $3)""";
  private static final String FREE_COUNT = """
      SELECT count(*) AS free FROM seats WHERE event_id = $1 AND rsvp_id IS NULL""";
  private static final String WAITLIST = """
      SELECT id, guests, email FROM rsvps WHERE event_id = $1 AND status = 'waitlisted'
      ORDER BY arrival FOR UPDATE""";
  private static final String PROMOTE = """
      UPDATE rsvps SET status = 'going', status_changed_at = now(), updated_at = now()
      WHERE id = $1 AND status = 'waitlisted'""";
  private static final String CAPACITY = "SELECT capacity FROM events WHERE id = $1";
  private static final String SEATING = """
      SELECT capacity, claim_window_hours, starts_at <= now() AS started
      FROM events WHERE id = $1""";
  // The offer runs for the claim window, and never past the start: no offer outlives the event's
  // beginning, so none can be accepted (or mailed, see MailKinds) once it has started.
  private static final String OFFER = """
      UPDATE rsvps r SET status = 'offered', status_changed_at = now(), updated_at = now(),
        offer_expires_at = least(now() + $2::int * interval '1 hour', e.starts_at)
      FROM events e
      WHERE r.id = $1 AND r.status = 'waitlisted' AND e.id = r.event_id AND e.starts_at > now()""";
  // No limit any more: an offered seat is simply theirs.
  private static final String SEAT_OFFERED = """
      UPDATE rsvps SET status = 'going', offer_expires_at = NULL, status_changed_at = now(),
        updated_at = now()
      WHERE event_id = $1 AND status = 'offered'
      RETURNING id, email""";
  // Guarded by the status and the time, under the exclusive seat lock: of two nodes expiring the
  // same event, the second finds nothing left to expire.
  private static final String EXPIRE_OFFERS = """
      UPDATE rsvps SET status = 'not_going', response = 'not_going', guests = 0,
        offer_expires_at = NULL, status_changed_at = now(), updated_at = now()
      WHERE event_id = $1 AND status = 'offered' AND offer_expires_at <= now()
      RETURNING id, email""";
  private static final String RELEASE_MANY = """
      UPDATE seats SET rsvp_id = NULL WHERE event_id = $1 AND rsvp_id = ANY($2::uuid[])""";
  private static final String RAISE_CAPACITY = """
      UPDATE events SET capacity = capacity + $2, updated_at = now() WHERE id = $1""";
  private static final String ADD_SEATS = """
      INSERT INTO seats (event_id, seat_no)
      SELECT $1, s FROM generate_series(
        (SELECT coalesce(max(seat_no), 0) FROM seats WHERE event_id = $1) + 1,
        (SELECT coalesce(max(seat_no), 0) FROM seats WHERE event_id = $1) + $2) s""";
  private static final String REMOVE_FREE_SEATS = """
      DELETE FROM seats WHERE event_id = $1 AND seat_no IN (
        SELECT seat_no FROM seats WHERE event_id = $1 AND rsvp_id IS NULL
        ORDER BY seat_no DESC LIMIT $2 FOR UPDATE)""";
  private static final String REMOVE_ALL_SEATS = "DELETE FROM seats WHERE event_id = $1";
  private static final String GOING_SEATS = """
      SELECT coalesce(sum(1 + guests), 0) AS taken FROM rsvps
      WHERE event_id = $1 AND status = 'going'""";
  // Turning a limit on: every going RSVP gets its seats, in arrival order, the rest stay free.
  private static final String SEAT_EVERYONE = """
      INSERT INTO seats (event_id, seat_no, rsvp_id)
      SELECT $1, s, g.id
      FROM (SELECT id, 1 + guests AS n, sum(1 + guests) OVER (ORDER BY arrival) AS upto
            FROM rsvps WHERE event_id = $1 AND status = 'going') g,
           generate_series(g.upto - g.n + 1, g.upto) s
      UNION ALL
      SELECT $1, s, NULL FROM generate_series($3 + 1, $2) s""";

  @Override
  public Future<Void> lock(SqlConnection conn, String eventId) {
    return lockExclusive(conn, eventId);
  }

  @Override
  public Future<Void> resized(SqlConnection conn, String eventId, Integer from, Integer to) {
    return resize(conn, eventId, from, to).mapEmpty();
  }

  Future<Void> lockExclusive(SqlConnection conn, String eventId) {
    return conn.preparedQuery(LOCK_EXCLUSIVE).execute(Tuple.of(eventId)).mapEmpty();
  }

  /** Claims up to {@code count} free seats for an RSVP; answers how many it got. */
  Future<Integer> claim(SqlConnection conn, String eventId, UUID rsvpId, int count) {
    if (count <= 0) return Future.succeededFuture(0);
    return conn.preparedQuery(CLAIM).execute(Tuple.of(eventId, rsvpId, count))
        .map(rows -> rows.rowCount());
  }

  Future<Void> releaseAll(SqlConnection conn, UUID rsvpId) {
    return conn.preparedQuery(RELEASE_ALL).execute(Tuple.of(rsvpId)).mapEmpty();
  }

  Future<Void> release(SqlConnection conn, String eventId, UUID rsvpId, int count) {
    if (count <= 0) return Future.succeededFuture();
    return conn.preparedQuery(RELEASE_SOME).execute(Tuple.of(eventId, rsvpId, count)).mapEmpty();
  }

  /**
   * Moves waitlisted RSVPs to going, first in line first, skipping a party that does not fit the
   * free seats for a later one that does, and writes each promoted person's mail. Call with the
   * exclusive lock held. Answers the ids of the promoted RSVPs.
   */
  Future<List<UUID>> promote(SqlConnection conn, String eventId) {
    return conn.preparedQuery(SEATING).execute(Tuple.of(eventId)).compose(cap -> {
      if (cap.size() == 0) return Future.succeededFuture(List.<UUID>of());
      Row ev = cap.iterator().next();
      Integer capacity = ev.getInteger("capacity");
      // a claim window only matters while seats are scarce
      Integer window = capacity == null ? null : ev.getInteger("claim_window_hours");
      if (window != null && ev.getBoolean("started")) return Future.succeededFuture(List.<UUID>of());
      Future<List<UUID>> seatedOffers = capacity == null ? seatOffers(conn, eventId)
          : Future.succeededFuture(new ArrayList<>());
      Future<Long> free = capacity == null
          ? Future.succeededFuture(Long.MAX_VALUE)
          : conn.preparedQuery(FREE_COUNT).execute(Tuple.of(eventId))
              .map(rows -> rows.iterator().next().getLong("free"));
      return seatedOffers.compose(done -> free.compose(f -> f <= 0 ? Future.succeededFuture(done)
          : conn.preparedQuery(WAITLIST).execute(Tuple.of(eventId)).compose(rows -> {
            List<Row> line = new ArrayList<>();
            rows.forEach(line::add);
            return promoteInOrder(conn, eventId, capacity != null, window, line, 0, f, done);
          })));
    });
  }

  /** The limit was lifted: every open offer becomes a seat, with the "you're going" mail. */
  private Future<List<UUID>> seatOffers(SqlConnection conn, String eventId) {
    return conn.preparedQuery(SEAT_OFFERED).execute(Tuple.of(eventId)).compose(rows -> {
      List<UUID> ids = new ArrayList<>();
      Future<Void> mails = Future.succeededFuture();
      for (Row r : rows) {
        UUID id = r.getUUID("id");
        ids.add(id);
        mails = mails.compose(v -> mailPromoted(conn, eventId, id, r.getString("email")));
      }
      return mails.map(v -> ids);
    });
  }

  private static final String LAPSED = """
      SELECT DISTINCT event_id FROM rsvps
      WHERE status = 'offered' AND offer_expires_at <= now()
      LIMIT $1""";

  /** Events with an offer whose window has passed (the expiry job's work list). */
  Future<List<String>> withLapsedOffers(io.vertx.sqlclient.SqlClient db, int limit) {
    return db.preparedQuery(LAPSED).execute(Tuple.of(limit)).map(rows -> {
      List<String> out = new ArrayList<>();
      for (Row r : rows) out.add(r.getString("event_id"));
      return out;
    });
  }

  /**
   * Ends the event's offers whose claim window has passed: the person is taken off the line (as
   * "not going", told by mail, free to answer again), the seats go back and are offered to the
   * next who fits. Call with the exclusive lock held; answers the expired RSVPs.
   */
  Future<List<UUID>> expireOffers(SqlConnection conn, String eventId) {
    return conn.preparedQuery(EXPIRE_OFFERS).execute(Tuple.of(eventId)).compose(rows -> {
      List<UUID> ids = new ArrayList<>();
      Future<Void> mails = Future.succeededFuture();
      for (Row r : rows) {
        UUID id = r.getUUID("id");
        ids.add(id);
        mails = mails.compose(v -> OutboxStore.enqueue(conn, Outbox.OFFER_EXPIRED, eventId, id,
            r.getString("email"), null));
      }
      if (ids.isEmpty()) return Future.succeededFuture(ids);
      return mails
          .compose(v -> conn.preparedQuery(RELEASE_MANY)
              .execute(Tuple.of(eventId).addArrayOfUUID(ids.toArray(new UUID[0]))))
          .compose(v -> promote(conn, eventId))
          .map(v -> ids);
    });
  }

  private Future<List<UUID>> promoteInOrder(SqlConnection conn, String eventId,
      boolean limited, Integer window, List<Row> line, int i, long free, List<UUID> promoted) {
    if (i >= line.size() || free <= 0) return Future.succeededFuture(promoted);
    Row r = line.get(i);
    UUID id = r.getUUID("id");
    int need = 1 + r.getInteger("guests");
    if (need > free) {
      return promoteInOrder(conn, eventId, limited, window, line, i + 1, free, promoted);
    }
    Future<Integer> seats = limited ? claim(conn, eventId, id, need) : Future.succeededFuture(need);
    return seats.compose(got -> {
      if (got < need) {
        // cannot happen under the exclusive lock; refuse rather than half-seat a party
        return Future.failedFuture(new IllegalStateException("seat rows changed under lock"));
      }
      // with a claim window the seats are held as an offer, and the person asked to accept it
      Future<Void> moved = window == null
          ? conn.preparedQuery(PROMOTE).execute(Tuple.of(id))
              .compose(v -> mailPromoted(conn, eventId, id, r.getString("email")))
          : conn.preparedQuery(OFFER).execute(Tuple.of(id, window))
              .compose(v -> v.rowCount() == 1 ? OutboxStore.enqueue(conn, Outbox.SEAT_OFFERED,
                      eventId, id, r.getString("email"), null)
                  : Future.failedFuture(new IllegalStateException("offer not made under lock")));
      return moved.compose(v -> {
        promoted.add(id);
        return promoteInOrder(conn, eventId, limited, window, line, i + 1, free - need, promoted);
      });
    });
  }

  /**
   * Seats a party the organizer moves in by hand. If the free seats do not fit it, the capacity
   * grows by exactly the missing seats (the organizer decided the room has them). Call with the
   * exclusive lock held.
   */
  Future<Void> seatByHand(SqlConnection conn, String eventId, UUID rsvpId, int party) {
    return conn.preparedQuery(CAPACITY).execute(Tuple.of(eventId)).compose(cap -> {
      if (cap.iterator().next().getInteger("capacity") == null) return Future.succeededFuture();
      return conn.preparedQuery(FREE_COUNT).execute(Tuple.of(eventId)).compose(free -> {
        long missing = party - free.iterator().next().getLong("free");
        Future<Void> room = missing <= 0 ? Future.succeededFuture()
            : conn.preparedQuery(RAISE_CAPACITY).execute(Tuple.of(eventId, (int) missing))
                .compose(y -> conn.preparedQuery(ADD_SEATS)
                    .execute(Tuple.of(eventId, (int) missing))).mapEmpty();
        return room.compose(y -> claim(conn, eventId, rsvpId, party))
            .compose(got -> got == party ? Future.succeededFuture()
                : Future.failedFuture(new IllegalStateException("seats vanished")));
      });
    });
  }

  /**
   * Where an approved party goes: a seat if the free seats fit it, else the waitlist; answers the
   * status. Call with the exclusive lock held.
   */
  Future<String> seatOrQueue(SqlConnection conn, String eventId, UUID rsvpId, int party) {
    return conn.preparedQuery(CAPACITY).execute(Tuple.of(eventId)).compose(cap -> {
      if (cap.iterator().next().getInteger("capacity") == null) {
        return Future.succeededFuture(Rsvp.GOING);
      }
      return claim(conn, eventId, rsvpId, party).compose(got -> got == party
          ? Future.succeededFuture(Rsvp.GOING)
          : releaseAll(conn, rsvpId).map(Rsvp.WAITLISTED));
    });
  }

  /** The "you have a seat" mail; every promotion path writes it through here. */
  Future<Void> mailPromoted(SqlConnection conn, String eventId, UUID rsvpId, String email) {
    return OutboxStore.enqueue(conn, Outbox.PROMOTED, eventId, rsvpId, email, null);
  }

  /**
   * Makes the seat rows match a new capacity (null = no limit), in the caller's transaction.
   * Lowering below the seats taken fails with 409; raising or removing the limit promotes from
   * the waitlist, with the promoted people's mails.
   */
  Future<List<UUID>> resize(SqlConnection conn, String eventId, Integer from,
                                          Integer to) {
    if (from == null && to == null) return Future.succeededFuture(List.of());
    if (from != null && from.equals(to)) return Future.succeededFuture(List.of());
    return lockExclusive(conn, eventId).compose(v -> {
      if (from == null) {
        return conn.preparedQuery(GOING_SEATS).execute(Tuple.of(eventId)).compose(rows -> {
          long taken = rows.iterator().next().getLong("taken");
          if (taken > to) return Future.failedFuture(belowTaken(taken));
          return conn.preparedQuery(SEAT_EVERYONE).execute(Tuple.of(eventId, to, (int) taken))
              .compose(x -> promote(conn, eventId));
        });
      }
      if (to == null) {
        return conn.preparedQuery(REMOVE_ALL_SEATS).execute(Tuple.of(eventId))
            .compose(x -> promote(conn, eventId));
      }
      if (to > from) {
        return conn.preparedQuery(ADD_SEATS).execute(Tuple.of(eventId, to - from))
            .compose(x -> promote(conn, eventId));
      }
      int remove = from - to;
      return conn.preparedQuery(REMOVE_FREE_SEATS).execute(Tuple.of(eventId, remove))
          .compose(rows -> {
            if (rows.rowCount() < remove) {
              return conn.preparedQuery(GOING_SEATS).execute(Tuple.of(eventId))
                  .compose(t -> Future.failedFuture(
                      belowTaken(t.iterator().next().getLong("taken"))));
            }
            return Future.succeededFuture(List.<UUID>of());
          });
    });
  }

  private static Problem belowTaken(long taken) {
    return new Problem(Problem.Kind.CONFLICT, "capacity_below_taken",
        "Capacity cannot be lower than the " + taken + " seats already taken.",
        new io.vertx.core.json.JsonObject().put("capacity",
            "At least " + taken + " seats are already taken."));
  }
}
