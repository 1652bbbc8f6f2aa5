package org.convene.people;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.convene.events.Event;
import org.convene.rsvp.RsvpRules;

/**
 * Who may see whom, and who might want to meet whom. No I/O: the store loads people, these rules
 * decide, so the access matrix and the matching are plain unit tests.
 */
public final class PeopleRules {
  /** The goals' words as people read them; the RSVP feature owns the fixed list. */
  public static final Map<String, String> GOAL_LABELS = RsvpRules.GOAL_LABELS;

  /** A complementary goal counts more than a shared topic: it is why people came. */
  static final int GOAL_SCORE = 3;
  static final int TOPIC_SCORE = 1;

  /** Connect requests one attendee may send per event (against spam). */
  public static final int CONNECT_LIMIT = 20;

  private PeopleRules() {}

  /** What the matching needs to know about a person. */
  public record Person(UUID id, String name, List<String> goals, List<String> topics) {}

  /** A suggestion: someone to meet, how good a match, and why (shown to the viewer). */
  public record Match(Person person, int score, List<String> reasons) {}

  /**
   * Attendance for the people pages: someone who said going or maybe, or was checked in.
   * Cancelled, not going and waitlisted-but-never-came are not attendees.
   */
  public static boolean attends(String status, boolean checkedIn) {
    return checkedIn || "going".equals(status) || "maybe".equals(status);
  }

  /**
   * What the attendee directory is at a moment. It is for the people who were there: from the
   * event's end, those who came (checked in at the door or marked by an organizer). Before the end
   * (during the event too: who came is not settled yet) it is closed, unless the organizer turned
   * on the "who's going" list; then it shows who is going.
   */
  public enum Directory { CLOSED, GOING, CAME }

  public static Directory directory(boolean whosGoing, Instant endsAt, Instant now) {
    if (!now.isBefore(endsAt)) return Directory.CAME;
    return whosGoing ? Directory.GOING : Directory.CLOSED;
  }

  public static Directory directory(Event e, Instant now) {
    return directory(e.whosGoing(), e.endsAt(), now);
  }

  /**
   * Sharing choices count only for a verified address: anyone can RSVP with anyone's address, but
   * only its owner can open the link mailed to it.
   */
  public static boolean shares(boolean verified, boolean listed, boolean erased) {
    return verified && listed && !erased;
  }

  /**
   * On the directory {@code d}, which is also who may see it (give to get): a verified, listed
   * attendee who is going (GOING) or came (CAME). Nobody while it is CLOSED.
   */
  public static boolean inDirectory(Directory d, boolean verified, boolean listed, boolean erased,
                                    String status, boolean checkedIn) {
    if (!shares(verified, listed, erased)) return false;
    return switch (d) {
      case CLOSED -> false;
      case GOING -> "going".equals(status)
          || (checkedIn && !"cancelled".equals(status) && !"not_going".equals(status));
      case CAME -> checkedIn;
    };
  }

  /** The listed attendees the viewer might want to meet, best first, with the reasons. */
  public static List<Match> suggestions(Person viewer, List<Person> others) {
    List<Match> out = new ArrayList<>();
    for (Person p : others) {
      if (p.id().equals(viewer.id())) continue;
      Match m = match(viewer, p);
      if (m.score() > 0) out.add(m);
    }
    out.sort(Comparator.comparingInt(Match::score).reversed()
        .thenComparing(m -> m.person().name().toLowerCase(Locale.ROOT)));
    return out;
  }

  /** How well {@code other} fits {@code viewer}, from the viewer's side. */
  public static Match match(Person viewer, Person other) {
    List<String> reasons = new ArrayList<>();
    int score = 0;
    Set<String> mine = Set.copyOf(viewer.goals());
    Set<String> theirs = Set.copyOf(other.goals());
    String name = other.name();
    if (mine.contains("find_mentor") && theirs.contains("offer_mentoring")) {
      reasons.add("You are looking for a mentor; " + name + " is happy to mentor");
      score += GOAL_SCORE;
    }
    if (mine.contains("offer_mentoring") && theirs.contains("find_mentor")) {
      reasons.add(name + " is looking for a mentor; you are happy to mentor");
      score += GOAL_SCORE;
    }
    if (mine.contains("hiring") && theirs.contains("job_seeking")) {
      reasons.add("You are hiring; " + name + " is looking for a job");
      score += GOAL_SCORE;
    }
    if (mine.contains("job_seeking") && theirs.contains("hiring")) {
      reasons.add("You are looking for a job; " + name + " is hiring");
      score += GOAL_SCORE;
    }
    if (mine.contains("find_collaborators") && theirs.contains("find_collaborators")) {
      reasons.add("You are both looking for collaborators");
      score += GOAL_SCORE;
    }
    List<String> shared = sharedTopics(viewer.topics(), other.topics());
    if (!shared.isEmpty()) {
      reasons.add("You both care about " + joinAnd(shared));
      score += TOPIC_SCORE * shared.size();
    }
    return new Match(other, score, reasons);
  }

  /** Topics both named, in the viewer's order; compared without case or extra spaces. */
  static List<String> sharedTopics(List<String> mine, List<String> theirs) {
    Set<String> their = new LinkedHashSet<>();
    for (String t : theirs) their.add(norm(t));
    List<String> out = new ArrayList<>();
    for (String t : mine) {
      String n = norm(t);
      if (!n.isEmpty() && their.contains(n) && !out.contains(n)) out.add(n);
    }
    return out;
  }

  static String joinAnd(List<String> items) {
    if (items.size() == 1) return items.get(0);
    return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
  }

  public static List<String> goalLabels(List<String> goals) {
    List<String> out = new ArrayList<>();
    for (String g : goals) out.add(GOAL_LABELS.getOrDefault(g, g));
    return out;
  }

  private static String norm(String t) {
    return t == null ? "" : t.trim().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }
}
