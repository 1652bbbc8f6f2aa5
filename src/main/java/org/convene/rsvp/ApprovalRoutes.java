package org.convene.rsvp;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.UUID;
import org.convene.core.Problem;
import org.convene.events.EventPages;
import org.convene.web.Fields;
import org.convene.web.JsonInput;

/**
 * Approval, on the organizer's side: a pending answer is approved (then seated or waitlisted as
 * usual) or declined with an optional message, from the attendee page and in the API.
 */
public final class ApprovalRoutes {
  /** A decline message is a short note, not a newsletter. */
  static final int MAX_MESSAGE = 2000;

  private final RsvpStore rsvps;
  private final EventPages eventPages;

  public ApprovalRoutes(RsvpStore rsvps, EventPages eventPages) {
    this.rsvps = rsvps;
    this.eventPages = eventPages;
  }

  public void mount(Router r) {
    r.post("/organize/e/:event/attendees/:rsvpId/approve").handler(this::approveFromForm);
    r.post("/organize/e/:event/attendees/:rsvpId/decline").handler(this::declineFromForm);

    r.post("/api/v1/events/:event/rsvps/:rsvpId/approve").handler(this::approve);
    r.post("/api/v1/events/:event/rsvps/:rsvpId/decline").handler(this::decline);
  }

  private void approveFromForm(RoutingContext ctx) {
    eventPages.webOrganizerEvent(ctx).compose(e -> rsvps.approve(e.id(), rsvpId(ctx)).map(e))
        .onSuccess(e -> ctx.redirect("/organize/e/" + e.id() + "/attendees?done=approved"))
        .onFailure(ctx::fail);
  }

  private void declineFromForm(RoutingContext ctx) {
    String raw = ctx.request().getFormAttribute("message");
    String message = Fields.clean(raw);
    eventPages.webOrganizerEvent(ctx).compose(e -> {
          if (message != null && message.length() > MAX_MESSAGE) {
            return io.vertx.core.Future.failedFuture(Problem.invalid(new JsonObject()
                .put("message", "Keep the message under " + MAX_MESSAGE + " characters.")));
          }
          return rsvps.decline(e.id(), rsvpId(ctx), message).map(e);
        })
        .onSuccess(e -> ctx.redirect("/organize/e/" + e.id() + "/attendees?done=declined"))
        .onFailure(ctx::fail);
  }

  private void approve(RoutingContext ctx) {
    eventPages.apiOrganizerEvent(ctx).compose(e -> rsvps.approve(e.id(), rsvpId(ctx)))
        .onSuccess(r -> ctx.json(r.forOrganizer()))
        .onFailure(ctx::fail);
  }

  private void decline(RoutingContext ctx) {
    // the body is optional: no body declines without a message
    boolean hasBody = ctx.body() != null && ctx.body().length() > 0;
    JsonInput in = hasBody ? JsonInput.of(ctx, Set.of("message")) : null;
    String message = in == null ? null : Fields.clean(in.string("message"));
    if (in != null) {
      if (message != null && message.length() > MAX_MESSAGE) {
        in.error("message", "must be at most " + MAX_MESSAGE + " characters");
      }
      in.check();
    }
    eventPages.apiOrganizerEvent(ctx).compose(e -> rsvps.decline(e.id(), rsvpId(ctx), message))
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
