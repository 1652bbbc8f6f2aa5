package org.convene.members;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.convene.web.Fields;

/**
 * What a member may say about themselves, read from the join form, the member page or the API
 * (JSON names: classYear, url, ...), checked the same way everywhere. No I/O.
 */
public final class MemberRules {
  /** The member fields in their V14 names, in the order forms show them. */
  public static final List<String> FIELDS = org.convene.groups.GroupRules.MEMBER_FIELDS;
  /** What a member may share with other listed members: email and any member field. */
  public static final List<String> SHAREABLE = shareable();
  public static final List<String> ANNOUNCEMENTS = List.of("each", "weekly", "none");
  public static final int MAX_TOPICS = 10;
  static final int MAX_TEXT = 120;
  static final int MAX_HEADLINE = 200;
  static final int MAX_TOPIC = 40;

  private MemberRules() {}

  private static List<String> shareable() {
    List<String> s = new ArrayList<>();
    s.add("email");
    s.addAll(FIELDS);
    return List.copyOf(s);
  }

  /** A member's profile; null fields are empty. */
  public record Profile(Integer classYear, String programme, String chapter, String industry,
                        String employer, String headline, String profileUrl, List<String> goals,
                        List<String> topics) {
    public static final Profile EMPTY = new Profile(null, null, null, null, null, null, null,
        List.of(), List.of());

    static Profile of(DirectoryMember m) {
      return new Profile(m.classYear(), m.programme(), m.chapter(), m.industry(), m.employer(),
          m.headline(), m.profileUrl(), m.goals(), m.topics());
    }

    /** Only the fields in {@code asked}; the others empty (what the join form may set). */
    Profile only(List<String> asked) {
      return new Profile(asked.contains("class_year") ? classYear : null,
          asked.contains("programme") ? programme : null, asked.contains("chapter") ? chapter : null,
          asked.contains("industry") ? industry : null, asked.contains("employer") ? employer : null,
          asked.contains("headline") ? headline : null,
          asked.contains("profile_url") ? profileUrl : null,
          asked.contains("goals") ? goals : List.of(), asked.contains("topics") ? topics : List.of());
    }

    /** As the API answers it (the member themself, or an organizer). */
    public JsonObject json() {
      return new JsonObject().put("classYear", classYear).put("programme", programme)
          .put("chapter", chapter).put("industry", industry).put("employer", employer)
          .put("headline", headline).put("url", profileUrl).put("goals", new JsonArray(goals))
          .put("topics", new JsonArray(topics));
    }
  }

  /** A join: who, their profile (only the group's asked fields), and their first choices. */
  public record Join(String name, String email, Profile profile, boolean listed,
                     String announcements) {}

  /** A member's change of their own details; null = unchanged. */
  public record Change(String name, Profile profile, Boolean listed, Set<String> shared,
                       String announcements) {}

  /**
   * The fields a group's join form and member page ask for: the organizers' choice, or every
   * field when they chose none (a group that never looked at the setting still gets a directory).
   */
  public static List<String> asked(List<String> memberFields) {
    return memberFields == null || memberFields.isEmpty() ? FIELDS
        : FIELDS.stream().filter(memberFields::contains).toList();
  }

  // ---- the API ----

  /** POST /api/v1/groups/{group}/members. */
  public static Join join(JsonObject in, List<String> asked, JsonObject errors) {
    String name = name(in.getValue("name"), errors);
    String email = email(in.getValue("email"), errors);
    Profile p = in.getValue("profile") == null ? Profile.EMPTY
        : in.getValue("profile") instanceof JsonObject o ? profile(o, Profile.EMPTY, errors)
        : invalid(errors, "profile", "must be an object");
    Boolean listed = bool(in.getValue("listed"), "listed", errors);
    String ann = announcements(in.getValue("announcements"), errors);
    if (!errors.isEmpty()) return null;
    return new Join(name, email, p.only(asked), listed != null && listed, ann == null ? "each" : ann);
  }

  /** PATCH /api/v1/members/{token}: any of name, profile (merged), listed, shared, announcements. */
  public static Change change(JsonObject in, DirectoryMember cur, JsonObject errors) {
    String name = in.containsKey("name") ? name(in.getValue("name"), errors) : null;
    Profile p = null;
    if (in.containsKey("profile")) {
      p = in.getValue("profile") instanceof JsonObject o ? profile(o, Profile.of(cur), errors)
          : invalid(errors, "profile", "must be an object");
    }
    Boolean listed = in.containsKey("listed") ? bool(in.getValue("listed"), "listed", errors) : null;
    Set<String> shared = null;
    if (in.containsKey("shared")) {
      Object v = in.getValue("shared");
      if (v instanceof JsonArray a) shared = shared(strings(a), errors);
      else errors.put("shared", "must be a list of fields, from: " + String.join(", ", SHAREABLE));
    }
    String ann = in.containsKey("announcements") ? announcements(in.getValue("announcements"), errors)
        : null;
    if (in.containsKey("announcements") && ann == null && !errors.containsKey("announcements")) {
      errors.put("announcements", "must be each, weekly or none");
    }
    return errors.isEmpty() ? new Change(name, p, listed, shared, ann) : null;
  }

