package org.convene.events;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.convene.accounts.Account;
import org.convene.accounts.Auth;
import org.convene.core.Problem;
import org.convene.groups.Access;
import org.convene.web.PublicPages;
import org.convene.web.Views;

/**
 * What the event feature offers the features above it: the event page (with the parts they add
 * to it), the event as a visitor may see it, and the event as its organizers manage it. Routes of
 * other features use this instead of reaching into {@link EventRoutes}.
 */
public final class EventPages {
  private final EventStore events;
  private final Access access;
  private final Auth auth;
  private final Views views;
  private final String baseUrl;
  private final PublicPages publicPages;
  private final List<Function<PageContext, Future<JsonObject>>> pageParts = new ArrayList<>();
  private final List<Function<PageContext, Future<JsonObject>>> organizerParts = new ArrayList<>();

  /**
   * What a page part gets to decide what it adds: not the request, because the anonymous page is
   * rendered once for every visitor (see PublicPages).
   */
  public record PageContext(Event event, boolean organizer) {}

  /** The event and whether the viewer organizes it. */
  public record Visible(Event event, boolean organizer) {}

  public EventPages(EventStore events, Access access, Auth auth, Views views, String baseUrl,
                    PublicPages publicPages) {
    this.publicPages = publicPages;
    this.events = events;
    this.access = access;
    this.auth = auth;
    this.views = views;
    this.baseUrl = baseUrl;
  }

  /** Lets another feature add to the event page (the RSVP form, calendar links); wired at start. */
  public EventPages withPagePart(Function<PageContext, Future<JsonObject>> part) {
    pageParts.add(part);
    return this;
  }

  /** Lets another feature add to the organizer's event page (/organize/e/{event}); wired at start. */
  public EventPages withOrganizerPart(Function<PageContext, Future<JsonObject>> part) {
    organizerParts.add(part);
    return this;
  }

  /** The organizer page's parts merged, in the order they were added. */
  Future<JsonObject> organizerParts(PageContext pc) {
    List<Future<JsonObject>> parts = organizerParts.stream().map(p -> p.apply(pc)).toList();
    return Future.all(parts).map(all -> {
      JsonObject out = new JsonObject();
      for (int i = 0; i < all.size(); i++) out.mergeIn(all.resultAt(i));
      return out;
    });
  }

  /**
   * Renders /e/{event}; other features call this to show the page again with their own model
   * (e.g. the RSVP form with its errors). Drafts are a 404 to all but the group's organizers.
   */
  public Future<Void> render(RoutingContext ctx, int status, JsonObject extra) {
    return visibleEvent(ctx, ctx.pathParam("event")).compose(ev -> model(ev).compose(model ->
        views.render(ctx, status, "event", model.mergeIn(extra))));
  }

  /**
   * /e/{event} for a visitor without a session and without a query: the page every such visitor
   * gets, answered from memory (PublicPages) until the event changes. Drafts are a 404.
   */
  public void renderAnonymous(RoutingContext ctx, String id) {
    publicPages.answer(ctx, PublicPages.eventKey(id), () -> events.find(id).compose(e -> {
      if (e == null || e.isDraft()) return Future.succeededFuture(null);
      return model(new Visible(e, false)).compose(model -> views.anonymous("event", model))
          .map(html -> new PublicPages.Rendered(html, e.groupId(), e.id()));
    }));
  }

  /**
   * A visitor without a session asking without a query gets the page every such visitor gets
   * (PublicPages): /, /g/{group} and /e/{event}.
   */
  static boolean sharedPage(RoutingContext ctx) {
    return Auth.anonymous(ctx) && ctx.request().query() == null;
  }

  /** The page's model: the event as visitors see it, with every feature's part merged in. */
  private Future<JsonObject> model(Visible ev) {
    JsonObject model = new JsonObject()
        .put("title", ev.event().title())
        .put("event", EventViews.page(ev.event(), baseUrl, false, Instant.now()))
        .put("organizer", ev.organizer());
    PageContext pc = new PageContext(ev.event(), ev.organizer());
    List<Future<JsonObject>> parts = pageParts.stream().map(p -> p.apply(pc)).toList();
    return Future.all(parts).map(all -> {
      for (int i = 0; i < all.size(); i++) model.mergeIn(all.resultAt(i));
      return model;
    });
  }

  /** The event and whether the viewer organizes it; a draft is visible to its organizers only. */
  public Future<Visible> visibleEvent(RoutingContext ctx, String id) {
    return events.find(id).compose(e -> {
      if (e == null) return Future.failedFuture(Problem.notFound());
      // The hot path: an anonymous visitor has no session cookie and costs no session read.
      return auth.webAccount(ctx).compose(me -> access.organizes(e.groupId(), me)).compose(org -> {
        if (e.isDraft() && !org) return Future.failedFuture(Problem.notFound());
        return Future.succeededFuture(new Visible(e, org));
      });
    });
  }

  /** The event of the path if the account organizes its group; drafts stay 404 to others, the rest 403. */
  public Future<Event> organizerEvent(RoutingContext ctx, Account me) {
    return events.find(ctx.pathParam("event")).compose(e -> {
      if (e == null) return Future.failedFuture(Problem.notFound());
      return access.organizes(e.groupId(), me).compose(org -> {
        if (org) return Future.succeededFuture(e);
        return Future.failedFuture(e.isDraft() ? Problem.notFound() : Problem.forbidden());
      });
    });
  }

  /** The same for a signed-in organizer's page (anyone else is sent to the login page). */
  public Future<Event> webOrganizerEvent(RoutingContext ctx) {
    return auth.requireWeb(ctx).compose(me -> organizerEvent(ctx, me));
  }

  /** The same for an API call with an organizer's bearer token. */
  public Future<Event> apiOrganizerEvent(RoutingContext ctx) {
    return auth.apiAccount(ctx).compose(me -> organizerEvent(ctx, me));
  }
}
