package org.convene.rsvp;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.UUID;
import org.convene.core.Problem;
import org.convene.events.Event;
import org.convene.events.EventPages;
import org.convene.events.EventViews;
import org.convene.web.Paging;
import org.convene.web.Views;

/** The organizer's side of an event's RSVPs: the attendee list, its CSV, removing, promoting. */
public final class AttendeesRoutes {
  private final RsvpStore rsvps;
  private final EventPages eventPages;
  private final Views views;
  private final String baseUrl;

  public AttendeesRoutes(RsvpStore rsvps, EventPages eventPages, Views views, String baseUrl) {
    this.rsvps = rsvps;
    this.eventPages = eventPages;
    this.views = views;
    this.baseUrl = baseUrl;
  }

  public void mount(Router r) {
    r.get("/organize/e/:event/attendees").handler(this::attendeesPage);
    r.get("/organize/e/:event/attendees.csv").handler(this::attendeesCsv);
    r.post("/organize/e/:event/attendees/:rsvpId/remove").handler(this::removeFromForm);
    r.post("/organize/e/:event/attendees/:rsvpId/promote").handler(this::promoteFromForm);

    r.get("/api/v1/events/:event/rsvps").handler(this::listRsvps);
    r.get("/api/v1/events/:event/rsvps.csv").handler(this::attendeesCsv);
    r.delete("/api/v1/events/:event/rsvps/:rsvpId").handler(this::removeRsvp);
    r.post("/api/v1/events/:event/rsvps/:rsvpId/promote").handler(this::promoteRsvp);
  }

  // ---- web ----

  private void attendeesPage(RoutingContext ctx) {
    eventPages.webOrganizerEvent(ctx).compose(e -> rsvps.counts(e.id(), e.capacity())
        .compose(counts -> rsvps.list(e.id()).compose(list -> {
          JsonArray people = new JsonArray();
          for (Rsvp r : list) {
            people.add(RsvpViews.view(r).put("answered", RsvpViews.answered(e.questions(), r.answers())));
          }
          return views.render(ctx, "organize-attendees", new JsonObject()
              .put("title", "Attendees: " + e.title())
              .put("event", EventViews.page(e, baseUrl, true, Instant.now()))
              .put("counts", counts)
              .put("people", people)
              .put("notice", ctx.request().getParam("done")));
        })))
        .onFailure(ctx::fail);
  }

  private void removeFromForm(RoutingContext ctx) {
    eventPages.webOrganizerEvent(ctx)
        .compose(e -> rsvps.cancelById(e.id(), rsvpId(ctx), true).map(e))
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
    event.compose(e -> {
      HttpServerResponse resp = ctx.response().setChunked(true)
          .putHeader("Content-Type", "text/csv; charset=utf-8")
          .putHeader("Content-Disposition", "attachment; filename=\"attendees-" + e.id() + ".csv\"")
          .putHeader("Cache-Control", "no-store");
      return resp.write(AttendeeCsv.header(e.questions()))
          .compose(v -> csvFrom(resp, e, 0));
    }).onFailure(ctx::fail);
  }

  static final int CSV_PAGE = 500;

  /**
   * Writes the RSVPs a page at a time, the next page read only once the last one went out, so a
   * 20,000-attendee export holds one page in memory however slowly the client reads.
   */
  private Future<Void> csvFrom(HttpServerResponse resp, Event e, long after) {
    return rsvps.page(e.id(), after, CSV_PAGE).compose(list -> {
      if (list.isEmpty()) return resp.end();
      Future<Void> written = resp.write(AttendeeCsv.rows(list, e.questions()));
      if (list.size() < CSV_PAGE) return written.compose(v -> resp.end());
      long last = list.get(list.size() - 1).arrival();
      return written.compose(v -> csvFrom(resp, e, last));
    });
  }

  // ---- API ----

  static final int DEFAULT_PAGE = 100;
  static final int MAX_PAGE = 500;

  /** The counts, and one page of everyone by id: {@code ?limit=&after=}, answered with {@code next}. */
  private void listRsvps(RoutingContext ctx) {
    Paging paging = Paging.of(ctx, DEFAULT_PAGE, MAX_PAGE);
    eventPages.apiOrganizerEvent(ctx).compose(e -> rsvps.counts(e.id(), e.capacity())
        .compose(counts -> rsvps.page(e.id(), paging.after(), paging.limit() + 1).map(list -> {
          JsonArray out = new JsonArray();
          for (Rsvp r : list.subList(0, Math.min(list.size(), paging.limit()))) {
            out.add(r.forOrganizer());
          }
          String next = list.size() > paging.limit()
              ? Long.toString(list.get(paging.limit() - 1).arrival()) : null;
          return new JsonObject().put("counts", counts).put("items", out).put("next", next);
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
        .onSuccess(r -> ctx.json(r.forOrganizer()))
        .onFailure(ctx::fail);
  }

  private static UUID rsvpId(RoutingContext ctx) {
    try {
      return UUID.fromString(ctx.pathParam("rsvpId"));
    } catch (IllegalArgumentException e) {
      throw Problem.notFound();
    }
  }
}
