package org.convene.people;

import static org.convene.people.PeopleViews.base;
import static org.convene.people.PeopleViews.time;
import static org.convene.people.PeopleViews.uuid;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDateTime;
import java.util.Set;
import java.util.UUID;
import org.convene.accounts.Account;
import org.convene.accounts.Auth;
import org.convene.core.Problem;
import org.convene.events.Event;
import org.convene.events.EventStore;
import org.convene.groups.Access;
import org.convene.web.JsonInput;
import org.convene.web.Views;

/**
 * Check-in at the door: the helper's page (search, or the scanned ticket's link) and the API.
 * Check-in helpers see names here only (PRODUCT.md §6).
 */
public final class CheckinRoutes {
  private final PeopleStore people;
  private final EventStore events;
  private final Access access;
  private final Auth auth;
  private final Views views;
  private final String baseUrl;

  public CheckinRoutes(PeopleStore people, EventStore events, Access access, Auth auth, Views views,
                       String baseUrl) {
    this.people = people;
    this.events = events;
    this.access = access;
    this.auth = auth;
    this.views = views;
    this.baseUrl = baseUrl;
  }

  public void mount(Router r) {
    r.get("/organize/e/:event/checkin").handler(this::checkinPage);
    r.post("/organize/e/:event/checkin").handler(this::checkinFromForm);
    r.post("/api/v1/events/:event/checkins").handler(this::checkinApi);
  }

  private void checkinPage(RoutingContext ctx) {
    auth.requireWeb(ctx).compose(me -> checkinEvent(ctx, me)).compose(e -> {
      String code = ctx.request().getParam("t");
      Future<JsonObject> scanned = code == null ? Future.succeededFuture(null)
          : people.findForCheckIn(e.id(), code).compose(id -> id == null
              ? Future.succeededFuture(new JsonObject().put("unknown", true))
              : people.byId(id).map(a -> checkinRow(a, e)));
      return scanned.compose(s -> renderCheckin(ctx, e, s, null));
    }).onFailure(ctx::fail);
  }

  private void checkinFromForm(RoutingContext ctx) {
    MultiMap f = ctx.request().formAttributes();
    auth.requireWeb(ctx).compose(me -> checkinEvent(ctx, me))
        .compose(e -> people.checkIn(e.id(), uuid(f.get("rsvpId")))
            .compose(c -> renderCheckin(ctx, e, checkinRow(c.attendee(), e), checkinMessage(c, e)))
            .recover(err -> err instanceof Problem h && h.is(Problem.Kind.CONFLICT)
                ? renderCheckin(ctx, e, null, h.getMessage()) : Future.failedFuture(err)))
        .onFailure(ctx::fail);
  }

  private Future<Void> renderCheckin(RoutingContext ctx, Event e, JsonObject scanned,
                                     String notice) {
    String q = ctx.request().getParam("q");
    if (q == null) q = ctx.request().getFormAttribute("q");
    String query = q == null ? "" : q.trim();
    return people.search(e.id(), query).compose(list -> people.counts(e.id()).compose(counts -> {
      JsonArray rows = new JsonArray();
      for (Attendee a : list) rows.add(checkinRow(a, e));
      return views.render(ctx, "checkin", base(e, baseUrl, "Check-in: " + e.title())
          .put("q", query).put("results", rows).put("scanned", scanned)
          .put("notice", notice).put("counts", counts));
    }));
  }

  private static String checkinMessage(PeopleStore.CheckIn c, Event e) {
    String name = c.attendee().name();
    return c.already() ? name + " was already checked in at " + time(c.at(), e) + "."
        : name + " is checked in (" + time(c.at(), e) + ")"
            + (c.attendee().guests() > 0 ? " with " + c.attendee().guests() + " guest"
                + (c.attendee().guests() == 1 ? "" : "s") : "") + ".";
  }

  private static JsonObject checkinRow(Attendee a, Event e) {
    return new JsonObject().put("id", a.id().toString()).put("name", a.name())
        .put("status", a.status()).put("guests", a.guests())
        .put("checkedIn", a.checkedInAt() != null)
        .put("checkedInAt", a.checkedInAt() == null ? null : time(a.checkedInAt(), e))
        .put("canCheckIn", a.checkedInAt() == null && !"cancelled".equals(a.status())
            && !"not_going".equals(a.status()));
  }

  private Future<Event> checkinEvent(RoutingContext ctx, Account me) {
    return events.find(ctx.pathParam("event")).compose(e -> {
      if (e == null) return Future.failedFuture(Problem.notFound());
      return access.require(e.groupId(), me, Access.CHECK_IN).map(e);
    });
  }

  private void checkinApi(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, Set.of("token", "rsvpId"));
    String token = in.string("token");
    String rsvpId = in.string("rsvpId");
    if (token == null && rsvpId == null) in.error("token", "send token or rsvpId");
    if (token != null && rsvpId != null) in.error("rsvpId", "send token or rsvpId, not both");
    UUID id = null;
    if (rsvpId != null) {
      try {
        id = UUID.fromString(rsvpId);
      } catch (IllegalArgumentException ex) {
        in.error("rsvpId", "must be an RSVP id");
      }
    }
    UUID byId = id;
    auth.apiAccount(ctx).compose(me -> {
      in.check();
      return checkinEvent(ctx, me);
    }).compose(e -> (byId != null ? Future.succeededFuture(byId) : people.findForCheckIn(e.id(), token))
        .compose(found -> found == null ? Future.<PeopleStore.CheckIn>failedFuture(Problem.notFound())
            : people.checkIn(e.id(), found))
        .map(c -> new JsonObject().put("rsvpId", c.attendee().id().toString())
            .put("name", c.attendee().name()).put("guests", c.attendee().guests())
            .put("status", c.attendee().status())
            .put("checkedInAt", c.at().toString())
            .put("checkedInAtLocal", LocalDateTime.ofInstant(c.at(), e.zone()).toString())
            .put("alreadyCheckedIn", c.already())
            .put("message", checkinMessage(c, e))))
        .onSuccess(ctx::json).onFailure(ctx::fail);
  }
}
