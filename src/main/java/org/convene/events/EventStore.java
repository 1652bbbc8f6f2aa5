package org.convene.events;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.convene.db.Ids;
import org.convene.core.Problem;
import org.convene.members.AnnouncementStore;

/**
 * Events: their SQL. The seat rows that keep an event's capacity belong to the RSVP feature, which
 * this store tells of every capacity through {@link Capacity}, inside the event's transaction.
 */
public final class EventStore {
  static final String COLUMNS = """
      e.id, e.group_id, g.slug AS group_slug, g.name AS group_name, e.title, e.description,
      e.starts_at, e.ends_at, e.time_zone, e.venue, e.address, e.online_url, e.capacity,
      e.guests_allowed, e.rsvp_deadline, e.status, e.sequence, e.created_at, e.updated_at,
      e.whos_going, e.approval, e.claim_window_hours, e.audience, e.questions,
      (SELECT coalesce(sum(1 + r.guests), 0) FROM rsvps r
        WHERE r.event_id = e.id AND r.status IN ('going', 'offered')) AS seats_taken""";
  // The RSVP path decides with this: counting the seats taken costs a scan of the event's
  // RSVPs, which a flash crowd would pay on every answer (seats are guarded by the seat rows).
  private static final String RULES_BY_ID = """
      SELECT e.id, e.group_id, g.slug AS group_slug, g.name AS group_name, e.title, e.description,
        e.starts_at, e.ends_at, e.time_zone, e.venue, e.address, e.online_url, e.capacity,
        e.guests_allowed, e.rsvp_deadline, e.status, e.sequence, e.created_at, e.updated_at,
        e.whos_going, e.approval, e.claim_window_hours, e.audience, e.questions,
        -1::bigint AS seats_taken
      FROM events e JOIN groups g ON g.id = e.group_id WHERE e.id = $1""";
  private static final String BY_ID = "SELECT " + COLUMNS + """

      FROM events e JOIN groups g ON g.id = e.group_id WHERE e.id = $1""";
  private static final String LOCK = "SELECT capacity FROM events WHERE id = $1 FOR NO KEY UPDATE";
  private static final String UPCOMING_PUBLIC = "SELECT " + COLUMNS + """

      FROM events e JOIN groups g ON g.id = e.group_id
      WHERE e.status <> 'draft' AND e.ends_at > now() AND e.audience = 'public'
        AND (e.status = 'published' OR e.cancelled_at > now() - interval '14 days')
      ORDER BY e.starts_at LIMIT $1""";
  private static final String BY_GROUP = "SELECT " + COLUMNS + """

      FROM events e JOIN groups g ON g.id = e.group_id
      WHERE e.group_id = $1 AND ($2 OR e.status <> 'draft')
      ORDER BY e.starts_at""";
  // What a weekly digest lists: the group's events announced in its week that are still to come.
  private static final String ANNOUNCED_BETWEEN = "SELECT " + COLUMNS + """

      FROM events e JOIN groups g ON g.id = e.group_id
      WHERE e.group_id = $1 AND e.status = 'published' AND e.starts_at > now()
        AND e.announced_at > $2 AND e.announced_at <= $3
      ORDER BY e.starts_at LIMIT 50""";
  private static final String INSERT = """
      INSERT INTO events (id, group_id, title, description, starts_at, ends_at, time_zone, venue,
        address, online_url, capacity, guests_allowed, rsvp_deadline, status, cancelled_at,
        created_by, whos_going, approval, claim_window_hours, audience, announced_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
        CASE WHEN $14 = 'cancelled' THEN now() END, $15, $16, $17, $18, $19,
        CASE WHEN $20 AND $14 = 'published' THEN now() END)""";
  // SEQUENCE rises only for what a calendar shows: time, place, online link, status.
  private static final String UPDATE = """
      UPDATE events SET
        sequence = sequence + CASE WHEN (starts_at, ends_at, venue, address, online_url, status)
            IS DISTINCT FROM ($3::timestamptz, $4::timestamptz, $6, $7, $8, $12) THEN 1 ELSE 0 END,
        title = $1, description = $2, starts_at = $3, ends_at = $4, time_zone = $5, venue = $6,
        address = $7, online_url = $8, capacity = $9, guests_allowed = $10, rsvp_deadline = $11,
        status = $12, whos_going = $14, approval = $15, claim_window_hours = $16, audience = $17,
        cancelled_at = CASE WHEN $12 = 'cancelled' THEN coalesce(cancelled_at, now()) END,
        updated_at = now()
      WHERE id = $13""";

