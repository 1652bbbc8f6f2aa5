package org.convene.events;

import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Map;
import org.convene.web.Fields;

/**
 * What makes an event valid, with no I/O: the same checks serve the web form and the API, and
 * answer one message per field.
 */
public final class EventRules {
  public static final int MAX_DESCRIPTION = 10_000;
  public static final int MAX_GUESTS = 10;
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

  private EventRules() {}

  /**
   * What an organizer typed: every value a string as it arrives from a form (the API converts
   * its numbers). Times are wall-clock times in {@code timeZone}.
   */
  public record Input(String title, String description, String startsAt, String endsAt,
                      String timeZone, String venue, String address, String onlineUrl,
                      String capacity, String guestsAllowed, String rsvpDeadline, String status,
                      String whosGoing, String approval, String claimWindowHours,
                      String audience) {

    public Input(String title, String description, String startsAt, String endsAt,
                 String timeZone, String venue, String address, String onlineUrl,
                 String capacity, String guestsAllowed, String rsvpDeadline, String status,
                 String whosGoing, String approval, String claimWindowHours) {
      this(title, description, startsAt, endsAt, timeZone, venue, address, onlineUrl, capacity,
          guestsAllowed, rsvpDeadline, status, whosGoing, approval, claimWindowHours, null);
    }

    /** Without approval or a claim window (their defaults). */
    public Input(String title, String description, String startsAt, String endsAt,
                 String timeZone, String venue, String address, String onlineUrl,
                 String capacity, String guestsAllowed, String rsvpDeadline, String status,
                 String whosGoing) {
      this(title, description, startsAt, endsAt, timeZone, venue, address, onlineUrl, capacity,
          guestsAllowed, rsvpDeadline, status, whosGoing, null, null, null);
    }

    public static Input of(Event e) {
      return new Input(e.title(), e.description(), local(e.startsAt(), e.zone()),
          local(e.endsAt(), e.zone()), e.zone().getId(), e.venue(), e.address(), e.onlineUrl(),
          e.capacity() == null ? null : e.capacity().toString(),
          Integer.toString(e.guestsAllowed()),
          e.rsvpDeadline() == null ? null : local(e.rsvpDeadline(), e.zone()), e.status(),
          Boolean.toString(e.whosGoing()), Boolean.toString(e.approval()),
          e.claimWindowHours() == null ? null : e.claimWindowHours().toString(), e.audience());
    }

    /** This input with the given fields replaced (PATCH semantics; a null value clears). */
    public Input with(Map<String, String> changes) {
      return new Input(
          changes.containsKey("title") ? changes.get("title") : title,
          changes.containsKey("description") ? changes.get("description") : description,
          changes.containsKey("startsAt") ? changes.get("startsAt") : startsAt,
          changes.containsKey("endsAt") ? changes.get("endsAt") : endsAt,
          changes.containsKey("timeZone") ? changes.get("timeZone") : timeZone,
          changes.containsKey("venue") ? changes.get("venue") : venue,
          changes.containsKey("address") ? changes.get("address") : address,
          changes.containsKey("onlineUrl") ? changes.get("onlineUrl") : onlineUrl,
          changes.containsKey("capacity") ? changes.get("capacity") : capacity,
          changes.containsKey("guestsAllowed") ? changes.get("guestsAllowed") : guestsAllowed,
          changes.containsKey("rsvpDeadline") ? changes.get("rsvpDeadline") : rsvpDeadline,
          changes.containsKey("status") ? changes.get("status") : status,
          changes.containsKey("whosGoing") ? changes.get("whosGoing") : whosGoing,
          changes.containsKey("approval") ? changes.get("approval") : approval,
          changes.containsKey("claimWindowHours") ? changes.get("claimWindowHours")
              : claimWindowHours,
          changes.containsKey("audience") ? changes.get("audience") : audience);
    }

    public JsonObject toJson() {
      return new JsonObject().put("title", title).put("description", description)
          .put("startsAt", startsAt).put("endsAt", endsAt).put("timeZone", timeZone)
          .put("venue", venue).put("address", address).put("onlineUrl", onlineUrl)
          .put("capacity", capacity).put("guestsAllowed", guestsAllowed)
          .put("rsvpDeadline", rsvpDeadline).put("status", status)
          .put("whosGoing", "true".equals(whosGoing))
          .put("approval", "true".equals(approval)).put("claimWindowHours", claimWindowHours)
          .put("audience", audience == null ? Event.PUBLIC : audience)
          .put("membersOnly", Event.MEMBERS.equals(audience));
    }
  }

