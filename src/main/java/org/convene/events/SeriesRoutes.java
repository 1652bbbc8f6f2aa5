package org.convene.events;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.convene.accounts.Account;
import org.convene.accounts.Auth;
import org.convene.core.Problem;
import org.convene.web.JsonInput;

/** Series in /api/v1: made from one event, which becomes its first occurrence. */
public final class SeriesRoutes {
  private static final Set<String> FIELDS = Set.of("every", "interval", "nth", "weekday", "until",
      "count");

  private final SeriesStore series;
  private final EventPages pages;
  private final Auth auth;
  private final String baseUrl;
  private final org.convene.groups.Access access;
  private final org.convene.web.Views views;

  public SeriesRoutes(SeriesStore series, EventPages pages, Auth auth,
                      org.convene.groups.Access access, org.convene.web.Views views, String baseUrl) {
    this.views = views;
    this.access = access;
    this.series = series;
    this.pages = pages;
    this.auth = auth;
    this.baseUrl = baseUrl;
  }

  public void mount(Router r) {
    r.post("/api/v1/events/:event/series").handler(this::createSeries);
    r.get("/api/v1/series/:series").handler(this::getSeries);
    r.get("/s/:series").handler(this::seriesPage);
  }

  private void createSeries(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, FIELDS);
    SeriesRules.Input rule = new SeriesRules.Input(in.string("every"), in.integer("interval"),
        in.integer("nth"), in.integer("weekday"), in.string("until"), in.integer("count"));
    auth.apiAccount(ctx).compose(me -> pages.organizerEvent(ctx, me).compose(first -> {
      if (first.isCancelled()) {
        throw Problem.conflict("cancelled", "A cancelled event cannot start a series.");
      }
      SeriesRules.Checked c = SeriesRules.check(rule, first);
      c.errors().forEach(e -> in.error(e.getKey(), (String) e.getValue()));
      in.check();
      Account who = me;
      return series.create(first, who.id(), c.rule());
    })).onSuccess(s -> ctx.response().setStatusCode(201)
            .putHeader("Content-Type", "application/json")
            .end(api(s, baseUrl).encode()))
        .onFailure(ctx::fail);
  }

  /** The public series page: every visible occurrence in local time with the zone named. */
  private void seriesPage(RoutingContext ctx) {
    auth.webAccount(ctx).compose(me -> series.find(ctx.pathParam("series")).compose(s -> {
      if (s == null) return io.vertx.core.Future.failedFuture(Problem.notFound());
      return access.organizes(s.groupId(), me).compose(org -> {
        java.util.List<Event> visible = s.occurrences().stream()
            .filter(e -> org || !e.isDraft()).toList();
        if (visible.isEmpty()) return io.vertx.core.Future.failedFuture(Problem.notFound());
        java.time.Instant now = java.time.Instant.now();
        Event first = visible.get(0);
        JsonObject model = new JsonObject().put("title", first.title() + " (series)")
            .put("series", new JsonObject().put("id", s.id()).put("repeats", s.rule().describe()))
            .put("group", new JsonObject().put("slug", first.groupSlug()).put("name", first.groupName()))
            .put("seriesTitle", first.title())
            .put("occurrences", EventViews.cards(visible, now));
        return views.render(ctx, "series", model);
      });
    })).onFailure(ctx::fail);
  }

  /** The event page's link to its series; one primary-key read, run beside the other parts. */
  public io.vertx.core.Future<JsonObject> pagePart(EventPages.PageContext pc) {
    return series.placeOf(pc.event().id()).map(place -> place == null ? new JsonObject()
        : new JsonObject().put("seriesPath", "/s/" + place.seriesId()));
  }

  /** The series as the caller may see it: drafts only to the group's organizers. */
  private void getSeries(RoutingContext ctx) {
    auth.optionalApiAccount(ctx).compose(me -> series.find(ctx.pathParam("series")).compose(s -> {
      if (s == null) return io.vertx.core.Future.failedFuture(Problem.notFound());
      return access.organizes(s.groupId(), me).compose(org -> {
        java.util.List<Event> visible = s.occurrences().stream()
            .filter(e -> org || !e.isDraft()).toList();
        if (visible.isEmpty()) return io.vertx.core.Future.failedFuture(Problem.notFound());
        SeriesStore.Series shown = new SeriesStore.Series(s.id(), s.groupId(), s.rule(), visible);
        JsonObject out = api(shown, baseUrl, org);
        return io.vertx.core.Future.succeededFuture(out);
      });
    })).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  static JsonObject api(SeriesStore.Series s, String baseUrl) {
    return api(s, baseUrl, true);
  }

  static JsonObject api(SeriesStore.Series s, String baseUrl, boolean organizer) {
    JsonArray occurrences = new JsonArray();
    for (Event e : s.occurrences()) occurrences.add(EventViews.api(e, baseUrl, organizer));
    return new JsonObject().put("id", s.id()).put("rule", s.rule().toJson())
        .put("repeats", s.rule().describe()).put("occurrences", occurrences);
  }
}
