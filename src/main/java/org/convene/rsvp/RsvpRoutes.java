package org.convene.rsvp;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.convene.core.Config;
import org.convene.core.Problem;
import org.convene.core.Redact;
import org.convene.events.Event;
import org.convene.events.EventPages;
import org.convene.events.EventStore;
import org.convene.events.EventViews;
import org.convene.members.DirectoryMember;
import org.convene.members.DirectoryStore;
import org.convene.web.ClientAddress;
import org.convene.web.Failures;
import org.convene.web.JsonInput;
import org.convene.web.RateLimiter;
import org.convene.web.Views;

/**
 * An attendee's own RSVP: the form on /e/{event}, the manage page /r/{token}, and the same in the
 * API. The organizer's side is {@link AttendeesRoutes}; form and API share {@link Rsvping}.
 */
public final class RsvpRoutes {
  private final RsvpStore rsvps;
  private final Rsvping rsvping;
  private final EventStore events;
  private final EventPages eventPages;
  private final ManageParts manageParts;
  private final ClientAddress clients;
  private final Views views;
  private final Config config;
  private final DirectoryStore directory;

  public RsvpRoutes(RsvpStore rsvps, AnswerStore answers, EventStore events, EventPages eventPages,
                    ManageParts manageParts, RateLimiter limits, ClientAddress clients,
                    Views views, Config config) {
    this.rsvps = rsvps;
    this.rsvping = new Rsvping(answers, rsvps, events, limits, config);
    this.events = events;
    this.eventPages = eventPages;
    this.manageParts = manageParts;
    this.clients = clients;
    this.views = views;
    this.config = config;
    this.directory = new DirectoryStore(events.pool());
  }

  public void mount(Router r) {
    r.post("/e/:event").handler(this::rsvpFromForm);
    r.get("/r/:token").handler(this::managePage);
    r.post("/r/:token").handler(this::changeFromForm);
    r.post("/r/:token/cancel").handler(this::cancelFromForm);
    r.get("/m/:token/e/:event").handler(this::memberRsvpPage);
    r.post("/m/:token/e/:event").handler(this::memberRsvpFromForm);

    r.post("/api/v1/events/:event/rsvps").handler(this::createRsvp);
    r.get("/api/v1/rsvps/:token").handler(this::getRsvp);
    r.patch("/api/v1/rsvps/:token").handler(this::patchRsvp);
    r.delete("/api/v1/rsvps/:token").handler(this::deleteRsvp);
  }

  /** The RSVP form's part of the event page (see EventRoutes page parts). */
  public Future<JsonObject> pagePart(EventPages.PageContext pc) {
    Event e = pc.event();
    String closed = e.rsvpClosedReason(Instant.now());
    return Future.succeededFuture(new JsonObject().put("rsvp", new JsonObject()
        .put("open", closed == null && !e.membersOnly()).put("closedReason", closed)
        .put("membersOnly", closed == null && e.membersOnly())
        .put("joinPath", "/g/" + e.groupSlug() + "/join")
        .put("allowsGuests", e.guestsAllowed() > 0))
        .put("rsvpForm", new JsonObject().put("response", "going"))
        .put("rsvpQuestions", RsvpViews.questions(e.questions(), null, null))
        .put("rsvpGoals", RsvpViews.goalOptions(List.of()))
        .put("rsvpGuests", RsvpViews.guestOptions(e.guestsAllowed(), 0)));
  }

  // ---- web: the form on the event page ----

