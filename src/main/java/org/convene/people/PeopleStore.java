package org.convene.people;

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
import org.convene.rsvp.AttendanceStore;
import org.convene.core.Problem;

/**
 * The SQL behind the people pages, check-in and erasure (connect requests: ConnectStore). Every
 * page reads live rows: a withdrawn consent (listed = false) hides the person on the next request.
 */
public final class PeopleStore {
  static final String COLUMNS = """
      r.id, r.event_id, r.token, r.checkin_code, r.name, r.email, r.status, r.guests, r.listed,
      r.share_email, r.headline, r.company, r.profile_url, r.goals, r.topics, r.checked_in_at,
      r.erased_at, r.verified_at, r.answers""";
  private static final String ATTENDS = """
      r.erased_at IS NULL AND (r.status IN ('going', 'maybe') OR r.checked_in_at IS NOT NULL)""";
  private static final String BY_TOKEN = "SELECT " + COLUMNS + " FROM rsvps r WHERE r.token = $1";
  static final String BY_ID = "SELECT " + COLUMNS + " FROM rsvps r WHERE r.id = $1";
  private static final String ATTENDEES = "SELECT " + COLUMNS + " FROM rsvps r WHERE r.event_id = $1 AND "
      + ATTENDS + " AND ($2 OR r.listed) ORDER BY r.checked_in_at IS NULL, lower(r.name), r.arrival";
  private static final String COUNTS = """
      SELECT count(*) FILTER (WHERE status IN ('going', 'maybe') OR checked_in_at IS NOT NULL)
               AS attendees,
             count(*) FILTER (WHERE checked_in_at IS NOT NULL) AS checked_in,
             count(*) FILTER (WHERE listed AND erased_at IS NULL AND verified_at IS NOT NULL
               AND (status IN ('going', 'maybe') OR checked_in_at IS NOT NULL)) AS listed
      FROM rsvps WHERE event_id = $1""";
  private static final String FIND_FOR_CHECKIN = """
      SELECT id FROM rsvps WHERE event_id = $1 AND (token = $2 OR checkin_code = $2)""";
  private static final String OF_EVENT = """
      SELECT id FROM rsvps WHERE event_id = $1 AND id = ANY($2::uuid[])""";
  private static final String SEARCH = "SELECT " + COLUMNS + """
       FROM rsvps r
      WHERE r.event_id = $1 AND r.erased_at IS NULL AND r.status NOT IN ('cancelled', 'not_going')
        AND ($2 = '' OR r.name ILIKE '%' || $2 || '%' ESCAPE '\\')
      ORDER BY lower(r.name), r.arrival LIMIT 100""";

  private static final String ERASE_REQUESTS = """
      DELETE FROM connect_requests
      WHERE requester_id = ANY($1::uuid[]) OR target_id = ANY($1::uuid[])""";
  // Every outbox row about an erased person goes: mails to them, and mails that would reveal them
  // to others (connect mails name them in "about"; mails rendered before connect mails were,
  // kind 'prepared', are found through the pair's connect request, so this runs before those are
  // deleted). Unsent ones (pending, failed, and 'sending': a claim in flight may still go out,
  // but if it fails it must not come back as a retry) are deleted, so "retry failed" cannot send
  // them; the sent and skipped keep their status for the counts and lose the details. A sender
  // settling a deleted claim matches no row, which is harmless.
  private static final String ABOUT = """
      (rsvp_id = ANY($1::uuid[]) OR payload ->> 'about' = ANY($1::uuid[]::text[])
        OR (kind = 'prepared' AND rsvp_id IN (
          SELECT target_id FROM connect_requests WHERE requester_id = ANY($1::uuid[])
          UNION SELECT requester_id FROM connect_requests WHERE target_id = ANY($1::uuid[]))))""";
  private static final String DROP_MAILS = "DELETE FROM outbox WHERE status IN ('pending', 'sending', 'failed') AND "
      + ABOUT;
  private static final String SCRUB_MAILS = """
      UPDATE outbox SET payload = '{}',
        recipient = CASE WHEN rsvp_id = ANY($1::uuid[]) THEN 'erased+' || rsvp_id::text || '@invalid'
                         ELSE recipient END
      WHERE """ + ABOUT;
  // The personal calendar feed (calendar feature, table `people`) goes with a person's last RSVP:
  // its token would otherwise keep naming an address we promised to forget.
  private static final String FORGET_FEEDS = """
      DELETE FROM people p
      WHERE p.email IN (SELECT email FROM rsvps WHERE id = ANY($1::uuid[]))
        AND NOT EXISTS (SELECT 1 FROM rsvps r WHERE r.email = p.email
          AND NOT (r.id = ANY($1::uuid[])) AND r.erased_at IS NULL)""";
  private static final String DUE_FOR_ERASURE = """
      SELECT r.id FROM rsvps r
      JOIN events e ON e.id = r.event_id
      JOIN groups g ON g.id = e.group_id
      WHERE g.retention_days IS NOT NULL AND r.erased_at IS NULL
        AND e.ends_at < now() - make_interval(days => g.retention_days)
      LIMIT 500
      FOR UPDATE OF r SKIP LOCKED""";
  private static final String CLAIM_DAILY = """
      INSERT INTO daily_jobs (name, last_run_at) VALUES ($1, now())
      ON CONFLICT (name) DO UPDATE SET last_run_at = now()
        WHERE daily_jobs.last_run_at < now() - interval '23 hours'
      RETURNING name""";

