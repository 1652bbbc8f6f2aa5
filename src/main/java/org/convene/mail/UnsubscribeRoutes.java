package org.convene.mail;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.convene.core.Problem;
import org.convene.core.Redact;
import org.convene.web.Csrf;
import org.convene.web.Views;

/**
 * The unsubscribe link every mail to an attendee carries (List-Unsubscribe, RFC 2369 and 8058):
 * a mail client's one-click POST stops the group's mail at once; a person who opens the link
 * chooses between this group and all of Convene, and can undo it. Mail they asked for (their
 * confirmation, a change to an event they are going to) still comes: see MailKinds.TRANSACTIONAL.
 */
public final class UnsubscribeRoutes {
  private static final Set<String> CHOICES = Set.of("group", "all", "resubscribe");

  private final UnsubscribeTokens tokens;
  private final SuppressionStore suppressions;
  private final Views views;

  UnsubscribeRoutes(UnsubscribeTokens tokens, SuppressionStore suppressions, Views views) {
    this.tokens = tokens;
    this.suppressions = suppressions;
    this.views = views;
  }

  public void mount(Router r) {
    r.get("/u/:token").handler(this::page);
    r.post("/u/:token").handler(this::unsubscribe);
  }

  private void page(RoutingContext ctx) {
    UnsubscribeTokens.Subscriber who = subscriber(ctx);
    if (who == null) return;
    Future<SuppressionStore.Suppressed> now = suppressions.of(who.email());
    Future<String> group = suppressions.groupName(who.groupId());
    Future.all(now, group).compose(x -> {
      String done = ctx.request().getParam("done");
      JsonObject model = new JsonObject()
          .put("title", "Your mail from Convene")
          .put("token", ctx.pathParam("token"))
          .put("address", Redact.maskedEmail(who.email()))
          .put("groupName", group.result())
          .put("forGroup", who.groupId() != null)
          .put("stoppedGroup", now.result().covers(who.groupId()) && !now.result().all())
          .put("stoppedAll", now.result().all())
          .put("done", done != null && CHOICES.contains(done) ? done : null);
      return views.render(ctx, "unsubscribe", model);
    }).onFailure(ctx::fail);
  }

  /**
   * RFC 8058 one-click (exempt from CSRF, see Csrf.isOneClickUnsubscribe) answers 200 with a
   * line of text, for a mail client that shows nothing of it; the page's own form redirects
   * back to the page, which says what is stopped now.
   */
  private void unsubscribe(RoutingContext ctx) {
    UnsubscribeTokens.Subscriber who = subscriber(ctx);
    if (who == null) return;
    if (Csrf.isOneClickUnsubscribe(ctx)) {
      suppressions.suppress(who.email(), who.groupId())
          .onSuccess(v -> ctx.response().putHeader("Content-Type", "text/plain; charset=utf-8")
              .putHeader("Cache-Control", "no-store").end("Unsubscribed.\n"))
          .onFailure(ctx::fail);
      return;
    }
    String choice = ctx.request().getFormAttribute("choice");
    if (choice == null || !CHOICES.contains(choice)) {
      ctx.fail(Problem.invalid(new JsonObject().put("choice", "Choose what to stop.")));
      return;
    }
    Future<Void> done = switch (choice) {
      case "group" -> suppressions.suppress(who.email(), who.groupId());
      case "all" -> suppressions.suppress(who.email(), null);
      default -> suppressions.resubscribe(who.email(), who.groupId());
    };
    done.onSuccess(v -> ctx.redirect("/u/" + ctx.pathParam("token") + "?done=" + choice))
        .onFailure(ctx::fail);
  }

  /** The token's subscriber; a token we did not seal is a 404 like any unknown page. */
  private UnsubscribeTokens.Subscriber subscriber(RoutingContext ctx) {
    UnsubscribeTokens.Subscriber who = tokens.open(ctx.pathParam("token")).orElse(null);
    if (who == null) ctx.fail(Problem.notFound());
    return who;
  }
}
