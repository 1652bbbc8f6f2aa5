package org.convene.members;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Who sees whom in the member directory, what of them, and whom to suggest. No I/O.
 *
 * <p>Give to get: only a verified, listed member sees the directory, and sees only the other
 * verified, listed members of their group. Of each, only the fields that member shared (email
 * only when shared). Filters and suggestions read shared fields only, so neither can be used to
 * learn a field someone kept to themselves.
 */
public final class DirectoryRules {
  /** The goals' fixed words (CONTRACT.md) and how people read them. */
  public static final Map<String, String> GOAL_LABELS = labels();
  /** Goals that answer each other: one looks for what the other offers. */
  private static final Map<String, String> COMPLEMENTS = Map.of(
      "find_mentor", "offer_mentoring", "offer_mentoring", "find_mentor",
      "hiring", "job_seeking", "job_seeking", "hiring");
  /** How many "you might want to meet" suggestions a page shows. */
  public static final int SUGGESTIONS = 3;

  private DirectoryRules() {}

  private static Map<String, String> labels() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("find_mentor", "Looking for a mentor");
    m.put("offer_mentoring", "Happy to mentor");
    m.put("hiring", "Hiring");
    m.put("job_seeking", "Looking for a job");
    m.put("find_collaborators", "Looking for collaborators");
    m.put("exploring", "Exploring");
    return java.util.Collections.unmodifiableMap(m);
  }

  /** Why a member does not see the directory, or null when they do. */
  public static String closedBecause(DirectoryMember viewer) {
    if (!viewer.verified()) return "unverified";
    if (!viewer.listed()) return "unlisted";
    return null;
  }

  /** What {@code viewer} may see of {@code other}, or null when other is not on the directory. */
  public static JsonObject card(DirectoryMember other) {
    if (!other.onDirectory()) return null;
    JsonObject c = new JsonObject().put("id", other.id().toString()).put("name", other.name());
    if (other.shares("class_year") && other.classYear() != null) c.put("classYear", other.classYear());
    put(c, other, "programme", "programme", other.programme());
    put(c, other, "chapter", "chapter", other.chapter());
    put(c, other, "industry", "industry", other.industry());
    put(c, other, "employer", "employer", other.employer());
    put(c, other, "headline", "headline", other.headline());
    put(c, other, "profile_url", "profileUrl", other.profileUrl());
    put(c, other, "email", "email", other.email());
    if (other.shares("goals") && !other.goals().isEmpty()) c.put("goals", new JsonArray(other.goals()));
    if (other.shares("topics") && !other.topics().isEmpty()) c.put("topics", new JsonArray(other.topics()));
    return c;
  }

  private static void put(JsonObject c, DirectoryMember m, String field, String key, String v) {
    if (m.shares(field) && v != null && !v.isBlank()) c.put(key, v);
  }

  /** The goal words of a card as people read them. */
  public static List<String> goalLabels(List<String> goals) {
    return goals.stream().map(g -> GOAL_LABELS.getOrDefault(g, g)).toList();
  }

  // ---- filters ----

  /** The directory's filters (a GET form); null fields filter nothing. */
  public record Filter(Integer classYear, String chapter, String industry, String goal,
                       String topic) {
    public boolean any() {
      return classYear != null || chapter != null || industry != null || goal != null
          || topic != null;
    }

    public JsonObject view() {
      return new JsonObject().put("classYear", classYear).put("chapter", chapter)
          .put("industry", industry).put("goal", goal).put("topic", topic);
    }
  }

  /** Filters read from query parameters; problems go into {@code errors}, by parameter. */
  public static Filter filter(MultiMap params, JsonObject errors) {
    Integer year = null;
    String rawYear = blankToNull(params.get("classYear"));
    if (rawYear != null) {
      try {
        year = Integer.parseInt(rawYear);
        if (year < 1900 || year > 2100) {
          errors.put("classYear", "must be a year from 1900 to 2100");
          year = null;
        }
      } catch (NumberFormatException e) {
        errors.put("classYear", "must be a year, such as 2012");
      }
    }
    String goal = blankToNull(params.get("goal"));
    if (goal != null && !GOAL_LABELS.containsKey(goal)) {
      errors.put("goal", "must be one of " + String.join(", ", GOAL_LABELS.keySet()));
      goal = null;
    }
    return new Filter(year, shortText(params, "chapter", errors),
        shortText(params, "industry", errors), goal, shortText(params, "topic", errors));
  }

  private static String shortText(MultiMap params, String name, JsonObject errors) {
    String v = blankToNull(params.get(name));
    if (v != null && v.length() > 120) {
      errors.put(name, "must be at most 120 characters");
      return null;
    }
    return v;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  /** Whether {@code m} matches every filter, judged on what {@code m} shares only. */
  public static boolean matches(DirectoryMember m, Filter f) {
    if (f.classYear() != null && !(m.shares("class_year") && f.classYear().equals(m.classYear()))) {
      return false;
    }
    if (f.chapter() != null && !(m.shares("chapter") && same(m.chapter(), f.chapter()))) return false;
    if (f.industry() != null && !(m.shares("industry") && same(m.industry(), f.industry()))) {
      return false;
    }
    if (f.goal() != null && !(m.shares("goals") && m.goals().contains(f.goal()))) return false;
    return f.topic() == null
        || m.shares("topics") && m.topics().stream().anyMatch(t -> same(t, f.topic()));
  }

  private static boolean same(String a, String b) {
    return a != null && b != null && a.trim().equalsIgnoreCase(b.trim());
  }

  /** The choices each filter offers: the values the listed members share, sorted. */
  public static JsonObject options(List<DirectoryMember> others) {
    TreeSet<Integer> years = new TreeSet<>(Comparator.reverseOrder());
    TreeSet<String> chapters = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    TreeSet<String> industries = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    TreeSet<String> topics = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (DirectoryMember m : others) {
      if (m.shares("class_year") && m.classYear() != null) years.add(m.classYear());
      if (m.shares("chapter") && m.chapter() != null) chapters.add(m.chapter().trim());
      if (m.shares("industry") && m.industry() != null) industries.add(m.industry().trim());
      if (m.shares("topics")) m.topics().forEach(t -> topics.add(t.trim()));
    }
    JsonArray goals = new JsonArray();
    GOAL_LABELS.forEach((k, v) -> goals.add(new JsonObject().put("value", k).put("label", v)));
    return new JsonObject().put("classYears", new JsonArray(new ArrayList<>(years)))
        .put("chapters", new JsonArray(new ArrayList<>(chapters)))
        .put("industries", new JsonArray(new ArrayList<>(industries)))
        .put("topics", new JsonArray(new ArrayList<>(topics)))
        .put("goals", goals);
  }

  // ---- suggestions ----

  /** Someone to meet, how good a match, and the reasons shown to the viewer. */
  public record Suggestion(UUID id, String name, int score, List<String> reasons) {}

  /**
   * A few people to meet, best first: complementary goals (one seeks what the other offers)
   * weigh most, then a goal both share, then each shared topic, then the same chapter. At least
   * one suggestion, when there is any such member, works in another industry than the viewer:
   * the classmate in another field is the one people do not find by filtering. The viewer's own
   * fields are theirs to use; of the others, only what they share counts.
   */
  public static List<Suggestion> suggestions(DirectoryMember viewer, List<DirectoryMember> others) {
    List<Suggestion> ranked = new ArrayList<>();
    for (DirectoryMember o : others) {
      if (o.id().equals(viewer.id()) || !o.onDirectory()) continue;
      Suggestion s = score(viewer, o);
      if (s.score() > 0) ranked.add(s);
    }
    ranked.sort(Comparator.comparingInt(Suggestion::score).reversed()
        .thenComparing(Suggestion::name, String.CASE_INSENSITIVE_ORDER));
    List<Suggestion> top = new ArrayList<>(ranked.subList(0, Math.min(SUGGESTIONS, ranked.size())));
    if (viewer.industry() == null || viewer.industry().isBlank()) return top;
    Set<UUID> outside = new java.util.HashSet<>();
    for (DirectoryMember o : others) if (outsideIndustry(viewer, o)) outside.add(o.id());
    if (outside.isEmpty() || top.stream().anyMatch(s -> outside.contains(s.id()))) return top;
    // the best match from another industry, or failing any match, the first of them by name
    Suggestion other = ranked.stream().filter(s -> outside.contains(s.id())).findFirst()
        .orElseGet(() -> others.stream().filter(o -> outside.contains(o.id()))
            .min(Comparator.comparing(DirectoryMember::name, String.CASE_INSENSITIVE_ORDER))
            .map(o -> score(viewer, o)).orElseThrow());
    if (top.size() >= SUGGESTIONS) top.remove(top.size() - 1);
    top.add(other);
    return top;
  }

  static boolean outsideIndustry(DirectoryMember viewer, DirectoryMember o) {
    return !o.id().equals(viewer.id()) && o.onDirectory() && o.shares("industry")
        && o.industry() != null && !o.industry().isBlank()
        && !same(o.industry(), viewer.industry());
  }

  private static Suggestion score(DirectoryMember viewer, DirectoryMember o) {
    int score = 0;
    List<String> reasons = new ArrayList<>();
    if (o.shares("goals")) {
      for (String g : viewer.goals()) {
        String wanted = COMPLEMENTS.get(g);
        if (wanted != null && o.goals().contains(wanted)) {
          score += 5;
          reasons.add("You: " + label(g) + "; " + o.name() + ": " + label(wanted));
        }
      }
      for (String g : viewer.goals()) {
        if (!COMPLEMENTS.containsKey(g) && o.goals().contains(g)) {
          score += 2;
          reasons.add("Both: " + label(g));
        }
      }
    }
    if (o.shares("topics")) {
      List<String> common = new ArrayList<>();
      for (String t : viewer.topics()) {
        if (o.topics().stream().anyMatch(x -> same(x, t))) common.add(t);
      }
      if (!common.isEmpty()) {
        score += common.size();
        reasons.add("Topics you share: " + String.join(", ", common));
      }
    }
    if (o.shares("chapter") && same(o.chapter(), viewer.chapter())) {
      score += 1;
      reasons.add("Same chapter: " + o.chapter());
    }
    if (outsideIndustry(viewer, o)) {
      reasons.add("Works in " + o.industry().trim() + ", outside your industry");
    }
    return new Suggestion(o.id(), o.name(), score, reasons);
  }

  private static String label(String goal) {
    return GOAL_LABELS.getOrDefault(goal, goal).toLowerCase(Locale.ROOT);
  }
}
