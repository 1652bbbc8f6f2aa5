package org.convene.mail;

import org.convene.outbox.OutboxStore;
import org.convene.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.convene.accounts.Account;
import org.convene.accounts.Auth;
import org.convene.events.Event;
import org.convene.events.EventPages;
import org.convene.events.EventStore;
import org.convene.events.EventViews;
import org.convene.groups.Access;
import org.convene.core.Problem;
import org.convene.web.JsonInput;
import org.convene.web.Views;
import org.convene.rsvp.RsvpStore;

/** The organizer's view of an event's mail, messages to attendees, and the reminder opt-out. */
public final class MailRoutes {
  private static final Set<String> MESSAGE_FIELDS = Set.of("statuses", "subject", "body");

  private final EventStore events;
  private final EventPages eventPages;
  private final OutboxStore outbox;
  private final Access access;
  private final Auth auth;
  private final Views views;
  private final MessageStore messages;
  private final RsvpStore rsvps;
  private final String baseUrl;

  public MailRoutes(EventStore events, EventPages eventPages, OutboxStore outbox, Access access, Auth auth, Views views,
                    MessageStore messages, RsvpStore rsvps, String baseUrl) {
    this.rsvps = rsvps;
    this.events = events;
    this.eventPages = eventPages;
    this.outbox = outbox;
    this.access = access;
    this.auth = auth;
    this.views = views;
    this.messages = messages;
    this.baseUrl = baseUrl;
  }

  public void mount(Router r) {
    r.get("/organize/e/:event/mail").handler(this::mailPage);
    r.post("/organize/e/:event/mail/retry").handler(this::retryFromForm);
    r.get("/organize/e/:event/message").handler(this::messagePage);
    r.post("/organize/e/:event/message").handler(this::messageFromForm);
    r.post("/r/:token/reminders").handler(this::remindersFromForm);

    r.get("/api/v1/events/:event/mail").handler(this::getMail);
    r.post("/api/v1/events/:event/mail/retry").handler(this::retry);
    r.post("/api/v1/events/:event/messages").handler(this::postMessage);
  }

  // ---- web ----

  private void mailPage(RoutingContext ctx) {
    webEvent(ctx).compose(e -> Future.all(outbox.counts(e.id()), outbox.failed(e.id()))
        .compose(all -> {
          JsonObject counts = all.resultAt(0);
          JsonArray failed = all.resultAt(1);
          JsonObject model = new JsonObject()
              .put("title", "Mail: " + e.title())
              .put("event", EventViews.page(e, baseUrl, true, Instant.now()))
              .put("counts", counts.put("waiting", counts.getLong("pending") + counts.getLong("sending")))
              .put("failed", failed)
              .put("queued", ctx.request().getParam("queued"))
              .put("retried", ctx.request().getParam("retried"));
          return views.render(ctx, "mail-status", model);
        }))
        .onFailure(ctx::fail);
  }

  private void retryFromForm(RoutingContext ctx) {
    webEvent(ctx).compose(e -> outbox.retryFailed(e.id())
            .onSuccess(n -> ctx.redirect("/organize/e/" + e.id() + "/mail?retried=" + n)))
        .onFailure(ctx::fail);
  }

  private void messagePage(RoutingContext ctx) {
    webEvent(ctx).compose(e -> renderMessageForm(ctx, 200, e, List.of("going"), "", "",
            new JsonObject()))
        .onFailure(ctx::fail);
  }

  private void messageFromForm(RoutingContext ctx) {
    var form = ctx.request().formAttributes();
    List<String> statuses = form.getAll("statuses");
    String subject = form.get("subject");
    String body = form.get("body");
    webEvent(ctx).compose(e -> {
      MessageRules.Checked c = MessageRules.check(statuses, subject, body);
      if (!c.ok()) return renderMessageForm(ctx, 400, e, statuses, subject, body, c.errors());
      Account me = ctx.get("account");
      return messages.queue(e, me, c.message(), null)
          .<Void>compose(n -> {
            ctx.redirect("/organize/e/" + e.id() + "/mail?queued=" + n);
            return Future.succeededFuture();
          })
          // past the daily cap the form comes back as typed, saying why nothing was sent
          .recover(x -> x instanceof Problem p && MessageStore.LIMIT.equals(p.code())
              ? renderMessageForm(ctx, 429, e, statuses, subject, body,
                  new JsonObject().put("limit", p.getMessage()))
              : Future.failedFuture(x));
    }).onFailure(ctx::fail);
  }

