package org.convene.events;

import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * When a series' occurrences take place, with no I/O. Dates are counted in the event's zone and
 * every occurrence keeps the first one's local wall-clock times, so a 19:00 meetup stays at 19:00
 * on both sides of a daylight-saving change.
 *
 * <p>A local time that does not exist on some date (skipped when clocks jump forward) moves
 * forward by the length of the gap (02:30 becomes 03:30), as RFC 5545 3.3.10 asks of recurrence
 * instances and as calendar apps show it; a time that occurs twice means its first occurrence,
 * as {@link EventRules} decides for a single event.
 */
public final class SeriesRules {
  /** Occurrences in a series, the event it is made from included. */
  public static final int MAX_OCCURRENCES = 52;

  private SeriesRules() {}

  public record Input(String every, Integer interval, Integer nth, Integer weekday, String until,
                      Integer count) {}

  /** A checked rule; {@code nth} only for months (-1 = last), weekday ISO (1 = Monday). */
  public record Rule(String every, int interval, Integer nth, int weekday, LocalDate until,
                     Integer count) {
    public JsonObject toJson() {
      return new JsonObject().put("every", every).put("interval", interval).put("nth", nth)
          .put("weekday", weekday).put("until", until == null ? null : until.toString())
          .put("count", count);
    }

    /** "Every 2 weeks on Tuesday", "Monthly on the last Thursday". */
    public String describe() {
      String day = DayOfWeek.of(weekday).getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH);
      if ("week".equals(every)) {
        return (interval == 1 ? "Every week" : "Every " + interval + " weeks") + " on " + day;
      }
      String which = switch (nth) {
        case -1 -> "last";
        case 1 -> "first";
        case 2 -> "second";
        case 3 -> "third";
        default -> "fourth";
      };
      return (interval == 1 ? "Monthly" : "Every " + interval + " months") + " on the " + which
          + " " + day;
    }
  }

  public record Checked(Rule rule, JsonObject errors) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  /** One occurrence's times, resolved in the zone. */
  public record Times(Instant startsAt, Instant endsAt, Instant rsvpDeadline) {}

  /** Checks a rule for a series made from {@code first}; missing weekday and nth follow it. */
  public static Checked check(Input in, Event first) {
    JsonObject errors = new JsonObject();
    LocalDate day = first.localStart().toLocalDate();
    String every = in.every() == null ? null : in.every().trim();
    if (!"week".equals(every) && !"month".equals(every)) {
      errors.put("every", "Repeat every \"week\" or every \"month\".");
    }
    int interval = in.interval() == null ? 1 : in.interval();
    if (interval < 1 || interval > 12) {
      errors.put("interval", "The interval is a whole number from 1 to 12.");
    }
    int weekday = in.weekday() == null ? day.getDayOfWeek().getValue() : in.weekday();
    if (weekday < 1 || weekday > 7) {
      errors.put("weekday", "The weekday is 1 (Monday) to 7 (Sunday).");
    }
    Integer nth = null;
    if ("month".equals(every)) {
      nth = in.nth() == null ? nthOf(day) : in.nth();
      if (nth != -1 && (nth < 1 || nth > 4)) {
        errors.put("nth", "Choose the 1st to 4th weekday of the month, or -1 for the last.");
      }
    } else if (in.nth() != null) {
      errors.put("nth", "nth is for monthly series only.");
    }
    LocalDate until = null;
    if (in.until() != null && in.count() != null) {
      errors.put("until", "Give either an end date or a count, not both.");
    } else if (in.until() == null && in.count() == null) {
      errors.put("count", "Say how many times it happens, or until which date.");
    } else if (in.count() != null) {
      if (in.count() < 2 || in.count() > MAX_OCCURRENCES) {
        errors.put("count", "A series has 2 to " + MAX_OCCURRENCES + " occurrences, this event included.");
      }
    } else {
      try {
        until = LocalDate.parse(in.until().trim());
        if (!until.isAfter(day)) errors.put("until", "The end date must be after the event's date.");
      } catch (java.time.format.DateTimeParseException e) {
        errors.put("until", "Use the form 2027-06-30.");
      }
    }
    if (!errors.isEmpty()) return new Checked(null, errors);
    Rule rule = new Rule(every, interval, nth, weekday, until, in.count());
    List<LocalDate> dates = dates(rule, day);
    if (dates.size() < 2) {
      errors.put("until", "No occurrence falls after this event before that date.");
    } else if (until != null && dates.size() > MAX_OCCURRENCES) {
      errors.put("until", "A series has at most " + MAX_OCCURRENCES
          + " occurrences; that date would make " + dates.size() + ". Choose an earlier date.");
    }
    return errors.isEmpty() ? new Checked(rule, errors) : new Checked(null, errors);
  }

  /**
   * The dates of the series, the first event's date first. Later dates follow the rule even when
   * the first does not (a rule "last Thursday" made from a first Thursday starts next month).
   * With an end date, one more than the limit at most, so the caller can say it is too many.
   */
  static List<LocalDate> dates(Rule rule, LocalDate first) {
    List<LocalDate> out = new ArrayList<>();
    out.add(first);
    int wanted = rule.count() != null ? rule.count() : MAX_OCCURRENCES + 1;
    DayOfWeek dow = DayOfWeek.of(rule.weekday());
    for (int k = 1; out.size() < wanted && k <= 12 * MAX_OCCURRENCES; k++) {
      LocalDate d;
      if ("week".equals(rule.every())) {
        // the same weekday in the week k intervals on (weeks begin on Monday)
        d = first.plusWeeks((long) k * rule.interval()).with(DayOfWeek.MONDAY)
            .with(TemporalAdjusters.nextOrSame(dow));
      } else {
        LocalDate month = first.withDayOfMonth(1).plusMonths((long) k * rule.interval());
        d = rule.nth() == -1 ? month.with(TemporalAdjusters.lastInMonth(dow))
            : month.with(TemporalAdjusters.dayOfWeekInMonth(rule.nth(), dow));
      }
      if (!d.isAfter(first)) continue;
      if (rule.until() != null && d.isAfter(rule.until())) break;
      out.add(d);
    }
    return out;
  }

  /** The occurrences' times: the first event's local times moved to each date. */
  public static List<Times> occurrences(Rule rule, Event first) {
    LocalDate firstDay = first.localStart().toLocalDate();
    List<Times> out = new ArrayList<>();
    for (LocalDate d : dates(rule, firstDay)) {
      long days = java.time.temporal.ChronoUnit.DAYS.between(firstDay, d);
      out.add(new Times(
          shifted(first.startsAt(), first.zone(), Duration.ofDays(days)),
          shifted(first.endsAt(), first.zone(), Duration.ofDays(days)),
          first.rsvpDeadline() == null ? null
              : shifted(first.rsvpDeadline(), first.zone(), Duration.ofDays(days))));
    }
    return out;
  }

  /**
   * The instant whose local time in the zone is {@code t}'s local time moved by a wall-clock
   * amount (days and clock time, not elapsed time), with the gap rule of this class.
   */
  public static Instant shifted(Instant t, ZoneId zone, Duration wallClock) {
    LocalDateTime local = LocalDateTime.ofInstant(t, zone).plus(wallClock);
    // ofLocal moves a time in a gap forward by the gap and takes the earlier offset in an overlap
    return ZonedDateTime.ofLocal(local, zone, null).toInstant();
  }

  /** The local wall-clock change from one instant's local time to another's. */
  public static Duration wallClockChange(Instant from, Instant to, ZoneId zone) {
    return Duration.between(LocalDateTime.ofInstant(from, zone), LocalDateTime.ofInstant(to, zone));
  }

  /** What "this and following" saves, or the errors of the first occurrence it cannot. */
  public record Edit(List<String> ids, List<EventRules.Valid> fields, JsonObject errors) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  private static final java.time.format.DateTimeFormatter LOCAL =
      java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

  /**
   * Applies an edit of {@code target} to it and to {@code following} (the target first, then the
   * later occurrences). Plain fields are set on each as given. A time moves each occurrence by
   * the same local wall-clock change as the target's (an hour later is an hour later on the
   * clock on both sides of a DST change), so each keeps its own date.
   */
  public static Edit following(Event target, List<Event> following, java.util.Map<String, String> values,
                               int maxCapacity) {
    java.util.Map<String, Duration> moves = new java.util.HashMap<>();
    EventRules.Input before = EventRules.Input.of(target);
    for (String field : List.of("startsAt", "endsAt", "rsvpDeadline")) {
      if (!values.containsKey(field)) continue;
      String was = field.equals("startsAt") ? before.startsAt()
          : field.equals("endsAt") ? before.endsAt() : before.rsvpDeadline();
      // a deadline set only now is placed against each occurrence's start, as it is on this one
      LocalDateTime from = parse(was == null ? before.startsAt() : was);
      LocalDateTime to = parse(values.get(field));
      if (from != null && to != null) moves.put(field, Duration.between(from, to));
    }
    List<String> ids = new ArrayList<>();
    List<EventRules.Valid> fields = new ArrayList<>();
    for (Event o : following) {
      java.util.Map<String, String> own = new java.util.HashMap<>(values);
      if (!o.id().equals(target.id())) {
        EventRules.Input mine = EventRules.Input.of(o);
        moves.forEach((field, by) -> {
          String was = field.equals("startsAt") ? mine.startsAt()
              : field.equals("endsAt") ? mine.endsAt() : mine.rsvpDeadline();
          LocalDateTime base = parse(was == null ? mine.startsAt() : was);
          own.put(field, resolve(base.plus(by), o.zone()).format(LOCAL));
        });
      }
      EventRules.Checked c = EventRules.check(EventRules.Input.of(o).with(own), maxCapacity);
      if (!c.ok()) {
        JsonObject errors = new JsonObject();
        String day = EventViews.moment(o.startsAt(), o.zone());
        c.errors().forEach(e -> errors.put(e.getKey(),
            o.id().equals(target.id()) ? e.getValue() : "For the occurrence on " + day + ": " + e.getValue()));
        return new Edit(null, null, errors);
      }
      ids.add(o.id());
      fields.add(c.fields());
    }
    return new Edit(ids, fields, new JsonObject());
  }

  private static LocalDateTime parse(String s) {
    if (s == null || s.isBlank()) return null;
    try {
      return LocalDateTime.parse(s.trim().length() > 16 ? s.trim().substring(0, 16) : s.trim(), LOCAL);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** The local time as it will be shown: moved forward past a gap, by this class's rule. */
  static LocalDateTime resolve(LocalDateTime local, ZoneId zone) {
    return ZonedDateTime.ofLocal(local, zone, null).toLocalDateTime();
  }

  private static int nthOf(LocalDate d) {
    int n = (d.getDayOfMonth() - 1) / 7 + 1;
    // a fifth weekday exists only in some months: "the last" is what such a date means
    return n >= 5 ? -1 : n;
  }
}
