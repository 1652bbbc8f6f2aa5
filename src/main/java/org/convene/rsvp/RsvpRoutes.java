package org.convene.rsvp;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.convene.core.Config;
import org.convene.accounts.Account;
import org.convene.accounts.Auth;
import org.convene.events.Event;
import org.convene.events.EventPages;
import org.convene.events.EventStore;
import org.convene.events.EventViews;
import org.convene.groups.Access;
import org.convene.web.Failures;
import org.convene.web.ClientAddress;
import org.convene.core.Problem;
import org.convene.web.JsonInput;
import org.convene.web.RateLimiter;
import org.convene.web.Views;

/** The RSVP form on /e/{event}, the manage page /r/{token}, the organizer's list, and the API. */
public final class RsvpRoutes {
  static final Set<String> FIELDS = Set.of("name", "email", "response", "guests", "listed",
      "shareEmail", "profile", "reminders");
  static final Set<String> PROFILE_FIELDS = Set.of("headline", "company", "url", "goals", "topics");
  static final Map<String, String> GOAL_LABELS = Map.of(
      "find_mentor", "Looking for a mentor",
      "offer_mentoring", "Happy to mentor",
      "hiring", "Hiring",
      "job_seeking", "Looking for a job",
      "find_collaborators", "Looking for collaborators",
      "exploring", "Exploring the field");

  private final RsvpStore rsvps;
  private final AnswerStore answers;
  private final EventStore events;
  private final EventPages eventPages;
  private final Access access;
  private final Auth auth;
  private final RateLimiter limits;
  private final ClientAddress clients;
  private final Views views;
  private final Config config;
  private final ManageParts manageParts;

  public RsvpRoutes(RsvpStore rsvps, AnswerStore answers, EventStore events, EventPages eventPages, ManageParts manageParts, Access access,
                    Auth auth, RateLimiter limits, ClientAddress clients, Views views,
                    Config config) {
    this.rsvps = rsvps;
    this.answers = answers;
    this.events = events;
    this.eventPages = eventPages;
    this.access = access;
    this.auth = auth;
    this.limits = limits;
    this.clients = clients;
    this.views = views;
    this.config = config;
    this.manageParts = manageParts;
  }

  public void mount(Router r) {
    r.post("/e/:event").handler(this::rsvpFromForm);
    r.get("/r/:token").handler(this::managePage);
    r.post("/r/:token").handler(this::changeFromForm);
    r.post("/r/:token/cancel").handler(this::cancelFromForm);
    r.get("/organize/e/:event/attendees").handler(this::attendeesPage);
    r.get("/organize/e/:event/attendees.csv").handler(this::attendeesCsv);
    r.post("/organize/e/:event/attendees/:rsvpId/remove").handler(this::removeFromForm);
    r.post("/organize/e/:event/attendees/:rsvpId/promote").handler(this::promoteFromForm);

    r.post("/api/v1/events/:event/rsvps").handler(this::createRsvp);
    r.get("/api/v1/events/:event/rsvps").handler(this::listRsvps);
    r.get("/api/v1/events/:event/rsvps.csv").handler(this::attendeesCsv);
    r.delete("/api/v1/events/:event/rsvps/:rsvpId").handler(this::removeRsvp);
    r.post("/api/v1/events/:event/rsvps/:rsvpId/promote").handler(this::promoteRsvp);
    r.get("/api/v1/rsvps/:token").handler(this::getRsvp);
    r.patch("/api/v1/rsvps/:token").handler(this::patchRsvp);
    r.delete("/api/v1/rsvps/:token").handler(this::deleteRsvp);
  }

  /** The RSVP form's part of the event page (see EventRoutes page parts). */
  public Future<JsonObject> pagePart(EventPages.PageContext pc) {
    Event e = pc.event();
    String closed = e.rsvpClosedReason(Instant.now());
    return Future.succeededFuture(new JsonObject().put("rsvp", new JsonObject()
        .put("open", closed == null).put("closedReason", closed)
        .put("allowsGuests", e.guestsAllowed() > 0))
        .put("rsvpForm", new JsonObject().put("response", "going"))
        .put("rsvpGoals", goalOptions(List.of()))
        .put("rsvpGuests", guestOptions(e.guestsAllowed(), 0)));
  }

  // ---- attendee: the form on the event page ----