  private Future<Void> renderMessageForm(RoutingContext ctx, int status, Event e,
                                         List<String> chosen, String subject, String body,
                                         JsonObject errors) {
    return messages.audienceCounts(e.id()).compose(counts -> {
      JsonArray audiences = new JsonArray();
      for (String a : MessageRules.AUDIENCES) {
        audiences.add(new JsonObject().put("value", a).put("label", label(a))
            .put("count", counts.getLong(a, 0L)).put("checked", chosen != null && chosen.contains(a)));
      }
      JsonObject model = new JsonObject()
          .put("title", "Message attendees: " + e.title())
          .put("event", EventViews.page(e, baseUrl, true, Instant.now()))
          .put("audiences", audiences)
          .put("form", new JsonObject().put("subject", subject).put("body", body))
          .put("errors", errors);
      return views.render(ctx, status, "mail-message", model);
    });
  }

  private void remindersFromForm(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    String value = ctx.request().getFormAttribute("reminders");
    if (!"on".equals(value) && !"off".equals(value)) {
      ctx.fail(Problem.invalid(new JsonObject().put("reminders", "Send on or off.")));
      return;
    }
    rsvps.setReminders(token, "on".equals(value))
        .onSuccess(found -> {
          if (!found) {
            ctx.fail(Problem.notFound());
          } else {
            ctx.redirect("/r/" + token + "?reminders=" + value);
          }
        })
        .onFailure(ctx::fail);
  }

  // ---- API ----

  private void getMail(RoutingContext ctx) {
    apiEvent(ctx).compose(e -> Future.all(outbox.counts(e.id()), outbox.failed(e.id())))
        .onSuccess(all -> ctx.json(new JsonObject().put("counts", all.resultAt(0))
            .put("failed", all.resultAt(1))))
        .onFailure(ctx::fail);
  }

  private void retry(RoutingContext ctx) {
    apiEvent(ctx).compose(e -> outbox.retryFailed(e.id()))
        .onSuccess(n -> ctx.json(new JsonObject().put("retried", n)))
        .onFailure(ctx::fail);
  }

  private void postMessage(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, MESSAGE_FIELDS);
    JsonArray rawStatuses = in.array("statuses");
    List<String> statuses = new ArrayList<>();
    if (rawStatuses != null) {
      for (Object s : rawStatuses) {
        if (s instanceof String str) {
          statuses.add(str);
        } else {
          in.error("statuses", "must be an array of strings");
        }
      }
    }
    String subject = in.string("subject");
    String body = in.string("body");
    auth.apiAccount(ctx).compose(me -> eventPages.organizerEvent(ctx, me).compose(e -> {
      MessageRules.Checked c = MessageRules.check(statuses, subject, body);
      c.errors().forEach(err -> {
        if (!in.errors().containsKey(err.getKey())) in.error(err.getKey(), (String) err.getValue());
      });
      in.check();
      return messages.queue(e, me, c.message(), null);
    })).onSuccess(n -> ctx.response().setStatusCode(202)
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("recipients", n).encode()))
        .onFailure(ctx::fail);
  }

  // ---- shared ----

  private Future<Event> webEvent(RoutingContext ctx) {
    return auth.requireWeb(ctx).compose(me -> {
      ctx.put("account", me);
      return eventPages.organizerEvent(ctx, me);
    });
  }

  private Future<Event> apiEvent(RoutingContext ctx) {
    return auth.apiAccount(ctx).compose(me -> eventPages.organizerEvent(ctx, me));
  }

  private static String label(String status) {
    return switch (status) {
      case "going" -> "Going";
      case "waitlisted" -> "On the waitlist";
      case "maybe" -> "Maybe";
      case Outbox.CHECKED_IN -> "Came (checked in)";
      case Outbox.NO_SHOW -> "Said going but did not check in";
      default -> "Not going";
    };
  }

}
