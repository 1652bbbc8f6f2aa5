package org.convene.people;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.convene.events.Event;
import org.convene.events.EventViews;
import org.convene.web.Templates;

/**
 * The connect request mails, rendered when they are caused (Outbox.PREPARED): the request names
 * what the requester shares at that moment, and the answer link is only known then.
 */
final class ConnectMails {
  // compiled at start, so rendering inside the request's transaction does no I/O
  private final Templates.Mails mails = Templates.mails()
      .preload("people-connect-request", "people-connected");
  private final String baseUrl;

  ConnectMails(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  JsonObject request(Event e, Attendee requester, Attendee target, String answerToken) {
    JsonObject model = new JsonObject()
        .put("targetName", target.name())
        .put("eventTitle", e.title())
        .put("eventWhen", EventViews.when(e.startsAt(), e.endsAt(), e.zone()))
        // only what the requester shares with listed attendees; never their email
        .put("requester", new JsonObject().put("name", requester.name())
            .put("headline", requester.headline()).put("company", requester.company())
            .put("url", requester.url())
            .put("goals", new JsonArray(PeopleRules.goalLabels(requester.goals()))))
        .put("acceptUrl", baseUrl + "/c/" + answerToken + "/accept")
        .put("declineUrl", baseUrl + "/c/" + answerToken + "/decline")
        .put("manageUrl", baseUrl + "/r/" + target.token());
    return prepared("people-connect-request",
        requester.name() + " would like to connect after " + e.title(), model, null);
  }

  JsonObject connected(Event e, Attendee recipient, Attendee other) {
    JsonObject model = new JsonObject()
        .put("me", recipient.name())
        .put("eventTitle", e.title())
        .put("eventWhen", EventViews.when(e.startsAt(), e.endsAt(), e.zone()))
        .put("other", new JsonObject().put("name", other.name()).put("email", other.email())
            .put("headline", other.headline()).put("company", other.company())
            .put("url", other.url()))
        .put("manageUrl", baseUrl + "/r/" + recipient.token());
    return prepared("people-connected",
        "You and " + other.name() + " are connected (" + e.title() + ")", model, other.email());
  }

  /** The outbox payload of a mail rendered now (Outbox.PREPARED): subject, text, html, replyTo. */
  private JsonObject prepared(String name, String subject, JsonObject model, String replyTo) {
    try {
      Templates.Parts parts = mails.render(name, model);
      JsonObject payload = new JsonObject().put("subject", subject)
          .put("text", parts.text()).put("html", parts.html());
      if (replyTo != null) payload.put("replyTo", replyTo);
      return payload;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