  private static Profile profile(JsonObject o, Profile old, JsonObject errors) {
    Integer year = old.classYear();
    if (o.containsKey("classYear")) {
      Object v = o.getValue("classYear");
      if (v == null) year = null;
      else if (v instanceof Number n && n.doubleValue() == n.intValue()) year = classYear(n.intValue(), errors);
      else if (v instanceof String s) year = classYear(s, errors);
      else errors.put("classYear", "must be a year, such as 2012");
    }
    List<String> goals = old.goals();
    if (o.containsKey("goals")) {
      goals = o.getValue("goals") == null ? List.of() : o.getValue("goals") instanceof JsonArray a
          ? goals(strings(a), errors) : invalid(errors, "goals", "must be a list");
    }
    List<String> topics = old.topics();
    if (o.containsKey("topics")) {
      topics = o.getValue("topics") == null ? List.of() : o.getValue("topics") instanceof JsonArray a
          ? topics(strings(a), errors) : invalid(errors, "topics", "must be a list");
    }
    return new Profile(year,
        text(o, "programme", old.programme(), MAX_TEXT, errors),
        text(o, "chapter", old.chapter(), MAX_TEXT, errors),
        text(o, "industry", old.industry(), MAX_TEXT, errors),
        text(o, "employer", old.employer(), MAX_TEXT, errors),
        text(o, "headline", old.headline(), MAX_HEADLINE, errors),
        url(o.containsKey("url") ? o.getValue("url") : old.profileUrl(), errors), goals, topics);
  }

  private static String text(JsonObject o, String key, String old, int max, JsonObject errors) {
    if (!o.containsKey(key)) return old;
    Object v = o.getValue(key);
    if (v == null) return null;
    if (!(v instanceof String s)) {
      errors.put(key, "must be text");
      return null;
    }
    return text(s, key, max, errors);
  }

  // ---- the web forms ----

  /** The join form: name, email and the asked fields. */
  public static Join join(MultiMap f, List<String> asked, JsonObject errors) {
    String name = name(f.get("name"), errors);
    String email = email(f.get("email"), errors);
    Profile p = profile(f, asked, errors);
    String ann = announcements(f.get("announcements"), errors);
    return errors.isEmpty() ? new Join(name, email, p, false, ann == null ? "each" : ann) : null;
  }

  /** The member page's form: name, the asked fields, listed, what to share, announcements. */
  public static Change change(MultiMap f, List<String> asked, DirectoryMember cur, JsonObject errors) {
    String name = name(f.get("name"), errors);
    Profile p = profile(f, asked, errors);
    // fields the group does not ask for stay as they were (an import may have filled them)
    Profile old = Profile.of(cur);
    Profile merged = new Profile(
        asked.contains("class_year") ? p.classYear() : old.classYear(),
        asked.contains("programme") ? p.programme() : old.programme(),
        asked.contains("chapter") ? p.chapter() : old.chapter(),
        asked.contains("industry") ? p.industry() : old.industry(),
        asked.contains("employer") ? p.employer() : old.employer(),
        asked.contains("headline") ? p.headline() : old.headline(),
        asked.contains("profile_url") ? p.profileUrl() : old.profileUrl(),
        asked.contains("goals") ? p.goals() : old.goals(),
        asked.contains("topics") ? p.topics() : old.topics());
    Set<String> shared = shared(f.getAll("shared"), errors);
    String ann = announcements(f.get("announcements"), errors);
    if (ann == null && !errors.containsKey("announcements")) {
      errors.put("announcements", "Choose how you want to hear about new events.");
    }
    return errors.isEmpty()
        ? new Change(name, merged, "1".equals(f.get("listed")), shared, ann) : null;
  }

  private static Profile profile(MultiMap f, List<String> asked, JsonObject errors) {
    Integer year = null;
    String rawYear = Fields.line(f.get("classYear"));
    if (asked.contains("class_year") && rawYear != null) year = classYear(rawYear, errors);
    Profile p = new Profile(year,
        text(f.get("programme"), "programme", MAX_TEXT, errors),
        text(f.get("chapter"), "chapter", MAX_TEXT, errors),
        text(f.get("industry"), "industry", MAX_TEXT, errors),
        text(f.get("employer"), "employer", MAX_TEXT, errors),
        text(f.get("headline"), "headline", MAX_HEADLINE, errors),
        url(f.get("url"), errors),
        goals(f.getAll("goals"), errors),
        topics(splitTopics(f.get("topics")), errors));
    return p.only(asked);
  }

