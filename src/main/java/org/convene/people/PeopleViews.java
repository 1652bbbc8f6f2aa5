package org.convene.people;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.convene.core.Problem;
import org.convene.events.Event;
import org.convene.events.Question;
import org.convene.events.EventViews;

/**
 * How people appear on the pages and in the API: the cards (what each viewer may see of a
 * person), suggestions, and times in the event's zone. Shared by the people, connect and
 * check-in routes.
 */
final class PeopleViews {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

  private PeopleViews() {}

  static JsonObject base(Event e, String baseUrl, String title) {
    return new JsonObject().put("title", title)
        .put("event", EventViews.page(e, baseUrl, false, Instant.now()));
  }

  /**
   * The answers to the questions this viewer may see: an organizer all of them, an attendee only
   * those the organizers marked as shown on the people page (the card is there only because its
   * person chose to be listed).
   */
  static JsonArray answers(Attendee a, List<Question> questions, boolean organizer) {
    JsonArray out = new JsonArray();
    for (Question q : questions) {
      if (!organizer && !q.shownToAttendees()) continue;
      Object v = a.answers() == null ? null : a.answers().getValue(q.id());
      if (v == null) continue;
      out.add(new JsonObject().put("label", q.label()).put("text", q.shown(v)));
    }
    return out;
  }

  static JsonArray attendeeCards(List<Attendee> list, Map<UUID, String> conn, String token,
                                 List<Question> questions) {
    JsonArray out = new JsonArray();
    for (Attendee a : list) {
      String state = conn.get(a.id());
      boolean connected = "accepted".equals(state);
      JsonObject card = card(a).put("answers", answers(a, questions, false));
      if (a.shareEmail() || connected) card.put("email", a.email());
      card.put("connected", connected)
          .put("requestSent", "sent".equals(state))
          .put("requestReceived", "received".equals(state))
          .put("canConnect", state == null)
          .put("connectAction", "/r/" + token + "/people/" + a.id() + "/connect");
      out.add(card);
    }
    return out;
  }

  /** Everyone, with emails and whether their choices count yet; never their manage link. */
  static JsonArray organizerCards(List<Attendee> list, boolean marking, List<Question> questions) {
    JsonArray out = new JsonArray();
    for (Attendee a : list) {
      out.add(card(a).put("answers", answers(a, questions, true))
          .put("email", a.email()).put("listed", a.listed())
          .put("shareEmail", a.shareEmail()).put("status", a.status())
          .put("verified", a.verified())
          .put("canMark", marking && a.checkedInAt() == null && !"cancelled".equals(a.status())
              && !"not_going".equals(a.status())));
    }
    return out;
  }

  static JsonObject card(Attendee a) {
    return new JsonObject().put("id", a.id().toString()).put("name", a.name())
        .put("headline", a.headline()).put("company", a.company()).put("profileUrl", a.url())
        .put("goals", new JsonArray(PeopleRules.goalLabels(a.goals())))
        .put("topics", new JsonArray(a.topics()))
        .put("checkedIn", a.checkedInAt() != null);
  }

  static JsonArray suggestions(Attendee me, List<Attendee> others) {
    List<PeopleRules.Person> persons = others.stream().map(Attendee::person).toList();
    JsonArray out = new JsonArray();
    for (PeopleRules.Match m : PeopleRules.suggestions(me.person(), persons)) {
      out.add(new JsonObject().put("id", m.person().id().toString())
          .put("name", m.person().name()).put("reasons", new JsonArray(m.reasons())));
      if (out.size() == 10) break;
    }
    return out;
  }

  static JsonObject requesterCard(Attendee a) {
    if (a == null) return new JsonObject();
    return new JsonObject().put("name", a.name()).put("headline", a.headline())
        .put("company", a.company()).put("profileUrl", a.url())
        .put("goals", new JsonArray(PeopleRules.goalLabels(a.goals())))
        .put("topics", new JsonArray(a.topics()));
  }

  static JsonObject attendeesJson(Event e, JsonObject counts, List<Attendee> list,
                                   boolean organizer) {
    JsonArray out = new JsonArray();
    for (Attendee a : list) {
      JsonObject j = new JsonObject().put("id", a.id().toString()).put("name", a.name());
      if (organizer || a.shareEmail()) j.put("email", a.email());
      j.put("profile", new JsonObject().put("headline", a.headline()).put("company", a.company())
              .put("url", a.url()).put("goals", new JsonArray(a.goals()))
              .put("topics", new JsonArray(a.topics())))
          .put("checkedIn", a.checkedInAt() != null);
      JsonObject answered = new JsonObject();
      for (Question q : e.questions()) {
        Object v = a.answers() == null ? null : a.answers().getValue(q.id());
        if (v != null && (organizer || q.shownToAttendees())) answered.put(q.id(), v);
      }
      j.put("answers", answered);
      if (organizer) {
        j.put("status", a.status()).put("guests", a.guests()).put("listed", a.listed())
            .put("verified", a.verified())
            .put("shareEmail", a.shareEmail())
            .put("checkedInAt", a.checkedInAt() == null ? null : a.checkedInAt().toString());
      }
      out.add(j);
    }
    return new JsonObject().put("event", e.id()).put("counts", counts).put("attendees", out);
  }

  static String time(Instant t, Event e) {
    return TIME.format(LocalDateTime.ofInstant(t, e.zone()));
  }

  static UUID uuid(String s) {
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw Problem.notFound();
    }
  }
}