  private static final String RELEASE_DAILY = """
      UPDATE daily_jobs SET last_run_at = now() - interval '1 day' WHERE name = $1""";

  private final Pool pool;

  public PeopleStore(Pool pool) {
    this.pool = pool;
  }

  // ---- reading ----

  public Future<Attendee> byToken(String token) {
    if (token == null || token.length() < 16 || token.length() > 64) {
      return Future.succeededFuture(null);
    }
    return pool.preparedQuery(BY_TOKEN).execute(Tuple.of(token)).map(PeopleStore::first);
  }

  public Future<Attendee> byId(UUID id) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id)).map(PeopleStore::first);
  }

  /** Attendees of the event (see PeopleRules.attends): everyone, or only the listed. */
  public Future<List<Attendee>> attendees(String eventId, boolean everyone) {
    return pool.preparedQuery(ATTENDEES).execute(Tuple.of(eventId, everyone)).map(PeopleStore::all);
  }

  public Future<JsonObject> counts(String eventId) {
    return pool.preparedQuery(COUNTS).execute(Tuple.of(eventId)).map(rows -> {
      Row r = rows.iterator().next();
      return new JsonObject().put("attendees", r.getLong("attendees"))
          .put("checkedIn", r.getLong("checked_in")).put("listed", r.getLong("listed"));
    });
  }

  // ---- check-in ----

  /** The result of a check-in: who, when, and whether it was already done before. */
  public record CheckIn(Attendee attendee, Instant at, boolean already) {}

  /** Finds the RSVP by manage token or ticket code. */
  public Future<UUID> findForCheckIn(String eventId, String tokenOrCode) {
    if (tokenOrCode == null || tokenOrCode.length() < 16 || tokenOrCode.length() > 64) {
      return Future.succeededFuture(null);
    }
    return pool.preparedQuery(FIND_FOR_CHECKIN).execute(Tuple.of(eventId, tokenOrCode))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("id"));
  }

  public Future<CheckIn> checkIn(String eventId, UUID rsvpId) {
    return AttendanceStore.checkIn(pool, rsvpId, eventId).compose(checkedInNow ->
        byId(rsvpId).compose(a -> {
          if (a == null || !a.eventId().equals(eventId) || a.erased()) {
            return Future.failedFuture(Problem.notFound());
          }
          if (checkedInNow != null) {
            return Future.succeededFuture(new CheckIn(a, a.checkedInAt(), false));
          }
          if (a.checkedInAt() != null) {
            return Future.succeededFuture(new CheckIn(a, a.checkedInAt(), true));
          }
          return Future.failedFuture(Problem.conflict("not_attending",
              a.name() + " cancelled or said they would not come; this RSVP cannot be checked in."));
        }));
  }

  /** Of {@code ids}, those that are RSVPs of the event. */
  public Future<List<UUID>> ofEvent(String eventId, List<UUID> ids) {
    return pool.preparedQuery(OF_EVENT)
        .execute(Tuple.of(eventId).addArrayOfUUID(ids.toArray(new UUID[0])))
        .map(rows -> {
          List<UUID> out = new ArrayList<>();
          for (Row r : rows) out.add(r.getUUID("id"));
          return out;
        });
  }

  /**
   * Marks attendance after the event: everyone going ({@code allGoing}) or the RSVPs {@code ids}
   * of this event. Answers how many were newly marked; cancelled, not going, erased and already
   * marked RSVPs are left as they are.
   */
  public Future<Integer> markCame(String eventId, boolean allGoing, List<UUID> ids) {
    return AttendanceStore.markCame(pool, eventId, allGoing, ids);
  }

  /** Check-in search: attendees by part of their name (an empty query lists everyone). */
  public Future<List<Attendee>> search(String eventId, String query) {
    String q = query == null ? "" : query.trim()
        .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return pool.preparedQuery(SEARCH).execute(Tuple.of(eventId, q)).map(PeopleStore::all);
  }

  // ---- erasure ----

  /** Erases one person's details (their own wish), with their connect requests and mails. */
  public Future<Void> erase(UUID rsvpId) {
    return pool.withTransaction(conn -> eraseIn(conn, List.of(rsvpId))).mapEmpty();
  }

  /** Erases the details of everyone whose event ended more than the group's retention ago. */
  public Future<Integer> eraseDue() {
    return pool.withTransaction(conn -> conn.preparedQuery(DUE_FOR_ERASURE).execute()
            .compose(rows -> {
              List<UUID> ids = new ArrayList<>();
              for (Row r : rows) ids.add(r.getUUID("id"));
              return ids.isEmpty() ? Future.succeededFuture(0) : eraseIn(conn, ids);
            }))
        // batches keep each transaction short; loop until nothing is due
        .compose(n -> n == 500 ? eraseDue().map(m -> n + m) : Future.succeededFuture(n));
  }

  private static Future<Integer> eraseIn(SqlConnection conn, List<UUID> ids) {
    Tuple t = Tuple.tuple().addArrayOfUUID(ids.toArray(new UUID[0]));
    return conn.preparedQuery(DROP_MAILS).execute(t)
        .compose(x -> conn.preparedQuery(SCRUB_MAILS).execute(t))
        .compose(x -> conn.preparedQuery(ERASE_REQUESTS).execute(t))
        .compose(x -> conn.preparedQuery(FORGET_FEEDS).execute(t))
        .compose(x -> AttendanceStore.erase(conn, ids))
        .map(ids.size());
  }

  /** Gives a claimed run back (it failed), so the next minute's attempt runs it again. */
  public Future<Void> releaseDaily(String job) {
    return pool.preparedQuery(RELEASE_DAILY).execute(Tuple.of(job)).mapEmpty();
  }

  /** True for the one instance that claims today's run of a daily job. */
  public Future<Boolean> claimDaily(String job) {
    return pool.preparedQuery(CLAIM_DAILY).execute(Tuple.of(job)).map(rows -> rows.size() == 1);
  }

  // ---- rows ----

  static Attendee first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : attendee(rows.iterator().next());
  }

  private static List<Attendee> all(RowSet<Row> rows) {
    List<Attendee> out = new ArrayList<>();
    for (Row r : rows) out.add(attendee(r));
    return out;
  }

  static Attendee attendee(Row r) {
    return new Attendee(r.getUUID("id"), r.getString("event_id"), r.getString("token"),
        r.getString("checkin_code"), r.getString("name"), r.getString("email"),
        r.getString("status"), r.getInteger("guests"), r.getBoolean("listed"),
        r.getBoolean("share_email"), r.getString("headline"), r.getString("company"),
        r.getString("profile_url"), Arrays.asList(r.getArrayOfStrings("goals")),
        Arrays.asList(r.getArrayOfStrings("topics")), instant(r.getOffsetDateTime("checked_in_at")),
        r.getOffsetDateTime("erased_at") != null, instant(r.getOffsetDateTime("verified_at")),
        r.getValue("answers") instanceof io.vertx.core.json.JsonObject a ? a
            : new io.vertx.core.json.JsonObject());
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }
}
