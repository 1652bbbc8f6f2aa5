package org.convene.events;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.convene.accounts.Account;
import org.convene.accounts.Auth;
import org.convene.groups.Access;
import org.convene.groups.Group;
import org.convene.groups.GroupStore;
import org.convene.core.Problem;
import org.convene.web.JsonInput;
import org.convene.web.Views;

/** Event pages, the organizer's event forms, and /api/v1 events. */
public final class EventRoutes {
  static final Set<String> FIELDS = Set.of("title", "description", "startsAt", "endsAt",
      "timeZone", "venue", "address", "onlineUrl", "capacity", "guestsAllowed", "rsvpDeadline",
      "status", "whosGoing", "approval", "claimWindowHours", "audience", "questions");

  private final EventStore events;
  private final GroupStore groups;
  private final Access access;
  private final Auth auth;
  private final Views views;
  private final String baseUrl;
  private final int maxCapacity;
  private final EventPages pages;
  private final SeriesStore series;

  public EventRoutes(EventStore events, EventPages pages, GroupStore groups, Access access,
                     Auth auth, Views views, String baseUrl, int maxCapacity, SeriesStore series) {
    this.series = series;
    this.events = events;
    this.groups = groups;
    this.access = access;
    this.auth = auth;
    this.views = views;
    this.baseUrl = baseUrl;
    this.maxCapacity = maxCapacity;
    this.pages = pages;
  }

  public void mount(Router r) {
    r.get("/e/:event").handler(this::eventPage);
    r.get("/organize/g/:group/events/new").handler(this::newEventPage);
    r.post("/organize/g/:group/events").handler(this::createEventFromForm);
    r.get("/organize/e/:event").handler(this::editEventPage);
    r.post("/organize/e/:event").handler(this::updateEventFromForm);
    r.post("/organize/e/:event/cancel").handler(this::cancelEventFromForm);
    r.post("/organize/e/:event/series").handler(this::createSeriesFromForm);

    r.post("/api/v1/groups/:group/events").handler(this::createEvent);
    r.get("/api/v1/events/:event").handler(this::getEvent);
    r.patch("/api/v1/events/:event").handler(this::patchEvent);
    r.post("/api/v1/events/:event/cancel").handler(this::cancelEvent);
  }

  // ---- public page ----

  private void eventPage(RoutingContext ctx) {
    if (EventPages.sharedPage(ctx)) {
      pages.renderAnonymous(ctx, ctx.pathParam("event"));
      return;
    }
    pages.render(ctx, 200, new JsonObject()).onFailure(ctx::fail);
  }

  // ---- organizer forms ----

  private void newEventPage(RoutingContext ctx) {
    webGroup(ctx).compose(g -> renderForm(ctx, 200, g, null, defaults(), new JsonObject()))
        .onFailure(ctx::fail);
  }

  private void createEventFromForm(RoutingContext ctx) {
    EventRules.Input in = fromForm(ctx.request().formAttributes());
    webGroup(ctx).compose(g -> {
      EventRules.Checked c = EventRules.check(in, maxCapacity);
      if (!c.ok()) return renderForm(ctx, 400, g, null, in.toJson(), c.errors());
      Account me = ctx.get("account");
      return events.create(g.id(), me.id(), c.fields())
          .onSuccess(e -> ctx.redirect("/organize/e/" + e.id() + "?saved=1")).<Void>mapEmpty()
          .recover(err -> err instanceof Problem p && p.is(Problem.Kind.RATE_LIMITED)
              ? renderForm(ctx, 429, g, null, in.toJson(), new JsonObject().put("quota", p.getMessage()))
              : Future.failedFuture(err));
    }).onFailure(ctx::fail);
  }

  private void editEventPage(RoutingContext ctx) {
    pages.webOrganizerEvent(ctx).compose(e -> groups.byId(e.groupId()).compose(g -> {
      JsonObject form = EventRules.Input.of(e).toJson();
      return renderForm(ctx, 200, g, e, form, new JsonObject());
    })).onFailure(ctx::fail);
  }

