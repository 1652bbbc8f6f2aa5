package org.convene.members;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.convene.core.Problem;
import org.convene.web.Fields;

/** What a coffee-chat request and its answer must be. No I/O. */
public final class CoffeeChatRules {
  /** Requests one member may send per day (UTC): a directory must not become a mailing list. */
  public static final int PER_SENDER_PER_DAY = 5;
  public static final int MAX_TIMES = 3;
  public static final int MAX_MESSAGE = 1000;
  public static final int DEFAULT_MINUTES = 30;
  /** How far ahead times may be proposed. */
  static final Duration HORIZON = Duration.ofDays(366);

  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
  private static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm", Locale.ENGLISH);

  /** The zones the forms offer (the API takes any IANA name). */
  public static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream()
      .filter(z -> z.matches("(Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Za-z_/]+")
          || z.equals("UTC"))
      .sorted().toList();

  private CoffeeChatRules() {}

  /** The zone choices of a form, {@code selected} marked. */
  public static JsonArray zoneOptions(String selected) {
    JsonArray out = new JsonArray();
    for (String z : ZONES) out.add(new JsonObject().put("value", z).put("selected", z.equals(selected)));
    return out;
  }

  /** A request that passed every rule: the times as instants, proposed in {@code zone}. */
  public record Valid(UUID to, String message, List<Instant> times, ZoneId zone, int minutes) {}

  /**
   * Checks a request; every problem goes into {@code errors} by field (to, message, times,
   * times.N, timeZone, minutes) and the answer is null if there was any.
   */
  public static Valid request(String to, String message, List<String> times, String timeZone,
                              Integer minutes, Instant now, JsonObject errors) {
    UUID target = null;
    if (to == null || to.isBlank()) {
      errors.put("to", "the id of the member to ask");
    } else {
      try {
        target = UUID.fromString(to.trim());
      } catch (IllegalArgumentException e) {
        errors.put("to", "is not a member id");
      }
    }
    String text = Fields.clean(message);
    if (text == null) errors.put("message", "Say in a line or two what you would like to talk about.");
    else if (text.length() > MAX_MESSAGE) {
      errors.put("message", "must be at most " + MAX_MESSAGE + " characters");
    }
    ZoneId zone = zone(timeZone);
    if (zone == null) errors.put("timeZone", "must be a time zone such as Europe/Berlin");
    int length = minutes == null ? DEFAULT_MINUTES : minutes;
    if (length < 15 || length > 120) errors.put("minutes", "must be from 15 to 120");
    List<String> given = times == null ? List.of()
        : times.stream().filter(t -> t != null && !t.isBlank()).map(String::trim).toList();
    List<Instant> instants = new ArrayList<>();
    if (given.isEmpty()) errors.put("times", "Propose at least one time.");
    else if (given.size() > MAX_TIMES) errors.put("times", "Propose at most " + MAX_TIMES + " times.");
    else if (zone != null) {
      for (int i = 0; i < given.size(); i++) {
        String field = "times." + i;
        Instant t = local(given.get(i), zone);
        if (t == null) {
          errors.put(field, "must be a local time such as 2026-12-10T09:30 that exists in " + zone.getId());
        } else if (!t.isAfter(now)) {
          errors.put(field, "must be in the future");
        } else if (t.isAfter(now.plus(HORIZON))) {
          errors.put(field, "must be within a year");
        } else if (instants.contains(t)) {
          errors.put(field, "is proposed twice");
        } else {
          instants.add(t);
        }
      }
    }
    if (!errors.isEmpty()) return null;
    return new Valid(target, text, instants, zone, length);
  }

  /** An IANA zone name, or null. Offsets ("+02:00") are refused: they do not know DST. */
  public static ZoneId zone(String name) {
    if (name == null || name.isBlank() || !name.contains("/") && !"UTC".equals(name.trim())) {
      return null;
    }
    try {
      return ZoneId.of(name.trim());
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** A wall-clock time in {@code zone}; null when malformed or skipped by a DST change. */
  static Instant local(String text, ZoneId zone) {
    try {
      LocalDateTime t = LocalDateTime.parse(text);
      ZonedDateTime z = t.atZone(zone);
      if (!z.toLocalDateTime().equals(t)) return null;
      return z.toInstant().truncatedTo(ChronoUnit.MINUTES);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * The proposed time an answer picks: a UTC or offset instant as the API shows them, or a local
   * time in the chat's zone. Problem INVALID (field "time") when it is none of the proposed.
   */
  public static Instant chosen(CoffeeChat chat, String time, Instant now) {
    if (time == null || time.isBlank()) throw invalid("Choose one of the proposed times.");
    Instant t;
    try {
      t = OffsetDateTime.parse(time.trim()).toInstant();
    } catch (DateTimeParseException e) {
      t = local(time.trim(), chat.zone());
    }
    if (t == null || !chat.times().contains(t)) throw invalid("must be one of the proposed times");
    if (!t.isAfter(now)) throw invalid("That time has passed; choose a later one.");
    return t;
  }

  private static Problem invalid(String message) {
    return Problem.invalid(new JsonObject().put("time", message));
  }

  /** A time as the API shows it: local in {@code zone}, and in UTC. */
  public static JsonObject timeJson(Instant t, ZoneId zone) {
    return new JsonObject().put("startsAt", LOCAL.format(t.atZone(zone)))
        .put("startsAtUtc", t.toString()).put("timeZone", zone.getId());
  }

  /** A time as people read it, with its zone. */
  public static String shown(Instant t, ZoneId zone) {
    return SHOWN.format(t.atZone(zone)) + " (" + zone.getId() + ")";
  }

  public static JsonArray timesJson(List<Instant> times, ZoneId zone) {
    JsonArray out = new JsonArray();
    for (Instant t : times) out.add(timeJson(t, zone));
    return out;
  }

  /** The value a datetime-local input shows for {@code t} in {@code zone}. */
  public static String localValue(Instant t, ZoneId zone) {
    return LOCAL.format(t.atZone(zone));
  }
}
