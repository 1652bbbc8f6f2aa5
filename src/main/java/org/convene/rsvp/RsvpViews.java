package org.convene.rsvp;

import org.convene.core.Redact;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.convene.events.Event;
import org.convene.events.Question;
import org.convene.events.EventViews;

/** What the RSVP pages show of an RSVP: the attendee's manage page and the organizer's list. */
final class RsvpViews {
  private RsvpViews() {}

  static JsonObject view(Rsvp r) {
    JsonArray goals = new JsonArray();
    for (String g : r.profile().goals()) goals.add(RsvpRules.GOAL_LABELS.getOrDefault(g, g));
    return new JsonObject()
        .put("id", r.id().toString()).put("name", r.name()).put("email", r.email())
        .put("response", r.response()).put("status", r.status())
        .put("statusLabel", statusLabel(r))
        .put("going", Rsvp.GOING.equals(r.status()))
        .put("waitlisted", Rsvp.WAITLISTED.equals(r.status()))
        .put("cancelled", Rsvp.CANCELLED.equals(r.status()))
        .put("pending", Rsvp.PENDING.equals(r.status()))
        .put("declined", Rsvp.DECLINED.equals(r.status()))
        .put("offered", Rsvp.OFFERED.equals(r.status()))
        .put("guests", r.guests()).put("party", r.party())
        .put("position", r.waitlistPosition())
        .put("listed", r.profile().listed()).put("shareEmail", r.profile().shareEmail())
        .put("headline", r.profile().headline()).put("company", r.profile().company())
        .put("profileUrl", r.profile().url())
        .put("goals", goals).put("topics", new JsonArray(r.profile().topics()))
        .put("reminders", r.reminders())
        .put("checkedIn", r.checkedInAt() != null);
  }

  /** The page after the RSVP form: what was stored, where the private link went, and why. */
  static JsonObject sent(Rsvp r, Event e, String baseUrl) {
    return new JsonObject()
        .put("title", "Check your inbox: " + e.title())
        .put("event", EventViews.page(e, baseUrl, false, Instant.now()))
        .put("rsvp", new JsonObject().put("name", r.name()).put("status", r.status())
            .put("statusLabel", statusLabel(r))
            .put("waitlisted", Rsvp.WAITLISTED.equals(r.status()))
            .put("pending", Rsvp.PENDING.equals(r.status())))
        .put("sentTo", Redact.maskedEmail(r.email()));
  }

  /**
   * The claim window on the manage page: until when the offered seat is held, and what became of
   * the last accept or decline ({@code outcome}, a code from the offer routes' redirect).
   */
  static JsonObject offer(Rsvp r, Event e, String outcome) {
    JsonObject o = new JsonObject();
    if (r.offerExpiresAt() != null) {
      o.put("expires", EventViews.moment(r.offerExpiresAt(), e.zone()))
          .put("expiresUtc", r.offerExpiresAt().toString());
    }
    if (outcome != null) {
      String said = switch (outcome) {
        case "offer-accepted" -> "The seat is yours: you're going. The invite is on its way.";
        case "offer-declined" -> "You let the seat go; it is offered to the next person in line.";
        case "offer_expired" -> "This offer has run out, so the seat goes to the next person in line.";
        case "no_offer" -> "There is no seat offered to you right now.";
        default -> null;
      };
      if (said != null) {
        o.put("said", said).put("ok", outcome.startsWith("offer-"));
      }
    }
    return o;
  }

  static String statusLabel(Rsvp r) {
    return switch (r.status()) {
      case Rsvp.GOING -> r.guests() == 0 ? "Going" : "Going with " + r.guests() + " guest" + (r.guests() == 1 ? "" : "s");
      case Rsvp.WAITLISTED -> "On the waitlist, number " + r.waitlistPosition() + " in line";
      case Rsvp.MAYBE -> "Maybe";
      case Rsvp.NOT_GOING -> "Not going";
      case Rsvp.PENDING -> "Waiting for approval";
      case Rsvp.DECLINED -> "Not approved";
      case Rsvp.OFFERED -> "Seat offered, waiting for an answer";
      default -> "Cancelled";
    };
  }

  static JsonObject formOf(Rsvp r) {
    return new JsonObject().put("name", r.name()).put("response", r.response())
        .put("guests", r.guests()).put("listed", r.profile().listed())
        .put("shareEmail", r.profile().shareEmail()).put("headline", r.profile().headline())
        .put("company", r.profile().company()).put("profileUrl", r.profile().url())
        .put("goals", new JsonArray(r.profile().goals()))
        .put("topics", String.join(", ", r.profile().topics()));
  }

  static JsonArray goalOptions(List<String> chosen) {
    JsonArray out = new JsonArray();
    for (String g : RsvpRules.GOALS) {
      out.add(new JsonObject().put("value", g).put("label", RsvpRules.GOAL_LABELS.get(g))
          .put("checked", chosen != null && chosen.contains(g)));
    }
    return out;
  }

  static JsonArray guestOptions(int allowed, int selected) {
    JsonArray out = new JsonArray();
    for (int i = 0; i <= allowed; i++) {
      out.add(new JsonObject().put("value", i).put("selected", i == selected));
    }
    return out;
  }

  static List<String> stringList(JsonArray a) {
    List<String> out = new ArrayList<>();
    if (a != null) for (Object o : a) out.add(String.valueOf(o));
    return out;
  }

  /**
   * The event's questions for the RSVP forms, filled with {@code values} (an RSVP's stored answers,
   * or what the form sent back with errors) and each one's error ("answers.{id}").
   */
  static JsonArray questions(List<Question> questions, Map<String, Object> values,
                             JsonObject errors) {
    JsonArray out = new JsonArray();
    for (Question q : questions) {
      Object v = values == null ? null : values.get(q.id());
      List<String> given = new java.util.ArrayList<>();
      if (v instanceof JsonArray a) a.forEach(x -> given.add(String.valueOf(x)));
      else if (v instanceof java.util.Collection<?> c) c.forEach(x -> given.add(String.valueOf(x)));
      else if (v != null) given.add(String.valueOf(v));
      String text = given.stream().filter(x -> !x.isBlank()).findFirst().orElse("");
      JsonArray options = new JsonArray();
      for (String o : q.options()) {
        options.add(new JsonObject().put("value", o).put("checked", given.contains(o)));
      }
      out.add(new JsonObject().put("id", q.id()).put("name", "answer." + q.id())
          .put("inputId", "q-" + q.id()).put("label", q.label()).put("help", q.help())
          .put("required", q.required())
          .put("choice", q.hasOptions()).put("options", options)
          .put("inputType", Question.SEVERAL.equals(q.kind()) ? "checkbox" : "radio")
          .put("yesno", Question.YESNO.equals(q.kind()))
          .put("yes", "true".equals(text) || "yes".equals(text))
          .put("no", "false".equals(text) || "no".equals(text))
          .put("long", Question.LONG.equals(q.kind()))
          .put("value", q.hasOptions() || Question.YESNO.equals(q.kind()) ? null : text)
          .put("error", errors == null ? null : errors.getString("answers." + q.id())));
    }
    return out;
  }

  /** An RSVP's answers to the questions there are, as label and text, for organizers' lists. */
  static JsonArray answered(List<Question> questions, JsonObject answers) {
    JsonArray out = new JsonArray();
    for (Question q : questions) {
      Object a = answers == null ? null : answers.getValue(q.id());
      if (a == null) continue;
      out.add(new JsonObject().put("label", q.label()).put("text", q.shown(a)));
    }
    return out;
  }
}
