package org.convene.groups;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import org.convene.web.Fields;

/** What a valid group is. No I/O. */
public final class GroupRules {
  public static final List<String> KINDS = List.of("alumni", "professional", "community");
  public static final List<String> ROLES = List.of(Group.OWNER, Group.ORGANIZER, Group.CHECKIN);
  /**
   * The member fields a group's join form may ask for, in their V14 names and the order forms
   * show them (members.MemberRules reads them from here: groups sit below members).
   */
  public static final List<String> MEMBER_FIELDS = List.of("class_year", "programme", "chapter",
      "industry", "employer", "headline", "profile_url", "goals", "topics");
  // Slugs that would shadow our own pages if groups ever moved to the top level.
  private static final Set<String> RESERVED = Set.of("api", "new", "organize", "login", "signup",
      "static", "admin", "feeds", "health", "ready", "metrics");

  private GroupRules() {}

  public record Valid(String slug, String name, String kind, String description) {}

  public record Checked(Valid group, JsonObject errors) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  public static String slugProblem(String slug) {
    if (slug == null || slug.isBlank()) return "Choose a short web address for the group.";
    if (slug.length() < 3 || slug.length() > 60) return "Use 3 to 60 characters.";
    if (!slug.matches("[a-z0-9-]+")) return "Use lowercase letters, digits and dashes only.";
    if (slug.startsWith("-") || slug.endsWith("-")) return "Start and end with a letter or digit.";
    if (RESERVED.contains(slug)) return "That address is reserved; choose another.";
    return null;
  }

  /** Retention: erase attendee details 1 to 3650 days after each event, or never (null). */
  public static String retentionProblem(Integer days) {
    if (days == null) return null;
    if (days < 1 || days > 3650) return "Use a number of days from 1 to 3650, or leave it empty to keep details.";
    return null;
  }

  /** The organizers' choice of member fields (empty: the join form asks for all of them). */
  public static String memberFieldsProblem(List<String> fields) {
    if (fields == null) return "must be a list of member fields";
    for (String f : fields) {
      if (f == null || !MEMBER_FIELDS.contains(f)) {
        return "Fields are chosen from: " + String.join(", ", MEMBER_FIELDS) + ".";
      }
    }
    return null;
  }

  public static Checked check(String rawSlug, String rawName, String rawKind, String rawDescription) {
    JsonObject errors = new JsonObject();
    String slug = rawSlug == null ? null : rawSlug.trim();
    String slugProblem = slugProblem(slug);
    if (slugProblem != null) errors.put("slug", slugProblem);
    String name = Fields.line(rawName);
    if (name == null) errors.put("name", "Give the group a name.");
    else if (name.length() > 120) errors.put("name", "Keep the name under 120 characters.");
    String kind = rawKind == null ? null : rawKind.trim();
    if (kind == null || !KINDS.contains(kind)) {
      errors.put("kind", "Choose alumni, professional or community.");
    }
    String description = Fields.clean(rawDescription);
    if (description != null && description.length() > 5000) {
      errors.put("description", "Keep the description under 5000 characters.");
    }
    return new Checked(errors.isEmpty()
        ? new Valid(slug, name, kind, description == null ? "" : description) : null, errors);
  }
}