  private void rsvpFromForm(RoutingContext ctx) {
    MultiMap f = ctx.request().formAttributes();
    if (f.get("website") != null && !f.get("website").isBlank()) {
      // The honeypot field is hidden from people; only bots fill it. Answer as if it worked.
      eventPages.render(ctx, 200, new JsonObject().put("rsvpNotice",
          "Thanks! Check your inbox for the confirmation.")).onFailure(ctx::fail);
      return;
    }
    RsvpRules.Input in = RsvpInput.fromForm(f, true);
    JsonObject typed = new JsonObject().put("name", f.get("name")).put("email", f.get("email"))
        .put("response", f.get("response")).put("listed", in.listed())
        .put("shareEmail", in.shareEmail()).put("headline", f.get("headline"))
        .put("company", f.get("company")).put("profileUrl", f.get("profileUrl"))
        .put("topics", f.get("topics"));
    rsvping.answer(clients.of(ctx), () -> eventPages.visibleEvent(ctx, ctx.pathParam("event"))
            .map(EventPages.Visible::event), in)
        .compose(a -> {
          if (a.outcome() instanceof AnswerStore.Created created) {
            // The private link goes by mail only: whoever typed an address must not get the key
            // to that person's RSVP. The page says where the link went and what it unlocks.
            return views.render(ctx, 201, "rsvp-sent",
                RsvpViews.sent(created.rsvp(), a.event(), config.baseUrl()));
          }
          Problem refusal = a.refused();
          JsonObject again = new JsonObject().put("rsvpForm", typed)
              .put("rsvpQuestions", RsvpViews.questions(a.event().questions(), in.answers(),
                  refusal == null ? null : refusal.details()))
              .put("rsvpGoals", RsvpViews.goalOptions(in.goals()))
              .put("rsvpGuests", RsvpViews.guestOptions(a.event().guestsAllowed(),
                  in.guests() == null ? 0 : in.guests()));
          Problem why = a.refused();
          if (why == null) {
            return eventPages.render(ctx, 200, again.put("rsvpNotice",
                "This email has already answered for this event, so nothing was changed. "
                    + "We sent the private link to change that answer to the address."));
          }
          if (why.is(Problem.Kind.INVALID)) {
            return eventPages.render(ctx, 400, again.put("rsvpErrors", why.details()));
          }
          return eventPages.render(ctx, Failures.statusOf(why.kind()),
              again.put("rsvpNotice", why.getMessage()));
        })
        .onFailure(ctx::fail);
  }

  // ---- web: a member answering from their own link (members-only events, and any other) ----

  private void memberRsvpPage(RoutingContext ctx) {
    memberEvent(ctx).compose(me -> renderMemberRsvp(ctx, 200, me,
            new JsonObject().put("response", "going").put("name", me.member().name()),
            new JsonObject(), null))
        .onFailure(ctx::fail);
  }

  private void memberRsvpFromForm(RoutingContext ctx) {
    MultiMap f = ctx.request().formAttributes();
    RsvpRules.Input in = RsvpInput.fromForm(f, true);
    String token = ctx.pathParam("token");
    JsonObject typed = new JsonObject().put("name", f.get("name")).put("response", f.get("response"))
        .put("listed", in.listed()).put("shareEmail", in.shareEmail())
        .put("headline", f.get("headline")).put("company", f.get("company"))
        .put("profileUrl", f.get("profileUrl")).put("topics", f.get("topics"))
        .put("answersTyped", new JsonObject(in.answers() == null ? Map.of() : in.answers()));
    memberEvent(ctx).compose(me -> rsvping.answer(clients.of(ctx),
            () -> Future.succeededFuture(me.event()), withoutEmail(in), token)
        .compose(a -> {
          if (a.outcome() instanceof AnswerStore.Created created) {
            return views.render(ctx, 201, "rsvp-sent",
                RsvpViews.sent(created.rsvp(), a.event(), config.baseUrl()));
          }
          Problem why = a.refused();
          if (why == null) {
            return renderMemberRsvp(ctx, 200, me, typed, new JsonObject(),
                "You have already answered for this event, so nothing was changed. We sent the"
                    + " private link to change that answer to your member address.");
          }
          if (why.is(Problem.Kind.INVALID)) {
            return renderMemberRsvp(ctx, 400, me, typed, why.details(), null);
          }
          return renderMemberRsvp(ctx, Failures.statusOf(why.kind()), me, typed,
              new JsonObject(), why.getMessage());
        }))
        .onFailure(ctx::fail);
  }

  /** A member and an event of their group; anything else is a 404, as for an unknown link. */
  private record MemberEvent(DirectoryMember member, Event event) {}

  private Future<MemberEvent> memberEvent(RoutingContext ctx) {
    return directory.byToken(ctx.pathParam("token")).compose(m -> m == null
        ? Future.failedFuture(Problem.notFound())
        : events.find(ctx.pathParam("event")).compose(e ->
            e == null || e.isDraft() || !e.groupId().equals(m.groupId())
                ? Future.failedFuture(Problem.notFound())
                : Future.succeededFuture(new MemberEvent(m, e))));
  }

