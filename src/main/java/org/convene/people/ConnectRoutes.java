package org.convene.people;

import static org.convene.people.PeopleViews.base;
import static org.convene.people.PeopleViews.requesterCard;
import static org.convene.people.PeopleViews.uuid;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.UUID;
import org.convene.core.Problem;
import org.convene.events.EventStore;
import org.convene.rsvp.RsvpStore;
import org.convene.web.JsonInput;
import org.convene.web.Views;

/**
 * Connect requests between attendees on the directory (PeopleRules.Directory): asking (from the people page or the API) and the
 * answer link in the mail. Accepting gives each the other's email address (PRODUCT.md §6).
 */
public final class ConnectRoutes {
  private final PeopleStore people;
  private final ConnectStore connects;
  private final RsvpStore rsvps;
  private final EventStore events;
  private final Views views;
  private final String baseUrl;

  public ConnectRoutes(PeopleStore people, ConnectStore connects, RsvpStore rsvps,
                       EventStore events, Views views, String baseUrl) {
    this.people = people;
    this.connects = connects;
    this.rsvps = rsvps;
    this.events = events;
    this.views = views;
    this.baseUrl = baseUrl;
  }

  public void mount(Router r) {
    r.post("/r/:token/people/:rsvpId/connect").handler(this::connectFromForm);
    r.get("/c/:token/:answer").handler(this::answerPage);
    r.post("/c/:token/:answer").handler(this::answerFromForm);
    r.post("/api/v1/rsvps/:token/connect-requests").handler(this::connectApi);
    r.post("/api/v1/connect-requests/:token/:answer").handler(this::answerApi);
  }

  private void connectFromForm(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    UUID target = uuid(ctx.pathParam("rsvpId"));
    Viewer.of(rsvps, people, events, ctx.pathParam("token"))
        .compose(v -> connects.requestConnect(v.me().id(), target, v.directory())
        .map("sent")
        .recover(err -> err instanceof Problem h
            && (h.is(Problem.Kind.CONFLICT) || h.is(Problem.Kind.RATE_LIMITED))
            ? Future.succeededFuture(h.is(Problem.Kind.CONFLICT) ? "already"
                : "unasked_mail_cap".equals(h.code()) ? "capped" : "limit")
            : Future.failedFuture(err)))
        .onSuccess(result -> ctx.redirect("/r/" + token + "/people?done=" + result))
        .onFailure(ctx::fail);
  }

  private void answerPage(RoutingContext ctx) {
    boolean accept = answer(ctx);
    connects.requestByToken(ctx.pathParam("token")).compose(req -> {
      if (req == null || req.requester() == null) return Future.failedFuture(Problem.notFound());
      return events.find(req.eventId()).compose(e -> views.render(ctx, "people-connect",
          base(e, baseUrl, accept ? "Accept the connect request" : "Decline the connect request")
              .put("accept", accept)
              .put("answered", !"pending".equals(req.status()))
              .put("requester", requesterCard(req.requester()))
              .put("action", "/c/" + ctx.pathParam("token") + "/" + (accept ? "accept" : "decline"))));
    }).onFailure(ctx::fail);
  }

  private void answerFromForm(RoutingContext ctx) {
    boolean accept = answer(ctx);
    String token = ctx.pathParam("token");
    connects.requestByToken(token).compose(found -> {
      if (found == null) return Future.failedFuture(Problem.notFound());
      return events.find(found.eventId()).compose(e -> connects.answer(token, accept)
          .compose(before -> {
            if (before == null) return Future.failedFuture(Problem.notFound());
            boolean already = !"pending".equals(before.status());
            return views.render(ctx, "people-connect", base(e, baseUrl, "Connect request")
                .put("done", true).put("accept", accept).put("answered", already)
                .put("requester", requesterCard(before.requester())));
          }));
    }).onFailure(ctx::fail);
  }

  private static boolean answer(RoutingContext ctx) {
    String a = ctx.pathParam("answer");
    if ("accept".equals(a)) return true;
    if ("decline".equals(a)) return false;
    throw Problem.notFound();
  }

  private void connectApi(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, Set.of("rsvpId"));
    String target = in.string("rsvpId");
    if (target == null) in.error("rsvpId", "the RSVP id of the listed attendee to connect with");
    in.check();
    UUID targetId = uuid(target);
    Viewer.of(rsvps, people, events, ctx.pathParam("token"))
        .compose(v -> connects.requestConnect(v.me().id(), targetId, v.directory()))
        .onSuccess(x -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("status", "sent").encode()))
        .onFailure(ctx::fail);
  }

  private void answerApi(RoutingContext ctx) {
    boolean accept = answer(ctx);
    String token = ctx.pathParam("token");
    connects.requestByToken(token).compose(found -> {
      if (found == null) return Future.failedFuture(Problem.notFound());
      return events.find(found.eventId()).compose(e -> connects.answer(token, accept));
    }).compose(before -> before == null ? Future.failedFuture(Problem.notFound())
            : Future.succeededFuture(new JsonObject()
                .put("status", "pending".equals(before.status())
                    ? (accept ? "accepted" : "declined") : before.status())
                .put("alreadyAnswered", !"pending".equals(before.status()))))
        .onSuccess(ctx::json).onFailure(ctx::fail);
  }
}