  private void rsvpFromForm(RoutingContext ctx) {
    MultiMap f = ctx.request().formAttributes();
    String eventId = ctx.pathParam("event");
    if (f.get("website") != null && !f.get("website").isBlank()) {
      // The honeypot field is hidden from people; only bots fill it. Answer as if it worked.
      eventPages.render(ctx, 200, new JsonObject().put("rsvpNotice",
          "Thanks! Check your inbox for the confirmation.")).onFailure(ctx::fail);
      return;
    }
    RsvpRules.Input in = fromForm(f, true);
    JsonObject typed = new JsonObject().put("name", f.get("name")).put("email", f.get("email"))
        .put("response", f.get("response")).put("listed", in.listed())
        .put("shareEmail", in.shareEmail()).put("headline", f.get("headline"))
        .put("company", f.get("company")).put("profileUrl", f.get("profileUrl"))
        .put("topics", f.get("topics"));
    limits.hit("rsvp:" + clients.of(ctx), config.rsvpRateLimit())
        .compose(v -> eventPages.visibleEvent(ctx, eventId))
        .compose(ev -> {
          Event e = ev.event();
          String closed = e.rsvpClosedReason(Instant.now());
          if (closed != null) {
            return eventPages.render(ctx, 409, new JsonObject().put("rsvpNotice", closed));
          }
          RsvpRules.Checked c = RsvpRules.checkNew(in, e);
          JsonObject again = new JsonObject().put("rsvpForm", typed)
              .put("rsvpGoals", goalOptions(in.goals()))
              .put("rsvpGuests", guestOptions(e.guestsAllowed(), in.guests() == null ? 0 : in.guests()));
          if (!c.ok()) {
            return eventPages.render(ctx, 400, again.put("rsvpErrors", c.errors()));
          }
          return answers.create(e.id(), c.rsvp()).compose(outcome -> {
            if (outcome instanceof AnswerStore.Created created) {
              ctx.response().setStatusCode(303)
                  .putHeader("Location", "/r/" + created.rsvp().token() + "?welcome=1").end();
              return Future.succeededFuture();
            }
            return eventPages.render(ctx, 200, again.put("rsvpNotice",
                "This email has already answered for this event, so nothing was changed. "
                    + "We sent the private link to change that answer to the address."));
          }).recover(err -> err instanceof Problem h && h.is(Problem.Kind.CONFLICT)
              ? eventPages.render(ctx, 409, again.put("rsvpNotice", h.getMessage()))
              : Future.failedFuture(err));
        })
        .onFailure(ctx::fail);
  }

  // ---- attendee: the manage page ----

  private void managePage(RoutingContext ctx) {
    renderManage(ctx, 200, null, null, null).onFailure(ctx::fail);
  }

  private Future<Void> renderManage(RoutingContext ctx, int status, JsonObject typed,
                                    JsonObject errors, String notice) {
    return rsvps.byToken(ctx.pathParam("token")).compose(r -> {
      if (r == null) return Future.failedFuture(Problem.notFound());
      return events.find(r.eventId()).compose(e -> {
        if (e == null) return Future.failedFuture(Problem.notFound());
        boolean confirmed = Rsvp.GOING.equals(r.status()) && !e.isCancelled();
        JsonObject form = typed != null ? typed : formOf(r);
        String closed = e.rsvpClosedReason(Instant.now());
        JsonObject model = new JsonObject()
            .put("title", "Your RSVP: " + e.title())
            .put("event", EventViews.page(e, config.baseUrl(), confirmed, Instant.now()))
            .put("rsvp", view(r))
            .put("manageUrl", config.baseUrl() + "/r/" + r.token())
            .put("token", r.token())
            .put("welcome", ctx.request().getParam("welcome") != null)
            .put("saved", status == 200 && ctx.request().getParam("saved") != null)
            .put("open", closed == null).put("closedReason", closed)
            .put("form", form)
            .put("errors", errors == null ? new JsonObject() : errors)
            .put("notice", notice)
            .put("goals", goalOptions(stringList(form.getJsonArray("goals"))))
            .put("guests", guestOptions(e.guestsAllowed(), form.getInteger("guests", 0)))
            .put("allowsGuests", e.guestsAllowed() > 0);
        return manageParts.addTo(model, new ManageParts.Context(ctx, r, e))
            .compose(m -> views.render(ctx, status, "rsvp-manage", m));
      });
    });
  }

