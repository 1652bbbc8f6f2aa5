package org.convene.rsvp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One person's answer to one event, with what they chose to share. */
public record Rsvp(
    UUID id,
    String eventId,
    String token,
    String email,
    String name,
    String response,
    String status,
    int guests,
    long arrival,
    Profile profile,
    boolean reminders,
    Instant createdAt,
    Instant updatedAt,
    Instant checkedInAt,
    Integer waitlistPosition,
    Instant verifiedAt,
    Instant offerExpiresAt,
    JsonObject answers) {

  public Rsvp(UUID id, String eventId, String token, String email, String name, String response,
              String status, int guests, long arrival, Profile profile, boolean reminders,
              Instant createdAt, Instant updatedAt, Instant checkedInAt, Integer waitlistPosition,
              Instant verifiedAt, Instant offerExpiresAt) {
    this(id, eventId, token, email, name, response, status, guests, arrival, profile, reminders,
        createdAt, updatedAt, checkedInAt, waitlistPosition, verifiedAt, offerExpiresAt,
        new JsonObject());
  }

  public Rsvp(UUID id, String eventId, String token, String email, String name, String response,
              String status, int guests, long arrival, Profile profile, boolean reminders,
              Instant createdAt, Instant updatedAt, Instant checkedInAt, Integer waitlistPosition,
              Instant verifiedAt) {
    this(id, eventId, token, email, name, response, status, guests, arrival, profile, reminders,
        createdAt, updatedAt, checkedInAt, waitlistPosition, verifiedAt, null);
  }

  public static final String GOING = "going";
  public static final String WAITLISTED = "waitlisted";
  public static final String MAYBE = "maybe";
  public static final String NOT_GOING = "not_going";
  public static final String CANCELLED = "cancelled";
  /** Approval on: a going answer waiting for an organizer; it holds no seat. */
  public static final String PENDING = "pending";
  /** Approval on: an organizer said no. */
  public static final String DECLINED = "declined";
  /** Claim window on: a freed seat is held for this person until they accept or it expires. */
  public static final String OFFERED = "offered";

  /** Sharing choices: nothing is shared unless the person says so. */
  public record Profile(boolean listed, boolean shareEmail, String headline, String company,
                        String url, List<String> goals, List<String> topics) {
    public static final Profile NOTHING = new Profile(false, false, null, null, null, List.of(), List.of());

    public JsonObject toJson() {
      return new JsonObject().put("headline", headline).put("company", company).put("url", url)
          .put("goals", new JsonArray(goals)).put("topics", new JsonArray(topics));
    }
  }

  /** Seats this RSVP holds or waits for: the person plus their guests. */
  public int party() {
    return 1 + guests;
  }

  /** Seat rows are owned while going, and while a freed seat is offered (V15). */
  public boolean holdsSeats() {
    return GOING.equals(status) || OFFERED.equals(status);
  }

  /**
   * True once the private link was used: it went by mail to this address only, so whoever used
   * it holds the mailbox. Sharing choices count, and the RSVP opens anyone's data, only then.
   */
  public boolean verified() {
    return verifiedAt != null;
  }

  public Rsvp withVerifiedAt(Instant at) {
    return new Rsvp(id, eventId, token, email, name, response, status, guests, arrival, profile,
        reminders, createdAt, updatedAt, checkedInAt, waitlistPosition, at, offerExpiresAt,
        answers);
  }

  /** The RSVP as its owner sees it in the API (they hold the link already). */
  public JsonObject api(String baseUrl) {
    return forOrganizer().put("manageUrl", baseUrl + "/r/" + token);
  }

  /**
   * The RSVP as the event's organizers see it: everything they need to act on it by id, and never
   * its private link, which would let them (or anyone holding their API token) act as the person.
   */
  public JsonObject forOrganizer() {
    return new JsonObject()
        .put("id", id.toString())
        .put("event", eventId)
        .put("name", name)
        .put("email", email)
        .put("response", response)
        .put("status", status)
        .put("guests", guests)
        .put("waitlistPosition", waitlistPosition)
        .put("offerExpiresAt", offerExpiresAt == null ? null : offerExpiresAt.toString())
        .put("listed", profile.listed())
        .put("shareEmail", profile.shareEmail())
        .put("profile", profile.toJson())
        .put("answers", answers == null ? new JsonObject() : answers.copy())
        .put("reminders", reminders)
        .put("verified", verified())
        .put("checkedInAt", checkedInAt == null ? null : checkedInAt.toString())
        .put("createdAt", createdAt.toString())
        .put("updatedAt", updatedAt.toString());
  }
}
