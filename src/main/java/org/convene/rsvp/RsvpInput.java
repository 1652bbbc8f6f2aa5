package org.convene.rsvp;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.convene.web.JsonInput;

/** What a person sent about their RSVP, from the web form or the API's JSON, before the rules. */
final class RsvpInput {
  static final Set<String> FIELDS = Set.of("name", "email", "response", "guests", "listed",
      "shareEmail", "profile", "reminders", "answers");
  /** A new RSVP also says whose member link it comes with, for a members-only event. */
  static final Set<String> NEW_FIELDS = Set.of("name", "email", "response", "guests", "listed",
      "shareEmail", "profile", "reminders", "memberToken", "answers");
  static final Set<String> PROFILE_FIELDS = Set.of("headline", "company", "url", "goals", "topics");

  private RsvpInput() {}

  /** The web forms: unchecked boxes are absent, so they mean "no" (the whole form is sent). */
  static RsvpRules.Input fromForm(MultiMap f, boolean isNew) {
    Integer guests = null;
    String g = f.get("guests");
    if (g != null && !g.isBlank()) {
      try {
        guests = Integer.parseInt(g.trim());
      } catch (NumberFormatException e) {
        guests = -1;
      }
    }
    return new RsvpRules.Input(f.get("name"), isNew ? f.get("email") : null, f.get("response"),
        guests, f.get("listed") != null, f.get("shareEmail") != null,
        f.get("headline") == null ? "" : f.get("headline"),
        f.get("company") == null ? "" : f.get("company"),
        f.get("profileUrl") == null ? "" : f.get("profileUrl"),
        f.getAll("goals"), RsvpRules.splitTopics(f.get("topics")), answers(f));
  }

  /**
   * The form's answers to the event's questions: every field named "answer.{id}" (a question's
   * form always sends its field, an empty hidden one before its checkboxes, so an unchecked
   * answer clears); null when the form asked none.
   */
  static Map<String, Object> answers(MultiMap f) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String name : f.names()) {
      if (!name.startsWith("answer.")) continue;
      List<String> values = f.getAll(name);
      out.put(name.substring("answer.".length()), values.size() == 1 ? values.get(0) : values);
    }
    return out.isEmpty() ? null : out;
  }

  /** {@code answers: {questionId: value}}; null when not sent. */
  private static Map<String, Object> answers(JsonInput in) {
    if (!in.has("answers")) return null;
    JsonObject a = in.object("answers");
    return a == null ? null : a.getMap();
  }

  static RsvpRules.Input fromJson(JsonInput in) {
    JsonObject profile = in.object("profile");
    JsonInput p = JsonInput.wrap(profile == null ? new JsonObject() : profile);
    if (profile != null) {
      for (String k : profile.fieldNames()) {
        if (!PROFILE_FIELDS.contains(k)) in.error("profile." + k, "unknown field");
      }
    }
    List<String> goals = strings(in, p, "goals");
    List<String> topics = strings(in, p, "topics");
    RsvpRules.Input out = new RsvpRules.Input(in.string("name"), in.string("email"),
        in.string("response"), in.integer("guests"), in.bool("listed"), in.bool("shareEmail"),
        p.has("headline") ? orEmpty(p.string("headline")) : null,
        p.has("company") ? orEmpty(p.string("company")) : null,
        p.has("url") ? orEmpty(p.string("url")) : null, goals, topics, answers(in));
    p.errors().forEach(e -> in.error("profile." + e.getKey(), (String) e.getValue()));
    return out;
  }

  private static List<String> strings(JsonInput in, JsonInput p, String field) {
    if (!p.has(field)) return null;
    JsonArray a = p.array(field);
    if (a == null) return List.of();
    List<String> out = new ArrayList<>();
    for (Object o : a) {
      if (!(o instanceof String s)) {
        in.error("profile." + field, "must be an array of strings");
        return List.of();
      }
      out.add(s);
    }
    return out;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