  private void changeFromForm(RoutingContext ctx) {
    MultiMap f = ctx.request().formAttributes();
    RsvpRules.Input in = fromForm(f, false);
    String token = ctx.pathParam("token");
    rsvps.change(token, in, r -> events.findForRules(r.eventId()))
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
                .put("goals", new JsonArray(in.goals()));
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

  // ---- organizer ----

  private void attendeesPage(RoutingContext ctx) {
    eventPages.webOrganizerEvent(ctx).compose(e -> rsvps.counts(e.id(), e.capacity())
        .compose(counts -> rsvps.list(e.id()).compose(list -> {
          JsonArray people = new JsonArray();
          for (Rsvp r : list) people.add(view(r));
          return views.render(ctx, "organize-attendees", new JsonObject()
              .put("title", "Attendees: " + e.title())
              .put("event", EventViews.page(e, config.baseUrl(), true, Instant.now()))
              .put("counts", counts)
              .put("people", people)
              .put("notice", ctx.request().getParam("done")));
        })))
        .onFailure(ctx::fail);
  }

  private void removeFromForm(RoutingContext ctx) {
    eventPages.webOrganizerEvent(ctx).compose(e -> rsvps.cancelById(e.id(), rsvpId(ctx), true).map(e))
        .onSuccess(e -> ctx.redirect("/organize/e/" + e.id() + "/attendees?done=removed"))
        .onFailure(ctx::fail);
  }

  private void promoteFromForm(RoutingContext ctx) {
    eventPages.webOrganizerEvent(ctx).compose(e -> rsvps.promoteByHand(e.id(), rsvpId(ctx)).map(e))
        .onSuccess(e -> ctx.redirect("/organize/e/" + e.id() + "/attendees?done=promoted"))
        .onFailure(ctx::fail);
  }

  /** UTF-8 CSV for spreadsheets, on the web (session) and the API (token). */
  private void attendeesCsv(RoutingContext ctx) {
    boolean api = ctx.request().path().startsWith("/api/");
    Future<Event> event = api ? eventPages.apiOrganizerEvent(ctx) : eventPages.webOrganizerEvent(ctx);
    event.compose(e -> rsvps.list(e.id()).map(list -> {
      ctx.response()
          .putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"attendees-" + e.id() + ".csv\"")
          .putHeader("Cache-Control", "no-store")
          .end(AttendeeCsv.of(list));
      return e;
    })).onFailure(ctx::fail);
  }

  // ---- API ----

