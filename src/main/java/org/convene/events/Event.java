package org.convene.events;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.UUID;

/** An event as stored: instants plus the IANA zone its wall-clock times are meant in. */
public record Event(
    String id,
    UUID groupId,
    String groupSlug,
    String groupName,
    String title,
    String description,
    Instant startsAt,
    Instant endsAt,
    ZoneId zone,
    String venue,
    String address,
    String onlineUrl,
    Integer capacity,
    int guestsAllowed,
    Instant rsvpDeadline,
    String status,
    int sequence,
    Instant createdAt,
    Instant updatedAt,
    int seatsTaken,
    boolean whosGoing,
    boolean approval,
    Integer claimWindowHours,
    String audience,
    java.util.List<Question> questions) {

  public Event(String id, UUID groupId, String groupSlug, String groupName, String title,
               String description, Instant startsAt, Instant endsAt, ZoneId zone, String venue,
               String address, String onlineUrl, Integer capacity, int guestsAllowed,
               Instant rsvpDeadline, String status, int sequence, Instant createdAt,
               Instant updatedAt, int seatsTaken, boolean whosGoing, boolean approval,
               Integer claimWindowHours, String audience) {
    this(id, groupId, groupSlug, groupName, title, description, startsAt, endsAt, zone, venue,
        address, onlineUrl, capacity, guestsAllowed, rsvpDeadline, status, sequence, createdAt,
        updatedAt, seatsTaken, whosGoing, approval, claimWindowHours, audience,
        java.util.List.of());
  }

  /** Everyone may see and answer it. */
  public static final String PUBLIC = "public";
  /** Only the group's verified members may answer it; it is not on / or the group's feed. */
  public static final String MEMBERS = "members";

  public Event(String id, UUID groupId, String groupSlug, String groupName, String title,
               String description, Instant startsAt, Instant endsAt, ZoneId zone, String venue,
               String address, String onlineUrl, Integer capacity, int guestsAllowed,
               Instant rsvpDeadline, String status, int sequence, Instant createdAt,
               Instant updatedAt, int seatsTaken, boolean whosGoing, boolean approval,
               Integer claimWindowHours) {
    this(id, groupId, groupSlug, groupName, title, description, startsAt, endsAt, zone, venue,
        address, onlineUrl, capacity, guestsAllowed, rsvpDeadline, status, sequence, createdAt,
        updatedAt, seatsTaken, whosGoing, approval, claimWindowHours, PUBLIC);
  }

  public boolean membersOnly() {
    return MEMBERS.equals(audience);
  }

  /** An event with neither approval nor a claim window (automatic promotion). */
  public Event(String id, UUID groupId, String groupSlug, String groupName, String title,
               String description, Instant startsAt, Instant endsAt, ZoneId zone, String venue,
               String address, String onlineUrl, Integer capacity, int guestsAllowed,
               Instant rsvpDeadline, String status, int sequence, Instant createdAt,
               Instant updatedAt, int seatsTaken, boolean whosGoing) {
    this(id, groupId, groupSlug, groupName, title, description, startsAt, endsAt, zone, venue,
        address, onlineUrl, capacity, guestsAllowed, rsvpDeadline, status, sequence, createdAt,
        updatedAt, seatsTaken, whosGoing, false, null, PUBLIC);
  }

  public static final String DRAFT = "draft";
  public static final String PUBLISHED = "published";
  public static final String CANCELLED = "cancelled";

  public boolean isDraft() {
    return DRAFT.equals(status);
  }

  /** True once the event has started: from then on the people page is about who came. */
  public boolean started(Instant now) {
    return !now.isBefore(startsAt);
  }

  /**
   * Whether a person in this RSVP status may see the address and online link: with approval on,
   * only once an organizer approved them (seated, offered a seat, or waiting in line).
   */
  public boolean placeShownTo(String rsvpStatus) {
    if (!approval) return true;
    return "going".equals(rsvpStatus) || "waitlisted".equals(rsvpStatus)
        || "offered".equals(rsvpStatus);
  }

  public boolean isCancelled() {
    return CANCELLED.equals(status);
  }

  /** Seats still free, or null when the event has no capacity limit (or was loaded uncounted). */
  public Integer seatsLeft() {
    return capacity == null || seatsTaken < 0 ? null : Math.max(0, capacity - seatsTaken);
  }

  public LocalDateTime localStart() {
    return LocalDateTime.ofInstant(startsAt, zone);
  }

  public LocalDateTime localEnd() {
    return LocalDateTime.ofInstant(endsAt, zone);
  }

  /** Why RSVPs are closed right now, or null when they are open. */
  public String rsvpClosedReason(Instant now) {
    if (isCancelled()) return "This event was cancelled, so RSVPs are closed.";
    if (isDraft()) return "This event is not published yet.";
    if (!now.isBefore(startsAt)) return "This event has already started, so RSVPs are closed.";
    if (rsvpDeadline != null && !now.isBefore(rsvpDeadline)) {
      return "The RSVP deadline has passed.";
    }
    return null;
  }
}
