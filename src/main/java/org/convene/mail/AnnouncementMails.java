package org.convene.mail;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;
import org.convene.core.Config;
import org.convene.events.Event;
import org.convene.events.EventStore;
import org.convene.events.EventViews;
import org.convene.members.DirectoryMember;
import org.convene.members.Member;
import org.convene.members.MemberStore;
import org.convene.outbox.Outbox;
import org.convene.web.Templates;

/**
 * A new event announced to a member, and the weekly digest of new events, rendered when sent from
 * the member and the events as they are then. The member's choice is read again here: a member
 * who switched to "none" (or left, or was unsubscribed) since the mail was queued gets nothing,
 * which is what "unsubscribe stops announcements at once" needs with a queue in between.
 */
final class AnnouncementMails {
  static final Set<String> KINDS = Set.of(Outbox.MEMBER_ANNOUNCEMENT, Outbox.MEMBER_DIGEST);

  private final Templates.Mails mails = Templates.mails()
      .preload(Outbox.MEMBER_ANNOUNCEMENT, Outbox.MEMBER_DIGEST);
  private final Vertx vertx;
  private final MemberStore members;
  private final EventStore events;
  private final String baseUrl;
  private final UnsubscribeTokens unsubscribes;

  AnnouncementMails(Vertx vertx, Pool pool, EventStore events, String baseUrl,
                    UnsubscribeTokens unsubscribes) {
    this.vertx = vertx;
    // reads only: the join's mail limits belong to the routes' store
    this.members = new MemberStore(pool, Config.Limits.defaults());
    this.events = events;
    this.baseUrl = baseUrl;
    this.unsubscribes = unsubscribes;
  }

  Future<CoffeeChatMails.Rendered> render(String kind, String eventId, JsonObject payload) {
    UUID id;
    try {
      id = UUID.fromString(payload.getString("member", ""));
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(CoffeeChatMails.Rendered.skip("no longer says which member"));
    }
    boolean digest = Outbox.MEMBER_DIGEST.equals(kind);
    return members.byId(id).compose(m -> {
      if (m == null) return skip("the member left the group");
      if (!m.who().verified()) return skip("the member's address is not verified");
      String wanted = digest ? "weekly" : "each";
      if (!wanted.equals(m.announcements())) {
        return skip("the member now gets " + m.announcements() + " announcements");
      }
      return digest ? digest(m, payload) : announcement(m, eventId);
    });
  }

  private Future<CoffeeChatMails.Rendered> announcement(Member m, String eventId) {
    return events.findForRules(eventId).compose(e -> {
      if (e == null || !Event.PUBLISHED.equals(e.status())) return skip("the event is not published");
      if (!e.startsAt().isAfter(Instant.now())) return skip("the event has started");
      JsonObject model = model(m).put("event", card(e, m.who()));
      return rendered(Outbox.MEMBER_ANNOUNCEMENT, m,
          "New event: " + e.title() + " · " + EventViews.when(e.startsAt(), e.endsAt(), e.zone()),
          model);
    });
  }

  private Future<CoffeeChatMails.Rendered> digest(Member m, JsonObject payload) {
    Instant since;
    Instant until;
    try {
      since = Instant.parse(payload.getString("since", ""));
      until = Instant.parse(payload.getString("until", ""));
    } catch (DateTimeParseException e) {
      return skip("no longer says which week");
    }
    return events.announcedBetween(m.who().groupId(), since, until).compose(list -> {
      if (list.isEmpty()) return skip("none of the week's events is still to come");
      JsonArray cards = new JsonArray();
      for (Event e : list) cards.add(card(e, m.who()));
      JsonObject model = model(m).put("events", cards).put("count", list.size())
          .put("one", list.size() == 1);
      String subject = list.size() == 1
          ? "This week in " + m.who().groupName() + ": " + list.get(0).title()
          : "This week in " + m.who().groupName() + ": " + list.size() + " new events";
      return rendered(Outbox.MEMBER_DIGEST, m, subject, model);
    });
  }

  private JsonObject model(Member m) {
    DirectoryMember who = m.who();
    return new JsonObject().put("name", who.name()).put("groupName", who.groupName())
        .put("memberUrl", baseUrl + "/m/" + who.token())
        .put("unsubscribeUrl", baseUrl + "/u/" + unsubscribes.seal(who.email(), who.groupId()));
  }

  /**
   * The event as the mail shows it. A members-only event is answered from the member's own RSVP
   * page (their link proves they are a member); a public one from its page like anyone.
   */
  private JsonObject card(Event e, DirectoryMember who) {
    JsonObject j = EventViews.page(e, baseUrl, false, Instant.now());
    j.put("membersOnly", e.membersOnly())
        .put("rsvpUrl", e.membersOnly() ? baseUrl + "/m/" + who.token() + "/e/" + e.id()
            : baseUrl + "/e/" + e.id());
    String d = e.description() == null ? "" : e.description().strip();
    if (d.length() > 300) d = d.substring(0, 297).strip() + "…";
    return j.put("summary", d.isEmpty() ? null : d);
  }

  private Future<CoffeeChatMails.Rendered> rendered(String kind, Member m, String subject,
                                                    JsonObject model) {
    return vertx.executeBlocking(() -> {
      Templates.Parts parts = mails.render(kind, model);
      return new CoffeeChatMails.Rendered(subject, parts.text(), parts.html(), null, null,
          m.who().groupId(), m.who().groupName(), null);
    }, false);
  }

  private static Future<CoffeeChatMails.Rendered> skip(String why) {
    return Future.succeededFuture(CoffeeChatMails.Rendered.skip(why));
  }
}
