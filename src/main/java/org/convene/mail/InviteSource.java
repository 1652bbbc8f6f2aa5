package org.convene.mail;

import io.vertx.core.Future;
import java.util.UUID;

/**
 * Where mails get their iTIP calendars (RFC 5546). The calendar feature owns the event UIDs and
 * builds these with iCal4j; mail only attaches what it is given, so it never writes iCal itself.
 */
public interface InviteSource {
  /** METHOD:REQUEST for the person behind this RSVP: the event as it is now, with its SEQUENCE. */
  Future<String> request(String eventId, UUID rsvpId);

  /** METHOD:CANCEL for the person behind this RSVP (the event, or their RSVP, was cancelled). */
  Future<String> cancel(String eventId, UUID rsvpId);

  /** The sending address, ORGANIZER of invites that are not about an event; null if unknown. */
  default String organizerAddress() {
    return null;
  }
}
