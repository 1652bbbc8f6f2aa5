package org.convene.rsvp;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.convene.web.JsonInput;

/** What a person sent about their RSVP, from the web form or the API's JSON, before the rules. */
final class RsvpInput {
  static final Set<String> FIELDS = Set.of("name", "email", "response", "guests", "listed",
      "shareEmail", "profile", "reminders");
  /** A new RSVP also says whose member link it comes with, for a members-only event. */
  static final Set<String> NEW_FIELDS = Set.of("name", "email", "response", "guests", "listed",
      "shareEmail", "profile", "reminders", "memberToken");
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
        f.getAll("goals"), RsvpRules.splitTopics(f.get("topics")));
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
        p.has("url") ? orEmpty(p.string("url")) : null, goals, topics);
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
