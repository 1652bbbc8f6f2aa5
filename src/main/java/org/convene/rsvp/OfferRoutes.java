package org.convene.rsvp;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.convene.core.Problem;

/**
 * The claim window, on the attendee's side: the seat offered to them is taken or let go through
 * their private link, on the manage page /r/{token} and in the API.
 */
public final class OfferRoutes {
  private final RsvpStore rsvps;
  private final String baseUrl;

  public OfferRoutes(RsvpStore rsvps, String baseUrl) {
    this.rsvps = rsvps;
    this.baseUrl = baseUrl;
  }

  public void mount(Router r) {
    r.post("/r/:token/accept-offer").handler(this::acceptFromForm);
    r.post("/r/:token/decline-offer").handler(this::declineFromForm);

    r.post("/api/v1/rsvps/:token/accept-offer").handler(this::acceptOffer);
    r.post("/api/v1/rsvps/:token/decline-offer").handler(this::declineOffer);
  }

  private void acceptFromForm(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    rsvps.acceptOffer(token)
        .onSuccess(x -> back(ctx, token, "offer-accepted"))
        .onFailure(err -> {
          if (err instanceof Problem p && p.is(Problem.Kind.CONFLICT)) {
            back(ctx, token, p.code());
          } else {
            ctx.fail(err);
          }
        });
  }

  private void declineFromForm(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    rsvps.declineOffer(token)
        .onSuccess(x -> back(ctx, token, "offer-declined"))
        .onFailure(err -> {
          if (err instanceof Problem p && p.is(Problem.Kind.CONFLICT)) {
            back(ctx, token, p.code());
          } else {
            ctx.fail(err);
          }
        });
  }

  /** Back to the manage page, which says what happened (a code from a fixed list, no data). */
  private static void back(RoutingContext ctx, String token, String offer) {
    ctx.response().setStatusCode(303).putHeader("Location", "/r/" + token + "?offer=" + offer)
        .end();
  }

  private void acceptOffer(RoutingContext ctx) {
    rsvps.acceptOffer(ctx.pathParam("token"))
        .onSuccess(r -> ctx.json(r.api(baseUrl)))
        .onFailure(ctx::fail);
  }

  private void declineOffer(RoutingContext ctx) {
    rsvps.declineOffer(ctx.pathParam("token"))
        .onSuccess(r -> ctx.json(r.api(baseUrl)))
        .onFailure(ctx::fail);
  }
}