  /** Topics typed as one line, separated by commas. */
  public static List<String> splitTopics(String raw) {
    if (raw == null) return List.of();
    List<String> out = new ArrayList<>();
    for (String t : raw.split("[,;\\n]")) out.add(t);
    return out;
  }

  // ---- single fields (shared with the office's CSV import) ----

  static String name(Object v, JsonObject errors) {
    String s = v instanceof String str ? Fields.line(str) : null;
    if (s == null) errors.put("name", "Please give your name.");
    else if (s.length() > MAX_TEXT) errors.put("name", "Keep the name under " + MAX_TEXT + " characters.");
    else return s;
    return null;
  }

  static String email(Object v, JsonObject errors) {
    String e = v instanceof String s ? Fields.normalizeEmail(s) : null;
    if (e == null) errors.put("email", "Please give a valid email address, such as ada@example.org.");
    return e;
  }

  static Integer classYear(String raw, JsonObject errors) {
    try {
      return classYear(Integer.parseInt(raw.trim()), errors);
    } catch (NumberFormatException e) {
      errors.put("classYear", "must be a year, such as 2012");
      return null;
    }
  }

  static Integer classYear(int year, JsonObject errors) {
    if (year < 1900 || year > 2100) {
      errors.put("classYear", "must be a year from 1900 to 2100");
      return null;
    }
    return year;
  }

  static String text(String raw, String key, int max, JsonObject errors) {
    String s = Fields.line(raw);
    if (s != null && s.length() > max) {
      errors.put(key, "Keep it under " + max + " characters.");
      return null;
    }
    return s;
  }

  static String url(Object v, JsonObject errors) {
    if (v == null) return null;
    String s = v instanceof String str ? Fields.line(str) : null;
    if (s == null) {
      if (!(v instanceof String)) errors.put("url", "Use a full http:// or https:// link.");
      return null;
    }
    if (!Fields.isWebLink(s)) {
      errors.put("url", "Use a full http:// or https:// link.");
      return null;
    }
    return s;
  }

  static List<String> goals(List<String> raw, JsonObject errors) {
    List<String> out = new ArrayList<>(new LinkedHashSet<>(raw));
    out.removeIf(g -> g == null || g.isBlank());
    if (!DirectoryRules.GOAL_LABELS.keySet().containsAll(out)) {
      errors.put("goals", "Goals are chosen from: "
          + String.join(", ", DirectoryRules.GOAL_LABELS.keySet()) + ".");
      return List.of();
    }
    return List.copyOf(out);
  }

  static List<String> topics(List<String> raw, JsonObject errors) {
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String t : raw) {
      String s = Fields.line(t);
      if (s == null) continue;
      if (s.length() > MAX_TOPIC) {
        errors.put("topics", "Keep each topic under " + MAX_TOPIC + " characters.");
        return List.of();
      }
      out.add(s.toLowerCase(Locale.ROOT));
    }
    if (out.size() > MAX_TOPICS) {
      errors.put("topics", "Name at most " + MAX_TOPICS + " topics.");
      return List.of();
    }
    return List.copyOf(out);
  }

  static Set<String> shared(List<String> raw, JsonObject errors) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : raw) {
      if (s == null || s.isBlank()) continue;
      if (!SHAREABLE.contains(s)) {
        errors.put("shared", "Fields are chosen from: " + String.join(", ", SHAREABLE) + ".");
        return Set.of();
      }
      out.add(s);
    }
    return out;
  }

  static String announcements(Object v, JsonObject errors) {
    if (v == null || v instanceof String s && s.isBlank()) return null;
    if (v instanceof String s && ANNOUNCEMENTS.contains(s)) return s;
    errors.put("announcements", "must be each, weekly or none");
    return null;
  }

  private static Boolean bool(Object v, String key, JsonObject errors) {
    if (v == null) return null;
    if (v instanceof Boolean b) return b;
    errors.put(key, "must be true or false");
    return null;
  }

  private static List<String> strings(JsonArray a) {
    List<String> out = new ArrayList<>();
    for (Object o : a) out.add(o instanceof String s ? s : String.valueOf(o));
    return out;
  }

  private static <T> T invalid(JsonObject errors, String key, String message) {
    errors.put(key, message);
    return null;
  }
}