  private static final String SET_QUESTIONS = """
      UPDATE events SET questions = $2, updated_at = now() WHERE id = $1""";

  /** Told of every saved update inside its transaction, so what it writes stands or falls with it. */
  public interface Changes {
    Future<Void> saved(SqlConnection conn, Event before, Event after);

    Changes NONE = (conn, before, after) -> Future.succeededFuture();
  }

  /**
   * Keeps the seats of capacity-limited events, inside the event's transaction. {@link #lock}
   * comes first in every update, before the event is read: it orders the edit against RSVPs
   * being taken, so an RSVP never commits against a status, deadline or capacity that changed
   * under it. {@link #resized} follows every save with the capacity before and after (null = no
   * limit, and before is null for a new event); it may refuse, failing the whole save.
   */
  public interface Capacity {
    Future<Void> lock(SqlConnection conn, String eventId);

    Future<Void> resized(SqlConnection conn, String eventId, Integer from, Integer to);

    /** For a store that only reads (mail rendering, tests): saving an event is a bug there. */
    Capacity READ_ONLY = new Capacity() {
      @Override
      public Future<Void> lock(SqlConnection conn, String eventId) {
        return Future.failedFuture(new IllegalStateException("this EventStore only reads"));
      }

      @Override
      public Future<Void> resized(SqlConnection conn, String eventId, Integer from, Integer to) {
        return lock(conn, eventId);
      }
    };
  }

  private final Pool pool;
  private final Changes changes;
  private final Capacity capacity;
  private final Quota quota;

  /** A store for reading events; it refuses to save them (it keeps no seats). */
  public EventStore(Pool pool) {
    this(pool, Changes.NONE, Capacity.READ_ONLY);
  }

  public EventStore(Pool pool, Changes changes, Capacity capacity) {
    this(pool, changes, capacity, Quota.NONE);
  }

  public EventStore(Pool pool, Changes changes, Capacity capacity, Quota quota) {
    this.pool = pool;
    this.changes = changes;
    this.capacity = capacity;
    this.quota = quota;
  }

  /**
   * What an account younger than {@code newAccountDays} may create in a day: events, and seats
   * (each costs a row, see V2). Zero lifts a bound.
   */
  public record Quota(int newAccountDays, int eventsPerDay, int seatsPerDay) {
    public static final Quota NONE = new Quota(0, 0, 0);
  }

  // The account row is locked so that one account's concurrent creates are counted one by one.
  private static final String CREATED_TODAY = """
      SELECT a.created_at > now() - $2 * interval '1 day' AS young,
        (SELECT count(*) FROM events e WHERE e.created_by = a.id
           AND e.created_at > now() - interval '1 day') AS events,
        (SELECT coalesce(sum(e.capacity), 0) FROM events e WHERE e.created_by = a.id
           AND e.created_at > now() - interval '1 day') AS seats
      FROM accounts a WHERE a.id = $1 FOR UPDATE OF a""";

