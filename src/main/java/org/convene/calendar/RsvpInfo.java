package org.convene.calendar;

import io.vertx.sqlclient.Row;
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


  /** True when the attendee is out of the event (their copy gets a CANCEL). */
  public boolean removed() {
    return CANCELLED.equals(status) || NOT_GOING.equals(status);
  }

  /** From a row of {@link InviteeStore}. */
  static RsvpInfo of(Row r) {
    return new RsvpInfo(r.getUUID("id"), r.getString("email"), r.getString("name"),
        r.getString("status"), r.getInteger("calendar_sequence"),
        r.getOffsetDateTime("changed_at").toInstant());
  }
}
