package org.convene.rsvp;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.convene.events.Event;
import org.convene.events.QuestionRules;
import org.convene.web.Fields;

/** What a valid RSVP is, for the web form and the API alike. No I/O. */
public final class RsvpRules {
  public static final List<String> RESPONSES = List.of(Rsvp.GOING, Rsvp.MAYBE, Rsvp.NOT_GOING);
  public static final List<String> GOALS = List.of("find_mentor", "offer_mentoring", "hiring",
      "job_seeking", "find_collaborators", "exploring");
  /** How pages and mails name each goal. */
  public static final Map<String, String> GOAL_LABELS = Map.of(
      "find_mentor", "Looking for a mentor",
      "offer_mentoring", "Happy to mentor",
      "hiring", "Hiring",
      "job_seeking", "Looking for a job",
      "find_collaborators", "Looking for collaborators",
      "exploring", "Exploring the field");
  public static final int MAX_TOPICS = 10;

  private RsvpRules() {}

  /**
   * What someone sent, as loose values; null means "not sent" (PATCH keeps the old value).
   * Topics arrive as a list (API) or a comma-separated line (form).
   */
  public record Input(String name, String email, String response, Integer guests, Boolean listed,
                      Boolean shareEmail, String headline, String company, String url,
                      List<String> goals, List<String> topics, Map<String, Object> answers) {
    /** Without answers to the event's questions (null: unchanged). */
    public Input(String name, String email, String response, Integer guests, Boolean listed,
                 Boolean shareEmail, String headline, String company, String url,
                 List<String> goals, List<String> topics) {
      this(name, email, response, guests, listed, shareEmail, headline, company, url, goals,
          topics, null);
    }

    public Input withEmail(String newEmail) {
      return new Input(name, newEmail, response, guests, listed, shareEmail, headline, company,
          url, goals, topics, answers);
    }
  }

  /** A checked RSVP, ready to store. */
  public record Valid(String name, String email, String response, int guests,
                      Rsvp.Profile profile, JsonObject answers) {
    /** With no answers to questions. */
    public Valid(String name, String email, String response, int guests, Rsvp.Profile profile) {
      this(name, email, response, guests, profile, new JsonObject());
    }
  }

  public record Checked(Valid rsvp, JsonObject errors) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  /** Checks a new RSVP: name, email and response are required, the rest defaults to "share nothing". */
  public static Checked checkNew(Input in, Event event) {
    return check(in, null, event);
  }

  /** Checks a change: what was not sent keeps its current value. */
  public static Checked checkChange(Input in, Rsvp current, Event event) {
    return check(in, current, event);
  }

  private static Checked check(Input in, Rsvp cur, Event event) {
    JsonObject errors = new JsonObject();
    String name = pick(in.name(), cur == null ? null : cur.name());
    name = Fields.line(name);
    if (name == null) errors.put("name", "Enter your name.");
    else if (name.length() > 100) errors.put("name", "Keep your name under 100 characters.");

    String email = cur == null ? Fields.normalizeEmail(in.email()) : cur.email();
    if (cur == null && email == null) {
      errors.put("email", "Enter an email address like name@example.org.");
    }

    String response = pick(in.response(), cur == null ? null : cur.response());
    if (response == null || !RESPONSES.contains(response)) {
      errors.put("response", "Choose going, maybe or not going.");
    }

    int guests = in.guests() != null ? in.guests() : cur == null ? 0 : cur.guests();
    if (guests < 0 || guests > event.guestsAllowed()) {
      errors.put("guests", event.guestsAllowed() == 0
          ? "This event does not allow guests."
          : "Bring at most " + event.guestsAllowed() + " guest" + (event.guestsAllowed() == 1 ? "" : "s") + ".");
    }
    if (!Rsvp.GOING.equals(response)) guests = 0;

    Rsvp.Profile old = cur == null ? Rsvp.Profile.NOTHING : cur.profile();
    boolean listed = in.listed() != null ? in.listed() : old.listed();
    boolean shareEmail = in.shareEmail() != null ? in.shareEmail() : old.shareEmail();
    String headline = in.headline() != null ? Fields.line(in.headline()) : old.headline();
    if (headline != null && headline.length() > 120) errors.put("headline", "Keep the headline under 120 characters.");
    String company = in.company() != null ? Fields.line(in.company()) : old.company();
    if (company != null && company.length() > 120) errors.put("company", "Keep the company under 120 characters.");
    String url = in.url() != null ? blankToNull(in.url()) : old.url();
    if (url != null && !Fields.isWebLink(url)) errors.put("profileUrl", "Use a full http:// or https:// link.");

    List<String> goals = in.goals() != null ? in.goals() : old.goals();
    List<String> cleanGoals = new ArrayList<>(new LinkedHashSet<>(goals));
    for (String g : cleanGoals) {
      if (!GOALS.contains(g)) {
        errors.put("goals", "Goals are chosen from: " + String.join(", ", GOALS) + ".");
        break;
      }
    }
    List<String> topics = in.topics() != null ? cleanTopics(in.topics(), errors) : old.topics();

    boolean attending = response != null && !Rsvp.NOT_GOING.equals(response);
    JsonObject answers = QuestionRules.answers(event.questions(), in.answers(),
        cur == null ? null : cur.answers(), attending, errors);

    if (!errors.isEmpty()) return new Checked(null, errors);
    return new Checked(new Valid(name, email, response, guests, new Rsvp.Profile(listed,
        shareEmail, headline, company, url, cleanGoals, topics), answers), errors);
  }

  /** Topics are short free words; lower-cased so "AI" and "ai" match people up. */
  static List<String> cleanTopics(List<String> raw, JsonObject errors) {
    Set<String> out = new LinkedHashSet<>();
    for (String t : raw) {
      String s = Fields.line(t);
      if (s == null) continue;
      s = s.toLowerCase(Locale.ROOT);
      if (s.length() > 40) {
        errors.put("topics", "Keep each topic under 40 characters.");
        return List.of();
      }
      out.add(s);
    }
    if (out.size() > MAX_TOPICS) {
      errors.put("topics", "Choose at most " + MAX_TOPICS + " topics.");
      return List.of();
    }
    return new ArrayList<>(out);
  }

  public static List<String> splitTopics(String line) {
    if (line == null) return List.of();
    List<String> out = new ArrayList<>();
    for (String s : line.split(",")) out.add(s);
    return out;
  }

  private static String pick(String sent, String current) {
    return sent != null ? sent : current;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