  /** A checked event, ready to store. */
  public record Valid(String title, String description, Instant startsAt, Instant endsAt,
                        ZoneId zone, String venue, String address, String onlineUrl,
                        Integer capacity, int guestsAllowed, Instant rsvpDeadline, String status,
                        boolean whosGoing, boolean approval, Integer claimWindowHours,
                        String audience) {
    public Valid(String title, String description, Instant startsAt, Instant endsAt,
                 ZoneId zone, String venue, String address, String onlineUrl,
                 Integer capacity, int guestsAllowed, Instant rsvpDeadline, String status,
                 boolean whosGoing, boolean approval, Integer claimWindowHours) {
      this(title, description, startsAt, endsAt, zone, venue, address, onlineUrl, capacity,
          guestsAllowed, rsvpDeadline, status, whosGoing, approval, claimWindowHours,
          Event.PUBLIC);
    }

    /** Without approval or a claim window (their defaults). */
    public Valid(String title, String description, Instant startsAt, Instant endsAt,
                 ZoneId zone, String venue, String address, String onlineUrl,
                 Integer capacity, int guestsAllowed, Instant rsvpDeadline, String status,
                 boolean whosGoing) {
      this(title, description, startsAt, endsAt, zone, venue, address, onlineUrl, capacity,
          guestsAllowed, rsvpDeadline, status, whosGoing, false, null, Event.PUBLIC);
    }
  }

  /** The longest claim window: a week to accept a freed seat. */
  public static final int MAX_CLAIM_WINDOW_HOURS = 168;

  /** The outcome: either fields or errors (field name to message). */
  public record Checked(Valid fields, JsonObject errors) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  /** The largest capacity when none is configured (MAX_EVENT_CAPACITY). */
  public static final int DEFAULT_MAX_CAPACITY = 20_000;

  public static Checked check(Input in) {
    return check(in, DEFAULT_MAX_CAPACITY);
  }

  /** Checks an event; {@code maxCapacity} 0 means the technical ceiling of 1,000,000. */
  public static Checked check(Input in, int capacityCeiling) {
    int maxCapacity = capacityCeiling <= 0 ? 1_000_000 : capacityCeiling;
    JsonObject errors = new JsonObject();
    String title = Fields.line(in.title());
    if (title == null) errors.put("title", "Give the event a title.");
    else if (title.length() > 200) errors.put("title", "Keep the title under 200 characters.");

    String description = Fields.clean(in.description());
    if (description != null && description.length() > MAX_DESCRIPTION) {
      errors.put("description", "Keep the description under " + MAX_DESCRIPTION + " characters.");
    }

    ZoneId zone = null;
    String zoneName = in.timeZone() == null ? null : in.timeZone().trim();
    if (zoneName == null || zoneName.isEmpty()) {
      errors.put("timeZone", "Choose the time zone the event takes place in.");
    } else {
      zone = zoneOf(zoneName);
      if (zone == null) {
        errors.put("timeZone", "'" + zoneName + "' is not a known time zone; use a name like Europe/Berlin.");
      }
    }

    Instant starts = zone == null ? null : instant(in.startsAt(), zone, "startsAt", "start", errors);
    Instant ends = zone == null ? null : instant(in.endsAt(), zone, "endsAt", "end", errors);
    if (starts != null && ends != null && !ends.isAfter(starts)) {
      errors.put("endsAt", "The end must be after the start.");
    }
    if (starts != null && ends != null && java.time.Duration.between(starts, ends).toDays() > 31) {
      errors.put("endsAt", "An event can last at most 31 days.");
    }

    Instant deadline = null;
    if (blank(in.rsvpDeadline()) == null) {
      deadline = null;
    } else if (zone != null) {
      deadline = instant(in.rsvpDeadline(), zone, "rsvpDeadline", "RSVP deadline", errors);
      if (deadline != null && ends != null && deadline.isAfter(ends)) {
        errors.put("rsvpDeadline", "The RSVP deadline must be before the event ends.");
      }
    }

    String venue = Fields.line(in.venue());
    if (venue != null && venue.length() > 200) errors.put("venue", "Keep the venue under 200 characters.");
    String address = Fields.clean(in.address());
    if (address != null && address.length() > 500) errors.put("address", "Keep the address under 500 characters.");
    String online = blank(in.onlineUrl());
    if (online != null && !Fields.isWebLink(online)) {
      errors.put("onlineUrl", "Use a full http:// or https:// link.");
    }

    Integer capacity = null;
    String cap = blank(in.capacity());
    if (cap != null) {
      capacity = parseInt(cap);
      if (capacity == null || capacity < 1 || capacity > maxCapacity) {
        errors.put("capacity", "Capacity is a whole number from 1 to "
            + String.format(java.util.Locale.ENGLISH, "%,d", maxCapacity) + ", or empty for no limit.");
      }
    }
    int guests = 0;
    String g = blank(in.guestsAllowed());
    if (g != null) {
      Integer parsed = parseInt(g);
      if (parsed == null || parsed < 0 || parsed > MAX_GUESTS) {
        errors.put("guestsAllowed", "Guests per RSVP is a whole number from 0 to " + MAX_GUESTS + ".");
      } else {
        guests = parsed;
      }
    }
    String status = blank(in.status()) == null ? Event.DRAFT : in.status().trim();
    if (!List.of(Event.DRAFT, Event.PUBLISHED, Event.CANCELLED).contains(status)) {
      errors.put("status", "Status is draft, published or cancelled.");
    }
    Integer claimWindow = null;
    String window = blank(in.claimWindowHours());
    if (window != null) {
      claimWindow = parseInt(window);
      if (claimWindow == null || claimWindow < 1 || claimWindow > MAX_CLAIM_WINDOW_HOURS) {
        errors.put("claimWindowHours", "The claim window is a whole number of hours from 1 to "
            + MAX_CLAIM_WINDOW_HOURS + ", or empty to give freed seats away at once.");
      }
    }
    String audience = blank(in.audience()) == null ? Event.PUBLIC : in.audience().trim();
    if (!List.of(Event.PUBLIC, Event.MEMBERS).contains(audience)) {
      errors.put("audience", "Audience is public (anyone may RSVP) or members (the group's"
          + " verified members only).");
    }
    if (!errors.isEmpty()) return new Checked(null, errors);
    return new Checked(new Valid(title, description == null ? "" : description, starts, ends,
        zone, venue, address, online, capacity, guests, deadline, status,
        "true".equals(in.whosGoing()), "true".equals(in.approval()), claimWindow, audience),
        errors);
  }