  private void updateEventFromForm(RoutingContext ctx) {
    MultiMap f = ctx.request().formAttributes();
    pages.webOrganizerEvent(ctx).compose(existing -> groups.byId(existing.groupId()).compose(g -> {
      EventRules.Input in = fromForm(f);
      if ("following".equals(f.get("scope"))) return updateFollowingFromForm(ctx, g, existing, in, f);
      EventRules.Checked c = EventRules.check(in, maxCapacity);
      if (!c.ok()) return renderForm(ctx, 400, g, existing, in.toJson(), c.errors());
      return events.update(existing.id(), c.fields())
          .onSuccess(e -> ctx.redirect("/organize/e/" + e.id() + "?saved=1")).<Void>mapEmpty()
          .recover(err -> err instanceof Problem h && h.is(Problem.Kind.CONFLICT)
              ? renderForm(ctx, 409, g, existing, in.toJson(), h.details())
              : Future.failedFuture(err));
    })).onFailure(ctx::fail);
  }

  private void cancelEventFromForm(RoutingContext ctx) {
    pages.webOrganizerEvent(ctx).compose(e -> cancel(e))
        .onSuccess(e -> ctx.redirect("/organize/e/" + e.id() + "?cancelled=1"))
        .onFailure(ctx::fail);
  }

  /** "This and all following" from the edit form: the same rules as the API's scope=following. */
  private Future<Void> updateFollowingFromForm(RoutingContext ctx, Group g, Event existing,
                                               EventRules.Input in, MultiMap f) {
    return series.placeOf(existing.id()).compose(place -> place == null
            ? Future.succeededFuture(List.of(existing)) : series.from(place))
        .compose(following -> {
          SeriesRules.Edit edit = SeriesRules.following(existing, following,
              SeriesForm.values(f, in.status()), maxCapacity);
          if (!edit.ok()) return renderForm(ctx, 400, g, existing, in.toJson(), edit.errors());
          return series.updateAll(edit.ids(), edit.fields())
              .onSuccess(saved -> ctx.redirect("/organize/e/" + existing.id() + "?saved="
                  + saved.size())).<Void>mapEmpty();
        });
  }

  private void createSeriesFromForm(RoutingContext ctx) {
    MultiMap f = ctx.request().formAttributes();
    pages.webOrganizerEvent(ctx).compose(first -> groups.byId(first.groupId()).compose(g -> {
      JsonObject form = EventRules.Input.of(first).toJson();
      if (first.isCancelled()) {
        return renderForm(ctx, 409, g, first, form, new JsonObject(), f, new JsonObject()
            .put("every", "A cancelled event cannot start a series."));
      }
      SeriesRules.Checked c = SeriesRules.check(SeriesForm.input(f), first);
      if (!c.ok()) return renderForm(ctx, 400, g, first, form, new JsonObject(), f, c.errors());
      Account me = ctx.get("account");
      return series.create(first, me.id(), c.rule())
          .onSuccess(s -> ctx.redirect("/organize/e/" + first.id() + "?repeated="
              + s.occurrences().size())).<Void>mapEmpty()
          .recover(err -> err instanceof Problem p && p.is(Problem.Kind.CONFLICT)
              ? renderForm(ctx, 409, g, first, form, new JsonObject(), f,
                  new JsonObject().put("every", p.getMessage()))
              : Future.failedFuture(err));
    })).onFailure(ctx::fail);
  }

  private Future<Void> renderForm(RoutingContext ctx, int status, Group g, Event existing,
                                  JsonObject form, JsonObject errors) {
    return renderForm(ctx, status, g, existing, form, errors, null, null);
  }

