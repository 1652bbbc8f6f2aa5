package org.convene.mail;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.UUID;
import org.convene.core.Config;
import org.convene.members.DirectoryMember;
import org.convene.members.MemberStore;
import org.convene.members.OfficeStore;
import org.convene.outbox.Outbox;
import org.convene.web.Templates;

/**
 * The mails that carry a member's private link (after a join, again when someone joins with an
 * address that is already a member, or the office's invitation to a member it imported),
 * rendered when sent from the member row as it is then: a member who left meanwhile gets
 * nothing. The row holds ids only.
 */
final class MemberMails {
  static final Set<String> KINDS = Set.of(Outbox.MEMBER_LINK, Outbox.MEMBER_INVITATION);

  private final Templates.Mails mails = Templates.mails()
      .preload(Outbox.MEMBER_LINK, Outbox.MEMBER_INVITATION);
  private final MemberStore members;
  private final OfficeStore office;
  private final String baseUrl;

  MemberMails(Pool pool, String baseUrl) {
    // reads only: the join's mail limits belong to the routes' store
    this.members = new MemberStore(pool, Config.Limits.defaults());
    this.office = new OfficeStore(pool, Config.Limits.defaults());
    this.baseUrl = baseUrl;
  }

  /**
   * The link sent after a join is what its owner asked for (as an RSVP confirmation is); the
   * one sent again when an address joins twice may be a stranger's doing, so an unsubscribe
   * stops it (as it stops "already registered").
   */
  static boolean transactional(JsonObject payload) {
    return "join".equals(payload.getString("reason"));
  }

  Future<CoffeeChatMails.Rendered> render(JsonObject payload) {
    UUID id;
    try {
      id = UUID.fromString(payload.getString("member", ""));
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(CoffeeChatMails.Rendered.skip("no longer says which member"));
    }
    if ("invitation".equals(payload.getString("reason"))) return invitation(id, payload);
    return members.byId(id).map(m -> {
      if (m == null) return CoffeeChatMails.Rendered.skip("the member left the group");
      DirectoryMember who = m.who();
      boolean again = "again".equals(payload.getString("reason"));
      JsonObject model = new JsonObject().put("name", who.name()).put("groupName", who.groupName())
          .put("verified", who.verified()).put("again", again && who.verified())
          .put("memberUrl", baseUrl + "/m/" + who.token())
          .put("directoryUrl", baseUrl + "/m/" + who.token() + "/directory");
      String subject = who.verified() ? "Your member link for " + who.groupName()
          : "Confirm your address to join " + who.groupName();
      try {
        Templates.Parts parts = mails.render(Outbox.MEMBER_LINK, model);
        return new CoffeeChatMails.Rendered(subject, parts.text(), parts.html(), null, null,
            who.groupId(), who.groupName(), null);
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    });
  }

  /**
   * The office's invitation to a member it imported: who invites them to what, the member link
   * (opening it confirms the address, as for a join) and how to say no. A member who left, or
   * confirmed meanwhile, gets nothing.
   */
  private Future<CoffeeChatMails.Rendered> invitation(UUID id, JsonObject payload) {
    UUID by;
    try {
      by = payload.getString("by") == null ? null : UUID.fromString(payload.getString("by"));
    } catch (IllegalArgumentException e) {
      by = null;
    }
    UUID organizer = by;
    return members.byId(id).compose(m -> {
      if (m == null) return Future.succeededFuture(CoffeeChatMails.Rendered.skip("the member left the group"));
      if (m.who().verified()) {
        return Future.succeededFuture(CoffeeChatMails.Rendered.skip("the member confirmed meanwhile"));
      }
      return office.inviter(organizer).map(inviter -> {
        DirectoryMember who = m.who();
        String memberUrl = baseUrl + "/m/" + who.token();
        JsonObject model = new JsonObject().put("name", who.name()).put("groupName", who.groupName())
            .put("organizer", inviter == null ? null : inviter.name())
            .put("memberUrl", memberUrl).put("leaveUrl", memberUrl + "#leave-heading");
        try {
          Templates.Parts parts = mails.render(Outbox.MEMBER_INVITATION, model);
          return new CoffeeChatMails.Rendered("You're invited to join " + who.groupName(),
              parts.text(), parts.html(), inviter == null ? null : inviter.email(), null,
              who.groupId(), who.groupName(), null);
        } catch (IOException ex) {
          throw new UncheckedIOException(ex);
        }
      });
    });
  }
}
