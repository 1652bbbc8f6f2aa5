package org.convene.calendar;

import org.convene.outbox.OutboxStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.convene.events.Event;
import org.convene.events.EventStore;
import org.convene.outbox.Outbox;

/**
 * The calendar's SQL: the cheap "has it changed?" reads that decide a 304 without loading any
 * event (see V4 migration), and the event lists the feeds are rendered from.
 */
final class CalendarStore {
  private static final String EVENT_COLUMNS = """
      e.id, e.group_id, g.slug AS group_slug, g.name AS group_name, e.title, e.description,
      e.starts_at, e.ends_at, e.time_zone, e.venue, e.address, e.online_url, e.capacity,
      e.guests_allowed, e.rsvp_deadline, e.status, e.sequence, e.created_at, e.updated_at,
      e.approval""";

  private static final String GROUP_STATE = """
      SELECT g.id, g.slug, g.name, coalesce(v.version, 0) AS version,
        coalesce(v.changed_at, g.updated_at) AS changed_at
      FROM groups g LEFT JOIN calendar_group_versions v ON v.group_id = g.id
      WHERE g.slug = $1""";
  private static final String EVENT_STATE = """
      SELECT e.group_id, e.title, coalesce(v.version, 0) AS version,
        coalesce(v.changed_at, e.updated_at) AS changed_at
      FROM events e LEFT JOIN calendar_group_versions v ON v.group_id = e.group_id
      WHERE e.id = $1 AND e.status <> 'draft'""";
  // Only RSVPs whose link was used count (V9): whoever RSVPs with someone's address must not put
  // events into that person's calendar. Every RSVP field the personal feed shows is in the fingerprint; every event field is covered
  // by its group's version; deletions raise people.feed_version. One indexed read per request.
  private static final String PERSON_STATE = """
      SELECT p.email, p.feed_version, p.feed_changed_at, r.print AS rsvp_print,
        r.changed_at AS rsvps_changed_at, gv.print AS groups_print, gv.changed_at AS groups_changed_at
      FROM people p
      CROSS JOIN LATERAL (
        SELECT md5(coalesce(string_agg(concat_ws(' ', x.event_id, x.status, x.calendar_sequence,
                 extract(epoch FROM x.updated_at), extract(epoch FROM x.status_changed_at)),
                 ',' ORDER BY x.event_id), '')) AS print,
               greatest(max(x.updated_at), max(x.status_changed_at)) AS changed_at
        FROM rsvps x WHERE x.email = p.email AND x.verified_at IS NOT NULL) r
      CROSS JOIN LATERAL (
        SELECT md5(coalesce(string_agg(v.group_id || ' ' || v.version, ',' ORDER BY v.group_id),
                 '')) AS print,
               max(v.changed_at) AS changed_at
        FROM calendar_group_versions v
        WHERE v.group_id IN (SELECT e.group_id FROM rsvps x JOIN events e ON e.id = x.event_id
                             WHERE x.email = p.email AND x.verified_at IS NOT NULL)) gv
      WHERE p.feed_token = $1""";
  private static final String EVENT = "SELECT " + EVENT_COLUMNS + """

      FROM events e JOIN groups g ON g.id = e.group_id
      WHERE e.id = $1 AND e.status <> 'draft'""";
  // The public feed: a members-only event is in a member's own feed once they RSVP, never here.
  private static final String GROUP_EVENTS = "SELECT " + EVENT_COLUMNS + """

      FROM events e JOIN groups g ON g.id = e.group_id
      WHERE e.group_id = $1 AND e.status <> 'draft' AND e.ends_at >= $2 AND e.audience = 'public'
        AND (e.status = 'published' OR e.cancelled_at >= $3)
      ORDER BY e.starts_at, e.id""";
  // going / waitlisted / maybe while the event is on (or cancelled recently); an RSVP that left
  // for 30 days, but only if it was ever in a calendar (calendar_sequence > 0: it was going or
  // maybe before), so a plain "not going" never shows up.
  private static final String PERSON_EVENTS = "SELECT " + EVENT_COLUMNS + """
      , r.status AS rsvp_status, r.calendar_sequence,
        greatest(r.updated_at, r.status_changed_at) AS rsvp_changed_at
      FROM rsvps r JOIN events e ON e.id = r.event_id JOIN groups g ON g.id = e.group_id
      WHERE r.email = $1 AND r.verified_at IS NOT NULL
        AND e.status <> 'draft' AND e.ends_at >= $2
        AND ((r.status IN ('going', 'waitlisted', 'maybe')
              AND (e.status = 'published' OR e.cancelled_at >= $3))
          OR (r.status IN ('cancelled', 'not_going') AND r.calendar_sequence > 0
              AND r.status_changed_at >= $3))
      ORDER BY e.starts_at, e.id""";

