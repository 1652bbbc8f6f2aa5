package org.convene.mail;

import org.convene.outbox.Outbox;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.convene.events.Event;
import org.convene.web.Fields;

/** What an organizer's message to attendees must be. No I/O. */
public final class MessageRules {
  /**
   * The audiences an organizer can pick, in the order the form shows them: RSVP statuses, and
   * for the follow-up after an event, who came (checked in) and who said going but did not.
   */
  public static final List<String> AUDIENCES = List.of("going", "waitlisted", "maybe", "not_going",
      Outbox.CHECKED_IN, Outbox.NO_SHOW);
  static final int MAX_SUBJECT = 200;
  static final int MAX_BODY = 10_000;

  public record Valid(List<String> statuses, String subject, String body) {}

  /**
   * The follow-up form's audiences ("came", "no_shows"), as organizer-message audiences. The
   * follow-up is an organizer message to one of them, sent once per form however often it is
   * submitted: {@code sendKey} names the form.
   */
  public static final Map<String, String> FOLLOW_UP_AUDIENCES =
      Map.of("came", Outbox.CHECKED_IN, "no_shows", Outbox.NO_SHOW);

  public record FollowUp(String audience, String sendKey) {}

  /** Either a valid message or one error per field. */
  public record Checked(Valid message, JsonObject errors) {
    public boolean ok() {
      return errors.isEmpty();
    }
  }

  private MessageRules() {}

  public static Checked check(List<String> statuses, String rawSubject, String rawBody) {
    JsonObject errors = new JsonObject();
    List<String> chosen = new ArrayList<>();
    for (String s : statuses == null ? List.<String>of() : statuses) {
      if (!AUDIENCES.contains(s)) {
        errors.put("statuses", "Choose among " + String.join(", ", AUDIENCES) + ".");
      } else if (!chosen.contains(s)) {
        chosen.add(s);
      }
    }
    if (chosen.isEmpty() && !errors.containsKey("statuses")) {
      errors.put("statuses", "Choose who gets the message.");
    }
    String subject = Fields.line(rawSubject);
    if (subject == null) {
      errors.put("subject", "Write a subject.");
    } else if (subject.length() > MAX_SUBJECT) {
      errors.put("subject", "Keep the subject under " + MAX_SUBJECT + " characters.");
    }
    String body = Fields.clean(rawBody);
    if (body == null) {
      errors.put("body", "Write the message.");
    } else if (body.length() > MAX_BODY) {
      errors.put("body", String.format(Locale.ENGLISH, "Keep the message under %,d characters.",
          MAX_BODY));
    }
    return new Checked(errors.isEmpty() ? new Valid(chosen, subject, body) : null, errors);
  }

  /** A follow-up goes out once the event has started: who came is known only then. */
  public static Checked checkFollowUp(String audience, String subject, String body, Event e,
                                      Instant now) {
    String to = audience == null ? null : FOLLOW_UP_AUDIENCES.get(audience);
    Checked c = check(to == null ? List.of() : List.of(to), subject, body);
    JsonObject errors = c.errors().copy();
    errors.remove("statuses");
    if (to == null) errors.put("audience", "Choose who gets it: those who came, or the no-shows.");
    if (e.startsAt().isAfter(now)) {
      errors.put("audience", "Follow-ups can be sent once the event has started.");
    }
    return new Checked(errors.isEmpty() ? c.message() : null, errors);
  }
}
