package org.convene.events;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A question an event asks on its RSVP form. Answers are kept with the RSVP by question id
 * (rsvps.answers), so renaming a question keeps its answers and removing one hides them.
 * {@code shownToAttendees}: the answer appears on the people page next to a person who chose to
 * be listed there; every other answer is for the organizers only.
 */
public record Question(String id, String label, String kind, List<String> options,
                       boolean required, String help, boolean shownToAttendees) {
  public static final String SHORT = "short";
  public static final String LONG = "long";
  public static final String ONE = "one";
  public static final String SEVERAL = "several";
  public static final String YESNO = "yesno";
  public static final List<String> KINDS = List.of(SHORT, LONG, ONE, SEVERAL, YESNO);

  public boolean hasOptions() {
    return ONE.equals(kind) || SEVERAL.equals(kind);
  }

  public JsonObject json() {
    return new JsonObject().put("id", id).put("label", label).put("kind", kind)
        .put("options", hasOptions() ? new JsonArray(options) : null).put("required", required)
        .put("help", help).put("shownToAttendees", shownToAttendees);
  }

  public static JsonArray json(List<Question> questions) {
    JsonArray out = new JsonArray();
    questions.forEach(q -> out.add(q.json()));
    return out;
  }

  /** As stored in events.questions (written by {@link #json}, checked when it was saved). */
  public static List<Question> of(JsonArray stored) {
    List<Question> out = new ArrayList<>();
    if (stored == null) return out;
    for (Object o : stored) {
      if (!(o instanceof JsonObject q)) continue;
      List<String> options = new ArrayList<>();
      JsonArray opts = q.getJsonArray("options");
      if (opts != null) opts.forEach(v -> options.add(String.valueOf(v)));
      out.add(new Question(q.getString("id"), q.getString("label"), q.getString("kind"),
          List.copyOf(options), q.getBoolean("required", false), q.getString("help"),
          q.getBoolean("shownToAttendees", false)));
    }
    return List.copyOf(out);
  }

  /** An answer as text, for the attendee list, the CSV and the people page ("" when none). */
  public String shown(Object answer) {
    if (answer == null) return "";
    if (answer instanceof Boolean b) return b ? "Yes" : "No";
    if (answer instanceof JsonArray a) {
      List<String> parts = new ArrayList<>();
      a.forEach(v -> parts.add(String.valueOf(v)));
      return String.join("; ", parts);
    }
    return String.valueOf(answer);
  }
}