  private Future<Void> withinQuota(SqlConnection conn, UUID account, Integer newSeats) {
    if (quota.newAccountDays() <= 0 || account == null) return Future.succeededFuture();
    return conn.preparedQuery(CREATED_TODAY).execute(Tuple.of(account, quota.newAccountDays()))
        .compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture();
          Row r = rows.iterator().next();
          if (!r.getBoolean("young")) return Future.succeededFuture();
          long events = r.getLong("events");
          long seats = r.getLong("seats") + (newSeats == null ? 0 : newSeats);
          if (quota.eventsPerDay() > 0 && events >= quota.eventsPerDay()) {
            return Future.failedFuture(new Problem(Problem.Kind.RATE_LIMITED, "event_quota",
                "A new account can create " + quota.eventsPerDay() + " events a day. "
                    + "Please try again tomorrow, or ask the server's administrator."));
          }
          if (quota.seatsPerDay() > 0 && seats > quota.seatsPerDay()) {
            return Future.failedFuture(new Problem(Problem.Kind.RATE_LIMITED, "seat_quota",
                "A new account can create events with " + quota.seatsPerDay()
                    + " seats in all a day. Please try again tomorrow, or ask the server's "
                    + "administrator."));
          }
          return Future.succeededFuture();
        });
  }

  public Pool pool() {
    return pool;
  }

  private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{16,40}");

  /** The shape of an event's (and a series') id; anything else is not found without a query. */
  public static boolean isId(String id) {
    return id != null && ID.matcher(id).matches();
  }

  public Future<Event> find(String id) {
    if (!isId(id)) return Future.succeededFuture(null);
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : event(rows.iterator().next()));
  }

  /**
   * The event without counting its seats ({@link Event#seatsTaken()} is -1 and
   * {@link Event#seatsLeft()} null): for deciding on an RSVP and for mails and invites, which
   * would otherwise scan the event's RSVPs once per answer or per mail; never for a seat count.
   */
  public Future<Event> findForRules(String id) {
    if (!isId(id)) return Future.succeededFuture(null);
    return pool.preparedQuery(RULES_BY_ID).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : event(rows.iterator().next()));
  }

  public Future<Event> find(SqlConnection conn, String id) {
    return conn.preparedQuery(BY_ID).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : event(rows.iterator().next()));
  }

  public Future<List<Event>> upcomingPublic(int limit) {
    return pool.preparedQuery(UPCOMING_PUBLIC).execute(Tuple.of(limit)).map(EventStore::events);
  }

  /** The group's upcoming events announced after {@code since} until {@code until}. */
  public Future<List<Event>> announcedBetween(UUID groupId, Instant since, Instant until) {
    return pool.preparedQuery(ANNOUNCED_BETWEEN).execute(Tuple.of(groupId, utc(since), utc(until)))
        .map(EventStore::events);
  }

  /** A group's events, drafts included only for its organizers. */
  public Future<List<Event>> ofGroup(UUID groupId, boolean includeDrafts) {
    return pool.preparedQuery(BY_GROUP).execute(Tuple.of(groupId, includeDrafts))
        .map(EventStore::events);
  }

  /** Creates an event; created published, it is announced to the group's members with it. */
  public Future<Event> create(UUID groupId, UUID createdBy, EventRules.Valid f) {
    return create(groupId, createdBy, f, null);
  }

  /** The same, with the questions its RSVP form asks (null: none). */
  public Future<Event> create(UUID groupId, UUID createdBy, EventRules.Valid f,
                              List<Question> questions) {
    return pool.withTransaction(conn -> create(conn, groupId, createdBy, f, false)
        .compose(e -> questions == null ? Future.succeededFuture(e)
            : setQuestions(conn, e.id(), questions)));
  }

  /** Replaces the questions of an event (answers stay with their RSVPs, by question id). */
  public Future<Event> setQuestions(String id, List<Question> questions) {
    return pool.withTransaction(conn -> setQuestions(conn, id, questions));
  }

  Future<Event> setQuestions(SqlConnection conn, String id, List<Question> questions) {
    return conn.preparedQuery(SET_QUESTIONS).execute(Tuple.of(id, Question.json(questions)))
        .compose(x -> find(conn, id));
  }

  /**
   * Creates an event inside the caller's transaction: a series creates its occurrences so, with
   * {@code inSeries}, which counts them announced with the series' first event (one mail for a
   * weekly series, not one per week).
   */
  Future<Event> create(SqlConnection conn, UUID groupId, UUID createdBy, EventRules.Valid f,
                       boolean inSeries) {
    String id = Ids.token();
    return withinQuota(conn, createdBy, f.capacity())
        .compose(ok -> conn.preparedQuery(INSERT).execute(Tuple.of(
            id, groupId, f.title(), f.description(), utc(f.startsAt()), utc(f.endsAt()),
            f.zone().getId(), f.venue(), f.address(), f.onlineUrl(),
            f.capacity(), f.guestsAllowed(), utc(f.rsvpDeadline()), f.status(),
            createdBy, f.whosGoing()).addValue(f.approval()).addValue(f.claimWindowHours())
            .addValue(f.audience()).addValue(inSeries))
        .compose(v -> capacity.resized(conn, id, null, f.capacity()))
        .compose(v -> AnnouncementStore.announce(conn, id))
        .compose(v -> find(conn, id)));
  }

  /**
   * Saves new fields. Capacity changes add or remove seat rows in the same transaction; lowering
   * it below the seats already taken is refused.
   */
  public Future<Event> update(String id, EventRules.Valid f) {
    return update(id, f, null);
  }

  /** The same, replacing the questions too unless {@code questions} is null. */
  public Future<Event> update(String id, EventRules.Valid f, List<Question> questions) {
    return pool.withTransaction(conn -> update(conn, id, f)
        .compose(e -> questions == null ? Future.succeededFuture(e)
            : setQuestions(conn, id, questions)));
  }

  /** Saves an event inside the caller's transaction: "this and following" saves several so. */
  Future<Event> update(SqlConnection conn, String id, EventRules.Valid f) {
    // the seat lock before the event is read (see Capacity): an RSVP never commits against a
    // status, deadline or capacity that changed under it
    return capacity.lock(conn, id)
        .compose(x -> conn.preparedQuery(LOCK).execute(Tuple.of(id)))
        .compose(rows -> {
          if (rows.size() == 0) return Future.failedFuture(Problem.notFound());
          Integer oldCapacity = rows.iterator().next().getInteger("capacity");
          return find(conn, id).compose(before -> conn.preparedQuery(UPDATE).execute(Tuple.of(
                  f.title(), f.description(), utc(f.startsAt()), utc(f.endsAt()), f.zone().getId(),
                  f.venue(), f.address(), f.onlineUrl(),
                  f.capacity(), f.guestsAllowed(), utc(f.rsvpDeadline()),
                  f.status(), id, f.whosGoing()).addValue(f.approval())
                  .addValue(f.claimWindowHours()).addValue(f.audience()))
              .compose(v -> capacity.resized(conn, id, oldCapacity, f.capacity()))
              .compose(v -> AnnouncementStore.announce(conn, id))
              .compose(v -> find(conn, id))
              .compose(after -> changes.saved(conn, before, after).map(after)));
        });
  }

  static List<Event> events(RowSet<Row> rows) {
    List<Event> out = new ArrayList<>();
    for (Row r : rows) out.add(event(r));
    return out;
  }

  /** An event from a row of the events joined with its group; seats_taken is optional (-1). */
  public static Event event(Row r) {
    int seats = r.getColumnIndex("seats_taken");
    return new Event(
        r.getString("id"), r.getUUID("group_id"), r.getString("group_slug"),
        r.getString("group_name"), r.getString("title"), r.getString("description"),
        instant(r.getOffsetDateTime("starts_at")), instant(r.getOffsetDateTime("ends_at")),
        ZoneId.of(r.getString("time_zone")), r.getString("venue"), r.getString("address"),
        r.getString("online_url"), r.getInteger("capacity"), r.getInteger("guests_allowed"),
        instant(r.getOffsetDateTime("rsvp_deadline")), r.getString("status"),
        r.getInteger("sequence"), instant(r.getOffsetDateTime("created_at")),
        instant(r.getOffsetDateTime("updated_at")),
        seats < 0 ? -1 : r.getLong(seats).intValue(),
        r.getColumnIndex("whos_going") >= 0 && Boolean.TRUE.equals(r.getBoolean("whos_going")),
        r.getColumnIndex("approval") >= 0 && Boolean.TRUE.equals(r.getBoolean("approval")),
        r.getColumnIndex("claim_window_hours") >= 0 ? r.getInteger("claim_window_hours") : null,
        r.getColumnIndex("audience") >= 0 && r.getString("audience") != null
            ? r.getString("audience") : Event.PUBLIC,
        r.getColumnIndex("questions") >= 0 && r.getValue("questions") instanceof
            io.vertx.core.json.JsonArray q ? Question.of(q) : List.of());
  }

  static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  static OffsetDateTime utc(Instant t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC);
  }

}