  private Future<Void> renderForm(RoutingContext ctx, int status, Group g, Event existing,
                                  JsonObject form, JsonObject errors, MultiMap repeatTyped,
                                  JsonObject repeatErrors) {
    JsonObject model = new JsonObject()
        .put("title", existing == null ? "New event for " + g.name() : "Edit: " + existing.title())
        .put("group", new JsonObject().put("slug", g.slug()).put("name", g.name()))
        .put("isNew", existing == null)
        .put("form", form)
        .put("errors", errors)
        .put("zones", zoneOptions(form.getString("timeZone")))
        .put("statuses", statusOptions(form.getString("status")))
        .put("saved", ctx.request().getParam("saved") != null)
        .put("justCancelled", ctx.request().getParam("cancelled") != null);
    if (existing == null) return views.render(ctx, status, "event-form", model);
    model.put("event", EventViews.page(existing, baseUrl, true, Instant.now()));
    String saved = ctx.request().getParam("saved");
    if (saved != null && saved.matches("[2-9]|[1-4][0-9]|5[0-2]")) model.put("savedMany", saved);
    String repeated = ctx.request().getParam("repeated");
    if (repeated != null && repeated.matches("[0-9]{1,2}")) model.put("repeated", repeated);
    if (repeatErrors != null && !repeatErrors.isEmpty()) model.put("repeatFailed", true);
    return series.placeOf(existing.id()).compose(place -> {
      if (place != null) {
        model.put("series", new JsonObject().put("id", place.seriesId())
            .put("path", "/s/" + place.seriesId()).put("position", place.position() + 1));
        // a second "Repeat" (two tabs, a replayed post) is refused; say so where the series is
        if (repeatErrors != null && repeatErrors.containsKey("every")) {
          model.put("seriesError", repeatErrors.getString("every"));
        }
      } else {
        model.put("repeat", SeriesForm.model(existing, repeatTyped, repeatErrors));
      }
      return organizerParts(ctx, existing, model);
    }).compose(m -> views.render(ctx, status, "event-form", m));
  }

  /** What other features add to the organizer's event page (the charts), merged into the model. */
  private Future<JsonObject> organizerParts(RoutingContext ctx, Event e, JsonObject model) {
    return pages.organizerParts(new EventPages.PageContext(e, true)).map(model::mergeIn);
  }

  // ---- API ----