  private void createRsvp(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, FIELDS);
    RsvpRules.Input input = fromJson(in);
    Boolean reminders = in.bool("reminders");
    in.check();
    String eventId = ctx.pathParam("event");
    limits.hit("rsvp:" + clients.of(ctx), config.rsvpRateLimit())
        .compose(v -> events.findForRules(eventId))
        .compose(e -> {
          if (e == null || e.isDraft()) return Future.failedFuture(Problem.notFound());
          String closed = e.rsvpClosedReason(Instant.now());
          if (closed != null) return Future.failedFuture(Problem.conflict("rsvp_closed", closed));
          RsvpRules.Checked c = RsvpRules.checkNew(input, e);
          if (!c.ok()) return Future.failedFuture(Problem.invalid(c.errors()));
          return answers.create(e.id(), c.rsvp());
        })
        .compose(outcome -> outcome instanceof AnswerStore.Created created && Boolean.FALSE.equals(reminders)
            ? rsvps.setReminders(created.rsvp().token(), false).map(outcome)
            : Future.succeededFuture(outcome))
        .onSuccess(outcome -> {
          if (outcome instanceof AnswerStore.Created created) {
            Rsvp r = created.rsvp();
            ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                .putHeader("Location", "/api/v1/rsvps/" + r.token())
                .end(r.api(config.baseUrl()).put("token", r.token()).encode());
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
    JsonInput in = JsonInput.of(ctx, FIELDS);
    if (in.has("email")) in.error("email", "cannot be changed; cancel and answer again instead");
    RsvpRules.Input input = fromJson(in);
    Boolean reminders = in.bool("reminders");
    in.check();
    String token = ctx.pathParam("token");
    rsvps.change(token, input, r -> events.findForRules(r.eventId()))
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

  private void listRsvps(RoutingContext ctx) {
    eventPages.apiOrganizerEvent(ctx).compose(e -> rsvps.counts(e.id(), e.capacity())
        .compose(counts -> rsvps.list(e.id()).map(list -> {
          JsonArray out = new JsonArray();
          for (Rsvp r : list) out.add(r.api(config.baseUrl()));
          return new JsonObject().put("counts", counts).put("rsvps", out);
        })))
        .onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void removeRsvp(RoutingContext ctx) {
    eventPages.apiOrganizerEvent(ctx).compose(e -> rsvps.cancelById(e.id(), rsvpId(ctx), true))
        .onSuccess(r -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void promoteRsvp(RoutingContext ctx) {
    eventPages.apiOrganizerEvent(ctx).compose(e -> rsvps.promoteByHand(e.id(), rsvpId(ctx)))
        .onSuccess(r -> ctx.json(r.api(config.baseUrl())))
        .onFailure(ctx::fail);
  }

  // ---- helpers ----


  private static UUID rsvpId(RoutingContext ctx) {
    try {
      return UUID.fromString(ctx.pathParam("rsvpId"));
    } catch (IllegalArgumentException e) {
      throw Problem.notFound();
    }
  }

  /** The web forms: unchecked boxes are absent, so they mean "no" (the whole form is sent). */
  static RsvpRules.Input fromForm(MultiMap f, boolean isNew) {
    Integer guests = null;
    String g = f.get("guests");
    if (g != null && !g.isBlank()) {
      try {
        guests = Integer.parseInt(g.trim());
      } catch (NumberFormatException e) {
        guests = -1;
      }
    }
    return new RsvpRules.Input(f.get("name"), isNew ? f.get("email") : null, f.get("response"),
        guests, f.get("listed") != null, f.get("shareEmail") != null,
        f.get("headline") == null ? "" : f.get("headline"),
        f.get("company") == null ? "" : f.get("company"),
        f.get("profileUrl") == null ? "" : f.get("profileUrl"),
        f.getAll("goals"), RsvpRules.splitTopics(f.get("topics")));
  }

  static RsvpRules.Input fromJson(JsonInput in) {
    JsonObject profile = in.object("profile");
    JsonInput p = JsonInput.wrap(profile == null ? new JsonObject() : profile);
    if (profile != null) {
      for (String k : profile.fieldNames()) {
        if (!PROFILE_FIELDS.contains(k)) in.error("profile." + k, "unknown field");
      }
    }
    List<String> goals = strings(in, p, "goals");
    List<String> topics = strings(in, p, "topics");
    RsvpRules.Input out = new RsvpRules.Input(in.string("name"), in.string("email"),
        in.string("response"), in.integer("guests"), in.bool("listed"), in.bool("shareEmail"),
        p.has("headline") ? orEmpty(p.string("headline")) : null,
        p.has("company") ? orEmpty(p.string("company")) : null,
        p.has("url") ? orEmpty(p.string("url")) : null, goals, topics);
    p.errors().forEach(e -> in.error("profile." + e.getKey(), (String) e.getValue()));
    return out;
  }

  private static List<String> strings(JsonInput in, JsonInput p, String field) {
    if (!p.has(field)) return null;
    JsonArray a = p.array(field);
    if (a == null) return List.of();
    List<String> out = new ArrayList<>();
    for (Object o : a) {
      if (!(o instanceof String s)) {
        in.error("profile." + field, "must be an array of strings");
        return List.of();
      }
      out.add(s);
    }
    return out;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  static JsonObject view(Rsvp r) {
    JsonArray goals = new JsonArray();
    for (String g : r.profile().goals()) goals.add(GOAL_LABELS.getOrDefault(g, g));
    return new JsonObject()
        .put("id", r.id().toString()).put("name", r.name()).put("email", r.email())
        .put("response", r.response()).put("status", r.status())
        .put("statusLabel", statusLabel(r))
        .put("going", Rsvp.GOING.equals(r.status()))
        .put("waitlisted", Rsvp.WAITLISTED.equals(r.status()))
        .put("cancelled", Rsvp.CANCELLED.equals(r.status()))
        .put("guests", r.guests()).put("party", r.party())
        .put("position", r.waitlistPosition())
        .put("listed", r.profile().listed()).put("shareEmail", r.profile().shareEmail())
        .put("headline", r.profile().headline()).put("company", r.profile().company())
        .put("profileUrl", r.profile().url())
        .put("goals", goals).put("topics", new JsonArray(r.profile().topics()))
        .put("reminders", r.reminders())
        .put("checkedIn", r.checkedInAt() != null);
  }

  static String statusLabel(Rsvp r) {
    return switch (r.status()) {
      case Rsvp.GOING -> r.guests() == 0 ? "Going" : "Going with " + r.guests() + " guest" + (r.guests() == 1 ? "" : "s");
      case Rsvp.WAITLISTED -> "On the waitlist, number " + r.waitlistPosition() + " in line";
      case Rsvp.MAYBE -> "Maybe";
      case Rsvp.NOT_GOING -> "Not going";
      default -> "Cancelled";
    };
  }

  private static JsonObject formOf(Rsvp r) {
    return new JsonObject().put("name", r.name()).put("response", r.response())
        .put("guests", r.guests()).put("listed", r.profile().listed())
        .put("shareEmail", r.profile().shareEmail()).put("headline", r.profile().headline())
        .put("company", r.profile().company()).put("profileUrl", r.profile().url())
        .put("goals", new JsonArray(r.profile().goals()))
        .put("topics", String.join(", ", r.profile().topics()));
  }

  static JsonArray goalOptions(List<String> chosen) {
    JsonArray out = new JsonArray();
    for (String g : RsvpRules.GOALS) {
      out.add(new JsonObject().put("value", g).put("label", GOAL_LABELS.get(g))
          .put("checked", chosen != null && chosen.contains(g)));
    }
    return out;
  }

  static JsonArray guestOptions(int allowed, int selected) {
    JsonArray out = new JsonArray();
    for (int i = 0; i <= allowed; i++) {
      out.add(new JsonObject().put("value", i).put("selected", i == selected));
    }
    return out;
  }

  private static List<String> stringList(JsonArray a) {
    List<String> out = new ArrayList<>();
    if (a != null) for (Object o : a) out.add(String.valueOf(o));
    return out;
  }

}
