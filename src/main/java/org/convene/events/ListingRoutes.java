package org.convene.events;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.convene.groups.Group;
import org.convene.accounts.Auth;
import org.convene.core.Problem;
import org.convene.groups.Access;
import org.convene.groups.GroupEvents;
import org.convene.groups.GroupStore;
import org.convene.web.PublicPages;
import org.convene.web.Views;

/** Where people find events: the home page, a group's public page, and its events in the API. */
public final class ListingRoutes implements GroupEvents {
  private final EventStore events;
  private final GroupStore groups;
  private final Access access;
  private final Auth auth;
  private final Views views;
  private final String baseUrl;
  private final PublicPages publicPages;

  public ListingRoutes(EventStore events, GroupStore groups, Access access, Auth auth, Views views,
                       String baseUrl, PublicPages publicPages) {
    this.publicPages = publicPages;
    this.events = events;
    this.groups = groups;
    this.access = access;
    this.auth = auth;
    this.views = views;
    this.baseUrl = baseUrl;
  }

  private java.util.function.Function<java.util.UUID, Future<Long>> memberCount =
      id -> Future.succeededFuture(0L);

  /** How the group page counts a group's members (the members feature's count). */
  public ListingRoutes withMemberCount(java.util.function.Function<java.util.UUID, Future<Long>> count) {
    this.memberCount = count;
    return this;
  }

  public void mount(Router r) {
    r.get("/").handler(this::home);
    r.get("/g/:group").handler(this::groupPage);
    r.get("/api/v1/groups/:group/events").handler(this::listEvents);
  }

  private void home(RoutingContext ctx) {
    if (EventPages.sharedPage(ctx)) {
      publicPages.answer(ctx, "home", () -> events.upcomingPublic(100).compose(list ->
          anonymous("home", homeModel(list), null)));
      return;
    }
    // webAccount reads a session only when the visitor sent a session cookie (for the header)
    auth.webAccount(ctx).compose(me -> events.upcomingPublic(100))
        .compose(list -> views.render(ctx, "home", homeModel(list)))
        .onFailure(ctx::fail);
  }

  private static JsonObject homeModel(List<Event> list) {
    return new JsonObject()
        .put("title", "Upcoming events")
        .put("events", EventViews.cards(list, Instant.now()));
  }

  private void groupPage(RoutingContext ctx) {
    String slug = ctx.pathParam("group");
    if (EventPages.sharedPage(ctx)) {
      publicPages.answer(ctx, "g " + slug, () -> groups.bySlug(slug).compose(g -> g == null
          ? Future.succeededFuture(null)
          : groupModel(g).compose(model -> anonymous("group", model, g.id()))));
      return;
    }
    auth.webAccount(ctx).compose(me -> groups.bySlug(slug)).compose(g -> {
      if (g == null) return Future.failedFuture(Problem.notFound());
      return groupModel(g).compose(model -> views.render(ctx, "group", model));
    }).onFailure(ctx::fail);
  }

  private Future<JsonObject> groupModel(Group g) {
    Instant now = Instant.now();
    return memberCount.apply(g.id()).compose(members -> events.ofGroup(g.id(), false).map(list -> {
      JsonArray upcoming = new JsonArray();
      JsonArray past = new JsonArray();
      for (Event e : list) {
        JsonObject card = EventViews.page(e, baseUrl, false, now);
        if (e.endsAt().isAfter(now)) upcoming.add(card);
        else past.add(0, card);
      }
      String feed = baseUrl + "/g/" + g.slug() + "/calendar.ics";
      String webcal = feed.replaceFirst("^https?://", "webcal://");
      return new JsonObject()
          .put("title", g.name())
          .put("group", g.view()).put("members", members)
          .put("joinUrl", "/g/" + g.slug() + "/join")
          .put("upcoming", upcoming).put("past", past)
          .put("feedUrl", feed).put("webcalUrl", webcal)
          .put("googleUrl", "https://calendar.google.com/calendar/render?cid="
              + URLEncoder.encode(webcal, StandardCharsets.UTF_8));
    }));
  }

  private Future<PublicPages.Rendered> anonymous(String template, JsonObject model, UUID groupId) {
    return views.anonymous(template, model).map(html -> new PublicPages.Rendered(html, groupId, null));
  }


  private void listEvents(RoutingContext ctx) {
    groups.bySlug(ctx.pathParam("group")).compose(g -> {
      if (g == null) return Future.failedFuture(Problem.notFound());
      return auth.optionalApiAccount(ctx)
          .compose(me -> access.organizes(g.id(), me))
          .compose(organizer -> events.ofGroup(g.id(), organizer).map(list -> {
            JsonArray out = new JsonArray();
            for (Event e : list) out.add(EventViews.api(e, baseUrl, organizer));
            return new JsonObject().put("events", out);
          }));
    }).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /** For the organizer pages of groups (dashboard, group settings), drafts included. */
  @Override
  public Future<JsonArray> cards(UUID groupId) {
    Instant now = Instant.now();
    return events.ofGroup(groupId, true).map(list -> EventViews.cards(list, now));
  }
}
