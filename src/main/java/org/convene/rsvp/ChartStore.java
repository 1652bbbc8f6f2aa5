package org.convene.rsvp;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The numbers behind the organizers' charts: one aggregate query per chart, counted by
 * PostgreSQL, so a 5,000-RSVP event sends a row per day, not a row per person. Erased RSVPs
 * count too: erasure keeps status and check-in time for exactly these anonymous counts.
 */
public final class ChartStore {
  // The day an answer came in, in the event's zone, by the answer it holds now: a waitlisted
  // person later seated counts as going on the day they answered. An offered seat is still in line.
  private static final String RSVPS_BY_DAY = """
      SELECT (date_trunc('day', created_at AT TIME ZONE $2))::date AS day,
             count(*) FILTER (WHERE status = 'going') AS going,
             count(*) FILTER (WHERE status IN ('waitlisted', 'offered')) AS waitlisted,
             count(*) FILTER (WHERE status = 'maybe') AS maybe
      FROM rsvps
      WHERE event_id = $1 AND status IN ('going', 'waitlisted', 'offered', 'maybe')
      GROUP BY 1 ORDER BY 1""";
  // Came: checked in at the door or marked attended afterwards (checked_in_at is the one sign).
  private static final String TURNOUT = """
      SELECT count(*) FILTER (WHERE status = 'going') AS going,
             count(*) FILTER (WHERE checked_in_at IS NOT NULL) AS came
      FROM rsvps WHERE event_id = $1""";
  // The group's published events that ended in the last 365 days, each with its two numbers.
  private static final String GROUP_TURNOUT = """
      SELECT e.id, e.title, (e.starts_at AT TIME ZONE e.time_zone)::date AS day,
             count(r.id) FILTER (WHERE r.status = 'going') AS going,
             count(r.id) FILTER (WHERE r.checked_in_at IS NOT NULL) AS came
      FROM events e LEFT JOIN rsvps r ON r.event_id = e.id
      WHERE e.group_id = $1 AND e.status = 'published'
        AND e.ends_at <= now() AND e.ends_at > now() - interval '365 days'
      GROUP BY e.id
      ORDER BY e.starts_at, e.id""";

  private final Pool pool;

  public ChartStore(Pool pool) {
    this.pool = pool;
  }

  /** New answers per day in {@code zone}, by the answer each holds now; days without any are absent. */
  public Future<List<Charts.Day>> rsvpsByDay(String eventId, ZoneId zone) {
    return pool.preparedQuery(RSVPS_BY_DAY).execute(Tuple.of(eventId, zone.getId())).map(rows -> {
      List<Charts.Day> out = new ArrayList<>();
      for (Row r : rows) {
        out.add(new Charts.Day(r.getLocalDate("day"), count(r, "going"), count(r, "waitlisted"),
            count(r, "maybe")));
      }
      return out;
    });
  }

  /** How many said going (and hold it) and how many came. */
  public Future<int[]> turnout(String eventId) {
    return pool.preparedQuery(TURNOUT).execute(Tuple.of(eventId)).map(rows -> {
      Row r = rows.iterator().next();
      return new int[] {count(r, "going"), count(r, "came")};
    });
  }

  /** The group's events that ended in the last year, oldest first, with going and came. */
  public Future<List<Charts.Turnout>> groupTurnout(UUID groupId) {
    return pool.preparedQuery(GROUP_TURNOUT).execute(Tuple.of(groupId)).map(rows -> {
      List<Charts.Turnout> out = new ArrayList<>();
      for (Row r : rows) {
        out.add(new Charts.Turnout(r.getString("id"), r.getString("title"), r.getLocalDate("day"),
            count(r, "going"), count(r, "came")));
      }
      return out;
    });
  }

  private static int count(Row r, String column) {
    Long v = r.getLong(column);
    return v == null ? 0 : v.intValue();
  }
}