  private Future<Void> renderMemberRsvp(RoutingContext ctx, int status, MemberEvent me,
                                        JsonObject form, JsonObject errors, String notice) {
    Event e = me.event();
    String closed = e.rsvpClosedReason(Instant.now());
    Problem refused = e.membersOnly() ? rsvping.notAMember(e, me.member()) : null;
    JsonObject model = new JsonObject()
        .put("title", "RSVP as a member: " + e.title())
        .put("event", EventViews.page(e, config.baseUrl(), false, Instant.now()))
        .put("action", "/m/" + me.member().token() + "/e/" + e.id())
        .put("memberPath", "/m/" + me.member().token())
        .put("address", Redact.maskedEmail(me.member().email()))
        .put("open", closed == null && refused == null)
        .put("closedReason", closed != null ? closed : refused == null ? null : refused.getMessage())
        .put("form", form).put("errors", errors.isEmpty() ? null : errors)
        .put("notice", notice)
        .put("goals", RsvpViews.goalOptions(List.of()))
        .put("questions", RsvpViews.questions(e.questions(),
            form.getJsonObject("answersTyped", new JsonObject()).getMap(), errors))
        .put("guests", RsvpViews.guestOptions(e.guestsAllowed(),
            form.getInteger("guests", 0)))
        .put("allowsGuests", e.guestsAllowed() > 0);
    return views.render(ctx, status, "member-rsvp", model);
  }

  /** The member's address is the one their link proves; a typed one is not read. */
  private static RsvpRules.Input withoutEmail(RsvpRules.Input in) {
    return in.withEmail(null);
  }

  // ---- attendee: the manage page ----

  private void managePage(RoutingContext ctx) {
    renderManage(ctx, 200, null, null, null).onFailure(ctx::fail);
  }

  private Future<Void> renderManage(RoutingContext ctx, int status, JsonObject typed,
                                    JsonObject errors, String notice) {
    return rsvps.open(ctx.pathParam("token")).compose(opened -> {
      if (opened == null) return Future.failedFuture(Problem.notFound());
      Rsvp r = opened.rsvp();
      return events.find(r.eventId()).compose(e -> {
        if (e == null) return Future.failedFuture(Problem.notFound());
        boolean confirmed = Rsvp.GOING.equals(r.status()) && !e.isCancelled();
        boolean placeShown = e.placeShownTo(r.status());
        JsonObject form = typed != null ? typed : RsvpViews.formOf(r);
        String closed = e.rsvpClosedReason(Instant.now());
        JsonObject model = new JsonObject()
            .put("title", "Your RSVP: " + e.title())
            .put("event", EventViews.page(e, config.baseUrl(), confirmed, placeShown,
                Instant.now()))
            .put("rsvp", RsvpViews.view(r))
            .put("offer", RsvpViews.offer(r, e, ctx.request().getParam("offer")))
            .put("manageUrl", config.baseUrl() + "/r/" + r.token())
            .put("token", r.token())
            .put("welcome", opened.firstTime())
            .put("saved", status == 200 && ctx.request().getParam("saved") != null)
            .put("open", closed == null).put("closedReason", closed)
            .put("form", form)
            .put("errors", errors == null ? new JsonObject() : errors)
            .put("notice", notice)
            .put("goals", RsvpViews.goalOptions(RsvpViews.stringList(form.getJsonArray("goals"))))
            .put("questions", RsvpViews.questions(e.questions(),
                (form.containsKey("answersTyped") ? form.getJsonObject("answersTyped") : r.answers()).getMap(), errors))
            .put("guests", RsvpViews.guestOptions(e.guestsAllowed(), form.getInteger("guests", 0)))
            .put("allowsGuests", e.guestsAllowed() > 0);
        return manageParts.addTo(model, new ManageParts.Context(ctx, r, e))
            .compose(m -> views.render(ctx, status, "rsvp-manage", m));
      });
    });
  }

