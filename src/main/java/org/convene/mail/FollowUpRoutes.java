package org.convene.mail;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.Set;
import org.convene.accounts.Account;
import org.convene.accounts.Auth;
import org.convene.core.Problem;
import org.convene.db.Ids;
import org.convene.events.Event;
import org.convene.events.EventPages;
import org.convene.events.EventViews;
import org.convene.outbox.Outbox;
import org.convene.web.JsonInput;
import org.convene.web.Views;

/**
 * The follow-up after an event: an organizer message to who came (with a link to the people page)
 * or to the no-shows, from its own form, sent once per form (see MessageRules.checkFollowUp).
 */
public final class FollowUpRoutes {
  private final EventPages eventPages;
  private final MessageStore messages;
  private final Auth auth;
  private final Views views;
  private final String baseUrl;

  public FollowUpRoutes(EventPages eventPages, MessageStore messages, Auth auth, Views views,
                        String baseUrl) {
    this.eventPages = eventPages;
    this.messages = messages;
    this.auth = auth;
    this.views = views;
    this.baseUrl = baseUrl;
  }

  public void mount(Router r) {
    r.get("/organize/e/:event/follow-up").handler(this::followUpPage);
    r.post("/organize/e/:event/follow-up").handler(this::followUpFromForm);
    r.post("/api/v1/events/:event/follow-ups").handler(this::followUpApi);
  }

  private void followUpPage(RoutingContext ctx) {
    webEvent(ctx).compose(e -> render(ctx, 200, e, new JsonObject().put("audience", "came"),
            new JsonObject(), null))
        .onFailure(ctx::fail);
  }

  private void followUpFromForm(RoutingContext ctx) {
    MultiMap f = ctx.request().formAttributes();
    JsonObject typed = new JsonObject().put("audience", f.get("audience"))
        .put("subject", f.get("subject")).put("body", f.get("body"));
    webEvent(ctx).compose(e -> {
      Account me = ctx.get("account");
      MessageRules.Checked c = MessageRules.checkFollowUp(f.get("audience"), f.get("subject"),
          f.get("body"), e, Instant.now());
      if (!c.ok()) return render(ctx, 400, e, typed, c.errors(), null);
      String key = f.get("sendKey");
      if (key == null || key.length() < 16 || key.length() > 64) key = Ids.token();
      return messages.queue(e, me, c.message(), new MessageRules.FollowUp(f.get("audience"), key))
          .compose(n -> render(ctx, 200, e, new JsonObject().put("audience", "came"),
              new JsonObject(), n < 0 ? "This follow-up was sent already; nothing was sent twice."
                  : "Sent to " + n + (n == 1 ? " person." : " people.")))
          // past the daily cap the form comes back as typed, saying why nothing was sent
          .recover(x -> x instanceof Problem p && MessageStore.LIMIT.equals(p.code())
              ? render(ctx, 429, e, typed, new JsonObject().put("limit", p.getMessage()), null)
              : Future.failedFuture(x));
    }).onFailure(ctx::fail);
  }

  private Future<Void> render(RoutingContext ctx, int status, Event e, JsonObject form,
                              JsonObject errors, String notice) {
    return messages.audienceCounts(e.id()).compose(counts -> views.render(ctx, status, "follow-up",
        new JsonObject().put("title", "Follow-up: " + e.title())
            .put("event", EventViews.page(e, baseUrl, false, Instant.now()))
            .put("form", form).put("errors", errors).put("notice", notice)
            .put("came", counts.getLong(Outbox.CHECKED_IN, 0L))
            .put("noShows", counts.getLong(Outbox.NO_SHOW, 0L))
            .put("started", !e.startsAt().isAfter(Instant.now()))
            .put("sendKey", Ids.token())));
  }

  private void followUpApi(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, Set.of("audience", "subject", "text", "idempotencyKey"));
    String audience = in.string("audience");
    String subject = in.string("subject");
    String text = in.string("text");
    String key = in.string("idempotencyKey");
    if (key != null && (key.length() < 8 || key.length() > 64)) {
      in.error("idempotencyKey", "use 8 to 64 characters");
    }
    auth.apiAccount(ctx).compose(me -> eventPages.organizerEvent(ctx, me).compose(e -> {
      MessageRules.Checked c = MessageRules.checkFollowUp(audience, subject, text, e, Instant.now());
      // the API calls the message "text"
      c.errors().forEach(x -> in.error("body".equals(x.getKey()) ? "text" : x.getKey(),
          (String) x.getValue()));
      in.check();
      return messages.queue(e, me, c.message(), new MessageRules.FollowUp(audience, key))
          .map(n -> new JsonObject().put("audience", audience)
              .put("recipients", Math.max(n, 0)).put("alreadySent", n < 0));
    })).onSuccess(j -> ctx.response().setStatusCode(j.getBoolean("alreadySent") ? 200 : 201)
        .putHeader("Content-Type", "application/json").end(j.encode()))
        .onFailure(ctx::fail);
  }

  private Future<Event> webEvent(RoutingContext ctx) {
    return auth.requireWeb(ctx).compose(me -> {
      ctx.put("account", me);
      return eventPages.organizerEvent(ctx, me);
    });
  }
}