  record GroupState(UUID id, String slug, String name, long version, Instant changedAt) {}

  record EventState(UUID groupId, String title, long version, Instant changedAt) {}

  record PersonState(String email, long version, String rsvpPrint, String groupsPrint,
                     Instant changedAt) {}

  private final Pool pool;

  CalendarStore(Pool pool) {
    this.pool = pool;
  }

  Future<GroupState> groupState(String slug) {
    return pool.preparedQuery(GROUP_STATE).execute(Tuple.of(slug)).map(rows -> {
      if (rows.size() == 0) return null;
      Row r = rows.iterator().next();
      return new GroupState(r.getUUID("id"), r.getString("slug"), r.getString("name"),
          r.getLong("version"), instant(r.getOffsetDateTime("changed_at")));
    });
  }

  Future<EventState> eventState(String eventId) {
    return pool.preparedQuery(EVENT_STATE).execute(Tuple.of(eventId)).map(rows -> {
      if (rows.size() == 0) return null;
      Row r = rows.iterator().next();
      return new EventState(r.getUUID("group_id"), r.getString("title"), r.getLong("version"),
          instant(r.getOffsetDateTime("changed_at")));
    });
  }

  Future<PersonState> personState(String feedToken) {
    return pool.preparedQuery(PERSON_STATE).execute(Tuple.of(feedToken)).map(rows -> {
      if (rows.size() == 0) return null;
      Row r = rows.iterator().next();
      Instant changed = latest(instant(r.getOffsetDateTime("feed_changed_at")),
          instant(r.getOffsetDateTime("rsvps_changed_at")),
          instant(r.getOffsetDateTime("groups_changed_at")));
      return new PersonState(r.getString("email"), r.getLong("feed_version"),
          r.getString("rsvp_print"), r.getString("groups_print"), changed);
    });
  }

  Future<Event> event(String id) {
    return pool.preparedQuery(EVENT).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : EventStore.event(rows.iterator().next()));
  }

  Future<List<Event>> groupEvents(UUID groupId, FeedWindow w) {
    return pool.preparedQuery(GROUP_EVENTS)
        .execute(Tuple.of(groupId, utc(w.pastFrom()), utc(w.cancelledFrom())))
        .map(CalendarStore::events);
  }

  /** The person's entries, each with the status, SEQUENCE and online-link right for them. */
  Future<List<Ics.Entry>> personEntries(String email, FeedWindow w) {
    return pool.preparedQuery(PERSON_EVENTS)
        .execute(Tuple.of(email, utc(w.pastFrom()), utc(w.cancelledFrom())))
        .map(rows -> {
          List<Ics.Entry> out = new ArrayList<>(rows.size());
          for (Row r : rows) {
            Event e = EventStore.event(r);
            String rsvp = r.getString("rsvp_status");
            boolean left = RsvpInfo.CANCELLED.equals(rsvp) || RsvpInfo.NOT_GOING.equals(rsvp);
            String status = e.isCancelled() || left ? Ics.CANCELLED
                : RsvpInfo.GOING.equals(rsvp) ? Ics.CONFIRMED : Ics.TENTATIVE;
            Instant rsvpChanged = instant(r.getOffsetDateTime("rsvp_changed_at"));
            out.add(new Ics.Entry(e, status, e.sequence() + r.getInteger("calendar_sequence"),
                latest(e.updatedAt(), rsvpChanged), Ics.CONFIRMED.equals(status), List.of()));
          }
          return out;
        });
  }

  private static List<Event> events(RowSet<Row> rows) {
    List<Event> out = new ArrayList<>(rows.size());
    for (Row r : rows) out.add(EventStore.event(r));
    return out;
  }


  static Instant latest(Instant... ts) {
    Instant max = null;
    for (Instant t : ts) if (t != null && (max == null || t.isAfter(max))) max = t;
    return max == null ? Instant.EPOCH : max;
  }

  private static Instant instant(OffsetDateTime t) {
    return t == null ? null : t.toInstant();
  }

  private static OffsetDateTime utc(Instant t) {
    return t.atOffset(ZoneOffset.UTC);
  }


  /**
   * Replaces the feed token of the RSVP's address and queues the mail with the new link
   * ({@code mailPayload} of the new token) in the same transaction.
   */
  Future<Void> rotateFeed(UUID rsvpId, String email, Function<String, JsonObject> mailPayload) {
    return pool.withTransaction(conn -> FeedTokenStore.rotate(conn, email).compose(feed ->
        OutboxStore.enqueue(conn, Outbox.FEED_LINK, null, rsvpId, email, mailPayload.apply(feed))));
  }
}
