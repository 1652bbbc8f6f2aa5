package org.convene.mail;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZoneId;
import java.util.Set;
import java.util.UUID;
import org.convene.calendar.ChatInvites;
import org.convene.members.CoffeeChat;
import org.convene.members.CoffeeChatRules;
import org.convene.members.CoffeeChatStore;
import org.convene.members.DirectoryMember;
import org.convene.members.DirectoryRules;
import org.convene.outbox.Outbox;
import org.convene.web.Templates;

/**
 * The coffee-chat mails, rendered when they are sent from the chat as it is then: a request
 * whose sender has unlisted or left, or that was answered meanwhile, is not sent; an accepted
 * chat's mail carries the other's address and the invite (calendar.ChatInvites) in the
 * recipient's zone. The outbox row holds ids only (and the request's answer link until sent).
 */
final class CoffeeChatMails {
  static final Set<String> KINDS = Set.of(Outbox.COFFEE_CHAT_REQUEST, Outbox.COFFEE_CHAT_ACCEPTED);

  /** A rendered mail (calendar null for none), or why it no longer goes ({@code skipped}). */
  record Rendered(String subject, String text, String html, String replyTo, String calendar,
                  UUID groupId, String groupName, String skipped) {
    static Rendered skip(String why) {
      return new Rendered(null, null, null, null, null, null, null, why);
    }
  }

  // compiled at start, so rendering does no I/O on the event loop
  private final Templates.Mails mails = Templates.mails()
      .preload(Outbox.COFFEE_CHAT_REQUEST, Outbox.COFFEE_CHAT_ACCEPTED);
  private final CoffeeChatStore chats;
  private final String baseUrl;

  CoffeeChatMails(Pool pool, String baseUrl) {
    // reads only: the limits belong to the store that writes requests
    this.chats = new CoffeeChatStore(pool, 0, 0);
    this.baseUrl = baseUrl;
  }

  /**
   * Renders the {@code kind} mail, or skips it. {@code organizer}: the ORGANIZER address of the
   * invite (the sending address), or null to name the requester.
   */
  Future<Rendered> render(String kind, JsonObject payload, String organizer) {
    UUID id;
    try {
      id = UUID.fromString(payload.getString("chat", ""));
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(Rendered.skip("no longer says which chat"));
    }
    return chats.byId(id).map(chat -> {
      if (chat == null) return Rendered.skip("the chat is gone (a member left the group)");
      return Outbox.COFFEE_CHAT_REQUEST.equals(kind)
          ? request(chat, payload.getString("answerToken"))
          : accepted(chat, payload.getString("to"), organizer);
    });
  }

  private Rendered request(CoffeeChat chat, String answerToken) {
    if (answerToken == null) return Rendered.skip("the answer link is gone");
    if (!chat.pending()) return Rendered.skip("answered already");
    DirectoryMember from = chat.requester();
    DirectoryMember to = chat.target();
    if (!from.onDirectory()) return Rendered.skip("the member who asked is no longer listed");
    if (!to.onDirectory()) return Rendered.skip("the member asked is no longer listed");
    // only what the requester shares with listed members; never their email before acceptance
    JsonObject card = DirectoryRules.card(from);
    card.remove("email");
    if (card.containsKey("goals")) {
      card.put("goalLabels", new JsonArray(DirectoryRules.goalLabels(from.goals())));
    }
    JsonArray times = new JsonArray();
    chat.times().forEach(t -> times.add(CoffeeChatRules.shown(t, chat.zone())));
    JsonObject model = new JsonObject().put("targetName", to.name()).put("from", card)
        .put("groupName", from.groupName()).put("message", chat.message())
        .put("minutes", chat.minutes()).put("times", times)
        .put("answerUrl", baseUrl + "/coffee/" + answerToken)
        .put("directoryUrl", baseUrl + "/m/" + to.token() + "/directory");
    return rendered(Outbox.COFFEE_CHAT_REQUEST, chat,
        from.name() + " would like a coffee chat (" + from.groupName() + ")", model, null, null);
  }

  private Rendered accepted(CoffeeChat chat, String toId, String organizer) {
    if (!chat.accepted()) return Rendered.skip("the chat is not accepted");
    boolean toRequester = chat.requester().id().toString().equals(toId);
    DirectoryMember me = toRequester ? chat.requester() : chat.target();
    DirectoryMember other = toRequester ? chat.target() : chat.requester();
    if (!me.id().toString().equals(toId)) return Rendered.skip("the recipient is not in the chat");
    ZoneId zone = chat.zoneOf(me.id());
    JsonObject card = DirectoryRules.card(other);
    if (card == null) card = new JsonObject().put("name", other.name());
    // agreeing to the chat is what reveals the address, whatever the directory shares
    card.put("email", other.email());
    JsonObject model = new JsonObject().put("me", me.name()).put("other", card)
        .put("groupName", me.groupName()).put("message", chat.message())
        .put("minutes", chat.minutes())
        .put("when", CoffeeChatRules.shown(chat.acceptedTime(), zone))
        .put("asked", toRequester)
        .put("directoryUrl", baseUrl + "/m/" + me.token() + "/directory");
    String ics = ChatInvites.request(chat, zone,
        organizer == null ? chat.requester().email() : organizer);
    return rendered(Outbox.COFFEE_CHAT_ACCEPTED, chat,
        "Coffee chat with " + other.name() + ": " + CoffeeChatRules.shown(chat.acceptedTime(), zone),
        model, other.email(), ics);
  }

  private Rendered rendered(String name, CoffeeChat chat, String subject, JsonObject model,
                            String replyTo, String calendar) {
    try {
      Templates.Parts parts = mails.render(name, model);
      return new Rendered(subject, parts.text(), parts.html(), replyTo, calendar, chat.groupId(),
          chat.requester().groupName(), null);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
