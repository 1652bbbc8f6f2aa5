package org.convene.calendar;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.UUID;

/**
 * What an invite needs to know about its attendee. {@code calendarSequence} is the attendee's
 * own SEQUENCE offset (rsvps.calendar_sequence, raised by a trigger when they leave or come back).
 */
public record RsvpInfo(UUID id, String email, String name, String status, int calendarSequence,
                       Instant updatedAt) {

  public static final String GOING = "going";
  public static final String WAITLISTED = "waitlisted";
  public static final String MAYBE = "maybe";
  public static final String NOT_GOING = "not_going";
  public static final String CANCELLED = "cancelled";

  private static final String BY_ID = """
      SELECT id, email, name, status, calendar_sequence,
        greatest(updated_at, status_changed_at) AS changed_at
      FROM rsvps WHERE id = $1""";

  /** True when the attendee is out of the event (their copy gets a CANCEL). */
  public boolean removed() {
    return CANCELLED.equals(status) || NOT_GOING.equals(status);
  }

  /** The RSVP as an invite needs it, or null; works on a pool or inside a transaction. */
  public static Future<RsvpInfo> load(SqlClient db, UUID rsvpId) {
    return db.preparedQuery(BY_ID).execute(Tuple.of(rsvpId))
        .map(rows -> rows.size() == 0 ? null : of(rows.iterator().next()));
  }

  static RsvpInfo of(Row r) {
    return new RsvpInfo(r.getUUID("id"), r.getString("email"), r.getString("name"),
        r.getString("status"), r.getInteger("calendar_sequence"),
        r.getOffsetDateTime("changed_at").toInstant());
  }
}
