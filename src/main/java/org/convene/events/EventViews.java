package org.convene.events;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How an event reads: on pages (local time with the zone named) and in the API. */
public final class EventViews {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

  private EventViews() {}

  /** "Berlin time" for Europe/Berlin, "New York time" for America/New_York, "UTC" for UTC. */
  public static String zoneLabel(ZoneId zone) {
    String id = zone.getId();
    if (!id.contains("/")) return id;
    String city = id.substring(id.lastIndexOf('/') + 1).replace('_', ' ');
    return city + " time";
  }

  /** "Fri 15 Jan 2027, 18:30–21:00 (Berlin time)", or both days when it runs past midnight. */
  public static String when(Instant start, Instant end, ZoneId zone) {
    LocalDateTime s = LocalDateTime.ofInstant(start, zone);
    LocalDateTime e = LocalDateTime.ofInstant(end, zone);
    String range = s.toLocalDate().equals(e.toLocalDate())
        ? DAY.format(s) + ", " + TIME.format(s) + "–" + TIME.format(e)
        : DAY.format(s) + ", " + TIME.format(s) + " – " + DAY.format(e) + ", " + TIME.format(e);
    return range + " (" + zoneLabel(zone) + ")";
  }

  public static String moment(Instant t, ZoneId zone) {
    LocalDateTime l = LocalDateTime.ofInstant(t, zone);
    return DAY.format(l) + ", " + TIME.format(l) + " (" + zoneLabel(zone) + ")";
  }

  /** The event for templates. The online link only when the viewer may have it. */
  public static JsonObject page(Event e, String baseUrl, boolean showOnlineLink, Instant now) {
    return page(e, baseUrl, showOnlineLink, !e.approval() || showOnlineLink, now);
  }

  /**
   * The same, saying whether the viewer may see the address: with approval on, only approved
   * attendees and organizers may ({@link Event#placeShownTo}).
   */
  public static JsonObject page(Event e, String baseUrl, boolean showOnlineLink,
                                boolean showAddress, Instant now) {
    JsonObject j = new JsonObject()
        .put("id", e.id()).put("title", e.title()).put("description", e.description())
        .put("groupSlug", e.groupSlug()).put("groupName", e.groupName())
        .put("when", when(e.startsAt(), e.endsAt(), e.zone()))
        .put("startsAtUtc", e.startsAt().toString()).put("endsAtUtc", e.endsAt().toString())
        .put("zone", e.zone().getId()).put("zoneLabel", zoneLabel(e.zone()))
        .put("venue", e.venue()).put("address", showAddress ? e.address() : null)
        .put("placeHidden", !showAddress && e.address() != null)
        .put("online", e.onlineUrl() != null)
        .put("capacity", e.capacity()).put("seatsLeft", e.seatsLeft())
        .put("full", e.seatsLeft() != null && e.seatsLeft() == 0)
        .put("guestsAllowed", e.guestsAllowed())
        .put("whosGoing", e.whosGoing())
        .put("approval", e.approval())
        .put("claimWindowHours", e.claimWindowHours())
        .put("membersOnly", e.membersOnly())
        .put("status", e.status())
        .put("cancelled", e.isCancelled()).put("draft", e.isDraft())
        .put("past", !e.endsAt().isAfter(now))
        .put("url", baseUrl + "/e/" + e.id())
        .put("path", "/e/" + e.id());
    if (e.rsvpDeadline() != null) j.put("deadline", moment(e.rsvpDeadline(), e.zone()));
    if (showOnlineLink && e.onlineUrl() != null) j.put("onlineUrl", e.onlineUrl());
    return j;
  }

  /** Events as the lists of the home, group and dashboard pages show them (relative links). */
  public static io.vertx.core.json.JsonArray cards(java.util.List<Event> list, Instant now) {
    io.vertx.core.json.JsonArray out = new io.vertx.core.json.JsonArray();
    for (Event e : list) out.add(page(e, "", false, now));
    return out;
  }

  /** The event in the API. Organizers see the online link; the public sees only that one exists. */
  public static JsonObject api(Event e, String baseUrl, boolean organizer) {
    JsonObject j = new JsonObject()
        .put("id", e.id())
        .put("group", e.groupSlug())
        .put("groupName", e.groupName())
        .put("title", e.title())
        .put("description", e.description())
        .put("startsAt", EventRules.local(e.startsAt(), e.zone()))
        .put("endsAt", EventRules.local(e.endsAt(), e.zone()))
        .put("timeZone", e.zone().getId())
        .put("startsAtUtc", e.startsAt().toString())
        .put("endsAtUtc", e.endsAt().toString())
        .put("venue", e.venue())
        .put("address", organizer || !e.approval() ? e.address() : null)
        .put("hasOnlineUrl", e.onlineUrl() != null)
        .put("capacity", e.capacity())
        .put("guestsAllowed", e.guestsAllowed())
        .put("whosGoing", e.whosGoing())
        .put("approval", e.approval())
        .put("claimWindowHours", e.claimWindowHours())
        .put("audience", e.audience())
        .put("questions", Question.json(e.questions()))
        .put("rsvpDeadline", e.rsvpDeadline() == null ? null : EventRules.local(e.rsvpDeadline(), e.zone()))
        .put("rsvpDeadlineUtc", e.rsvpDeadline() == null ? null : e.rsvpDeadline().toString())
        .put("status", e.status())
        .put("sequence", e.sequence())
        .put("seatsTaken", e.seatsTaken())
        .put("seatsLeft", e.seatsLeft())
        .put("url", baseUrl + "/e/" + e.id())
        .put("icsUrl", baseUrl + "/e/" + e.id() + "/event.ics")
        .put("updatedAt", e.updatedAt().toString());
    if (organizer) j.put("onlineUrl", e.onlineUrl());
    return j;
  }
}
