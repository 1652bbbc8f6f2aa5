package org.convene.people;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.UUID;
import org.convene.events.Event;
import org.convene.events.EventViews;
import org.convene.outbox.Outbox;
import org.convene.web.Templates;

/**
 * The connect mails, rendered when they are sent (the mail feature's renderer asks here). Both
 * reveal a person, so consent is read again at that moment: the outbox row holds ids only, and a
 * person who unlisted or was erased since is not revealed by a mail queued (or failed) before.
 */
public final class ConnectMails {
  public static final Set<String> KINDS = Set.of(Outbox.CONNECT_REQUEST, Outbox.CONNECT_ACCEPTED);

  /** A rendered connect mail, or why it no longer goes ({@code skipped}). */
  public record Rendered(String subject, String text, String html, String replyTo,
                         String skipped) {
    static Rendered skip(String why) {
      return new Rendered(null, null, null, null, why);
    }
  }

  // compiled at start, so rendering does no I/O on the event loop
  private final Templates.Mails mails = Templates.mails()
      .preload("people-connect-request", "people-connected");
  private final PeopleStore people;
  private final String baseUrl;

  public ConnectMails(Pool pool, String baseUrl) {
    this.people = new PeopleStore(pool);
    this.baseUrl = baseUrl;
  }

  /** The payload of a connect mail: which request, and the RSVP id of the person it reveals. */
  static JsonObject payload(UUID requestId, UUID about) {
    return new JsonObject().put("request", requestId.toString()).put("about", about.toString());
  }

  /**
   * Renders the {@code kind} mail to {@code recipientId}, or skips it when the person it reveals
   * (payload "about") no longer shares: not verified, not listed, or erased.
   */
  public Future<Rendered> render(String kind, JsonObject payload, UUID recipientId, Event e) {
    UUID about;
    try {
      about = UUID.fromString(payload.getString("about", ""));
    } catch (IllegalArgumentException ex) {
      return Future.succeededFuture(Rendered.skip("no longer says whom it is about"));
    }
    return people.byId(recipientId).compose(recipient -> people.byId(about).map(other -> {
      if (recipient == null || recipient.erased()) return Rendered.skip("the recipient is gone");
      if (other == null || !other.shares()) {
        return Rendered.skip("the person it would reveal no longer shares");
      }
      return Outbox.CONNECT_REQUEST.equals(kind)
          ? request(e, other, recipient, payload.getString("answerToken"))
          : connected(e, recipient, other);
    }));
  }

  private Rendered request(Event e, Attendee requester, Attendee target, String answerToken) {
    if (answerToken == null) return Rendered.skip("the answer link is gone");
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
    return rendered("people-connect-request",
        requester.name() + " would like to connect after " + e.title(), model, null);
  }

  private Rendered connected(Event e, Attendee recipient, Attendee other) {
    JsonObject model = new JsonObject()
        .put("me", recipient.name())
        .put("eventTitle", e.title())
        .put("eventWhen", EventViews.when(e.startsAt(), e.endsAt(), e.zone()))
        .put("other", new JsonObject().put("name", other.name()).put("email", other.email())
            .put("headline", other.headline()).put("company", other.company())
            .put("url", other.url()))
        .put("manageUrl", baseUrl + "/r/" + recipient.token());
    return rendered("people-connected",
        "You and " + other.name() + " are connected (" + e.title() + ")", model, other.email());
  }

  private Rendered rendered(String name, String subject, JsonObject model, String replyTo) {
    try {
      Templates.Parts parts = mails.render(name, model);
      return new Rendered(subject, parts.text(), parts.html(), replyTo, null);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