  /** A zone by its IANA name only: fixed offsets and abbreviations like "EST" are refused. */
  public static ZoneId zoneOf(String name) {
    if (!name.contains("/") && !name.equals("UTC")) return null;
    try {
      return ZoneId.of(name);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /**
   * A wall-clock time in a zone as an instant. A time that does not exist (skipped by a
   * daylight-saving jump) is refused with the nearest valid times named; a time that occurs twice
   * (clocks going back) means its first occurrence, the earlier offset, as calendar apps do.
   */
  static Instant instant(String raw, ZoneId zone, String field, String label, JsonObject errors) {
    String s = blank(raw);
    if (s == null) {
      errors.put(field, "Enter the " + label + " date and time.");
      return null;
    }
    LocalDateTime local;
    try {
      local = LocalDateTime.parse(s.length() > 16 && s.charAt(16) == ':' ? s.substring(0, 16) : s, LOCAL);
      if (s.length() > 16 && !s.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:00(\\.0+)?)?")) {
        throw new DateTimeParseException("extra", s, 16);
      }
    } catch (DateTimeParseException e) {
      errors.put(field, "Use the form 2026-12-05T18:30 (local time, no offset).");
      return null;
    }
    if (local.getYear() < 2000 || local.getYear() > 2100) {
      errors.put(field, "Choose a date between the years 2000 and 2100.");
      return null;
    }
    ZoneRules rules = zone.getRules();
    List<ZoneOffset> offsets = rules.getValidOffsets(local);
    if (offsets.isEmpty()) {
      ZoneOffsetTransition gap = rules.getTransition(local);
      errors.put(field, local.format(LOCAL).replace('T', ' ') + " does not exist in " + zone.getId()
          + ": clocks jump from " + gap.getDateTimeBefore().toLocalTime() + " to "
          + gap.getDateTimeAfter().toLocalTime() + " that day. Choose another time.");
      return null;
    }
    return local.toInstant(offsets.get(0));
  }

  public static String local(Instant t, ZoneId zone) {
    return LocalDateTime.ofInstant(t, zone).format(LOCAL);
  }

  private static Integer parseInt(String s) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