  private void createEvent(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, FIELDS);
    Map<String, String> values = apiValues(in);
    auth.apiAccount(ctx).compose(me -> groups.bySlug(ctx.pathParam("group")).compose(g -> {
      if (g == null) return Future.failedFuture(Problem.notFound());
      return access.require(g.id(), me, Access.MANAGE_EVENTS).compose(role -> {
        EventRules.Checked c = EventRules.check(new EventRules.Input(null, null, null, null, null,
            null, null, null, null, null, null, null, null).with(values), maxCapacity);
        c.errors().forEach(e -> in.error(e.getKey(), (String) e.getValue()));
        List<Question> questions = questions(in);
        in.check();
        return events.create(g.id(), me.id(), c.fields(), questions);
      });
    })).onSuccess(e -> ctx.response().setStatusCode(201)
            .putHeader("Content-Type", "application/json")
            .putHeader("Location", "/api/v1/events/" + e.id())
            .end(EventViews.api(e, baseUrl, true).encode()))
        .onFailure(ctx::fail);
  }

  private void getEvent(RoutingContext ctx) {
    auth.optionalApiAccount(ctx).compose(me -> events.find(ctx.pathParam("event")).compose(e -> {
      if (e == null) return Future.failedFuture(Problem.notFound());
      return access.organizes(e.groupId(), me).compose(org -> e.isDraft() && !org
          ? Future.failedFuture(Problem.notFound())
          : Future.succeededFuture(EventViews.api(e, baseUrl, org)));
    })).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void patchEvent(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, FIELDS);
    Map<String, String> values = apiValues(in);
    String scope = ctx.request().getParam("scope");
    if (scope != null && !scope.equals("following")) {
      ctx.fail(Problem.invalid(new JsonObject().put("scope",
          "scope is \"following\" (this and all following occurrences) or absent (this one).")));
      return;
    }
    pages.apiOrganizerEvent(ctx).compose(existing -> {
      if (scope != null) return patchFollowing(in, existing, values);
      EventRules.Checked c = EventRules.check(EventRules.Input.of(existing).with(values), maxCapacity);
      c.errors().forEach(e -> in.error(e.getKey(), (String) e.getValue()));
      List<Question> questions = questions(in);
      in.check();
      return events.update(existing.id(), c.fields(), questions);
    }).onSuccess(e -> ctx.json(EventViews.api(e, baseUrl, true))).onFailure(ctx::fail);
  }

  /** The event and those after it in its series; an event alone is its own "following". */
  private Future<Event> patchFollowing(JsonInput in, Event existing, Map<String, String> values) {
    return series.placeOf(existing.id()).compose(place -> place == null
            ? Future.succeededFuture(List.of(existing)) : series.from(place))
        .compose(following -> {
          SeriesRules.Edit edit = SeriesRules.following(existing, following, values, maxCapacity);
          edit.errors().forEach(e -> in.error(e.getKey(), (String) e.getValue()));
          in.check();
          return series.updateAll(edit.ids(), edit.fields()).map(saved -> saved.get(0));
        });
  }

  private void cancelEvent(RoutingContext ctx) {
    pages.apiOrganizerEvent(ctx).compose(this::cancel)
        .onSuccess(e -> ctx.json(EventViews.api(e, baseUrl, true)))
        .onFailure(ctx::fail);
  }

  private Future<Event> cancel(Event e) {
    if (e.isCancelled()) return Future.succeededFuture(e);
    // cancelling never fails on a ceiling lowered since the event was made
    EventRules.Checked c = EventRules.check(
        EventRules.Input.of(e).with(Map.of("status", Event.CANCELLED)), 0);
    if (!c.ok()) return Future.failedFuture(Problem.invalid(c.errors()));
    return events.update(e.id(), c.fields());
  }

  // ---- helpers ----

  /** The questions sent, checked (errors go to {@code in}); null when none were sent. */
  private static List<Question> questions(JsonInput in) {
    if (!in.has("questions")) return null;
    JsonObject errors = new JsonObject();
    List<Question> q = QuestionRules.check(in.raw().getValue("questions"), errors);
    errors.forEach(e -> in.error(e.getKey(), (String) e.getValue()));
    return q;
  }

  /** API values as the strings the rules read; wrong JSON types are reported by JsonInput. */
  private static Map<String, String> apiValues(JsonInput in) {
    Map<String, String> values = new HashMap<>();
    for (String f : List.of("title", "description", "startsAt", "endsAt", "timeZone", "venue",
        "address", "onlineUrl", "rsvpDeadline", "status", "audience")) {
      if (in.has(f)) values.put(f, in.string(f));
    }
    if (in.has("whosGoing")) {
      Boolean on = in.bool("whosGoing");
      values.put("whosGoing", Boolean.toString(Boolean.TRUE.equals(on)));
    }
    if (in.has("approval")) {
      values.put("approval", Boolean.toString(Boolean.TRUE.equals(in.bool("approval"))));
    }
    for (String f : List.of("capacity", "guestsAllowed", "claimWindowHours")) {
      if (in.has(f)) {
        Integer n = in.integer(f);
        values.put(f, n == null ? null : n.toString());
      }
    }
    return values;
  }

  private static EventRules.Input fromForm(MultiMap f) {
    return new EventRules.Input(f.get("title"), f.get("description"), f.get("startsAt"),
        f.get("endsAt"), f.get("timeZone"), f.get("venue"), f.get("address"), f.get("onlineUrl"),
        f.get("capacity"), f.get("guestsAllowed"), f.get("rsvpDeadline"),
        f.get("publish") != null ? Event.PUBLISHED : f.get("status"),
        // a checkbox: the whole form is sent, so an unchecked one means off
        Boolean.toString(f.get("whosGoing") != null),
        Boolean.toString(f.get("approval") != null), f.get("claimWindowHours"),
        f.get("membersOnly") != null ? Event.MEMBERS : Event.PUBLIC);
  }

  private Future<Group> webGroup(RoutingContext ctx) {
    return auth.requireWeb(ctx).compose(me -> access.requireGroup(ctx.pathParam("group"), me,
        Access.MANAGE_EVENTS)).map(Access.Granted::group);
  }

  private static JsonObject defaults() {
    return new JsonObject().put("timeZone", "Europe/London").put("guestsAllowed", "0")
        .put("status", Event.DRAFT);
  }

  private static final List<String> COMMON_ZONES = ZoneId.getAvailableZoneIds().stream()
      .filter(z -> z.matches("(Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific)/[A-Za-z_/]+") || z.equals("UTC"))
      .sorted().toList();

  private static JsonArray zoneOptions(String selected) {
    JsonArray out = new JsonArray();
    for (String z : COMMON_ZONES) {
      out.add(new JsonObject().put("value", z).put("selected", z.equals(selected)));
    }
    return out;
  }

  private static JsonArray statusOptions(String selected) {
    JsonArray out = new JsonArray();
    for (String[] s : new String[][] {{"draft", "Draft (only organizers see it)"},
        {"published", "Published"}, {"cancelled", "Cancelled"}}) {
      out.add(new JsonObject().put("value", s[0]).put("label", s[1])
          .put("selected", s[0].equals(selected == null ? "draft" : selected)));
    }
    return out;
  }
}
