package org.convene.events;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The organizer's web forms about series: the "Repeat" section of the event form and the scope
 * of an edit ("this occurrence" or "this and all following"). No I/O.
 */
final class SeriesForm {
  private SeriesForm() {}

  /**
   * The rule as the form sent it. The form always sends a weekday and an nth (both are selects);
   * only what applies to the chosen kind is passed on, and only the chosen end.
   */
  static SeriesRules.Input input(MultiMap f) {
    String every = f.get("every");
    boolean monthly = "month".equals(every);
    boolean byDate = "until".equals(f.get("ends"));
    return new SeriesRules.Input(every, number(f.get("interval"), 1),
        monthly ? number(f.get("nth"), null) : null,
        number(f.get("weekday"), null),
        byDate ? blankToNull(f.get("until")) : null,
        byDate ? null : number(f.get("count"), 0));
  }

  /** What the Repeat section shows: what was typed (or the event's own day) and the choices. */
  static JsonObject model(Event e, MultiMap typed, JsonObject errors) {
    int dow = e.localStart().getDayOfWeek().getValue();
    int dom = e.localStart().getDayOfMonth();
    String nthOfEvent = (dom - 1) / 7 + 1 >= 5 ? "-1" : Integer.toString((dom - 1) / 7 + 1);
    String every = typed == null ? "week" : valueOr(typed.get("every"), "week");
    String weekday = typed == null ? Integer.toString(dow) : valueOr(typed.get("weekday"), Integer.toString(dow));
    String nth = typed == null ? nthOfEvent : valueOr(typed.get("nth"), nthOfEvent);
    String ends = typed == null ? "count" : valueOr(typed.get("ends"), "count");
    JsonArray weekdays = new JsonArray();
    for (DayOfWeek d : DayOfWeek.values()) {
      weekdays.add(new JsonObject().put("value", Integer.toString(d.getValue()))
          .put("label", d.getDisplayName(TextStyle.FULL, Locale.ENGLISH))
          .put("selected", weekday.equals(Integer.toString(d.getValue()))));
    }
    JsonArray nths = new JsonArray();
    for (String[] n : new String[][] {{"1", "first"}, {"2", "second"}, {"3", "third"},
        {"4", "fourth"}, {"-1", "last"}}) {
      nths.add(new JsonObject().put("value", n[0]).put("label", n[1]).put("selected", nth.equals(n[0])));
    }
    return new JsonObject()
        .put("weekly", "week".equals(every)).put("monthly", "month".equals(every))
        .put("interval", typed == null ? "1" : valueOr(typed.get("interval"), "1"))
        .put("byCount", !"until".equals(ends)).put("byDate", "until".equals(ends))
        .put("count", typed == null ? "" : valueOr(typed.get("count"), ""))
        .put("until", typed == null ? "" : valueOr(typed.get("until"), ""))
        .put("weekdays", weekdays).put("nths", nths)
        .put("max", SeriesRules.MAX_OCCURRENCES)
        .put("errors", errors == null ? new JsonObject() : errors);
  }

  /** The edit form's fields as the rules read them, for "this and all following". */
  static Map<String, String> values(MultiMap f, String status) {
    Map<String, String> values = new HashMap<>();
    for (String name : List.of("title", "description", "startsAt", "endsAt", "timeZone", "venue",
        "address", "onlineUrl", "capacity", "guestsAllowed", "rsvpDeadline")) {
      values.put(name, f.get(name));
    }
    values.put("status", status);
    values.put("whosGoing", Boolean.toString(f.get("whosGoing") != null));
    values.put("audience", f.get("membersOnly") != null ? Event.MEMBERS : Event.PUBLIC);
    return values;
  }

  /** A number as typed; a word is kept as an impossible value so the rules name the field. */
  private static Integer number(String s, Integer absent) {
    if (s == null || s.isBlank()) return absent;
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      return Integer.MIN_VALUE;
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static String valueOr(String s, String fallback) {
    return s == null ? fallback : s;
  }
}