  private void changeFromForm(RoutingContext ctx) {
    MultiMap f = ctx.request().formAttributes();
    RsvpRules.Input in = RsvpInput.fromForm(f, false);
    String token = ctx.pathParam("token");
    rsvping.change(token, in)
        .compose(r -> {
          ctx.response().setStatusCode(303).putHeader("Location", "/r/" + token + "?saved=1").end();
          return Future.<Void>succeededFuture();
        })
        .recover(err -> {
          if (err instanceof Problem h && (Failures.statusOf(h.kind()) == 400 || h.is(Problem.Kind.CONFLICT))) {
            JsonObject typed = new JsonObject().put("name", f.get("name"))
                .put("response", f.get("response")).put("guests", in.guests())
                .put("listed", in.listed()).put("shareEmail", in.shareEmail())
                .put("headline", f.get("headline")).put("company", f.get("company"))
                .put("profileUrl", f.get("profileUrl")).put("topics", f.get("topics"))
                .put("goals", new JsonArray(in.goals()))
                .put("answersTyped", new JsonObject(in.answers() == null ? Map.of() : in.answers()));
            return renderManage(ctx, Failures.statusOf(h.kind()), typed,
                Failures.statusOf(h.kind()) == 400 ? h.details() : null, h.is(Problem.Kind.CONFLICT) ? h.getMessage() : null);
          }
          return Future.failedFuture(err);
        })
        .onFailure(ctx::fail);
  }

  private void cancelFromForm(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    rsvps.cancel(token)
        .onSuccess(r -> ctx.response().setStatusCode(303)
            .putHeader("Location", "/r/" + token + "?cancelled=1").end())
        .onFailure(ctx::fail);
  }

  // ---- API ----

  private void createRsvp(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, RsvpInput.NEW_FIELDS);
    RsvpRules.Input input = RsvpInput.fromJson(in);
    Boolean reminders = in.bool("reminders");
    String memberToken = in.string("memberToken");
    in.check();
    String eventId = ctx.pathParam("event");
    rsvping.answer(clients.of(ctx), () -> events.findForRules(eventId)
            .map(e -> e == null || e.isDraft() ? null : e), input, memberToken)
        .compose(a -> a.refused() != null ? Future.failedFuture(a.refused())
            : Future.succeededFuture(a.outcome()))
        .compose(outcome -> outcome instanceof AnswerStore.Created created
            && Boolean.FALSE.equals(reminders)
            ? rsvps.setReminders(created.rsvp().token(), false).map(outcome)
            : Future.succeededFuture(outcome))
        .onSuccess(outcome -> {
          if (outcome instanceof AnswerStore.Created created) {
            // status and place in line only: the private link goes by mail, to the address alone
            Rsvp r = created.rsvp();
            ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(new JsonObject().put("status", r.status())
                    .put("waitlistPosition", r.waitlistPosition())
                    .put("linkSentTo", Redact.maskedEmail(r.email())).encode());
          } else {
            ctx.fail(new Problem(Problem.Kind.CONFLICT, "already_registered",
                "This email has already answered for this event. The manage link was sent to it."));
          }
        })
        .onFailure(ctx::fail);
  }

  private void getRsvp(RoutingContext ctx) {
    rsvps.byToken(ctx.pathParam("token"))
        .compose(r -> r == null ? Future.failedFuture(Problem.notFound()) : Future.succeededFuture(r))
        .onSuccess(r -> ctx.json(r.api(config.baseUrl())))
        .onFailure(ctx::fail);
  }

  private void patchRsvp(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, RsvpInput.FIELDS);
    if (in.has("email")) in.error("email", "cannot be changed; cancel and answer again instead");
    RsvpRules.Input input = RsvpInput.fromJson(in);
    Boolean reminders = in.bool("reminders");
    in.check();
    String token = ctx.pathParam("token");
    rsvping.change(token, input)
        .compose(r -> reminders == null ? Future.succeededFuture(r)
            : rsvps.setReminders(token, reminders).compose(x -> rsvps.byToken(token)))
        .onSuccess(r -> ctx.json(r.api(config.baseUrl())))
        .onFailure(ctx::fail);
  }

  private void deleteRsvp(RoutingContext ctx) {
    rsvps.cancel(ctx.pathParam("token"))
        .onSuccess(r -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }
}
