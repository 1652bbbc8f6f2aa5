package org.convene.rsvp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.convene.events.Event;

/**
 * What features above the RSVP put on an attendee's manage page /r/{token} (calendar links, the
 * people choices, ...): each part answers what it adds to the page's model. Wired once at start.
 */
public final class ManageParts {
  /** What a manage-page part gets: the request, the RSVP and its event. */
  public record Context(RoutingContext ctx, Rsvp rsvp, Event event) {}

  private final List<Function<Context, Future<JsonObject>>> parts = new ArrayList<>();

  public ManageParts with(Function<Context, Future<JsonObject>> part) {
    parts.add(part);
    return this;
  }

  Future<JsonObject> addTo(JsonObject model, Context context) {
    List<Future<JsonObject>> added = parts.stream().map(p -> p.apply(context)).toList();
    return Future.all(added).map(all -> {
      for (int i = 0; i < all.size(); i++) model.mergeIn(all.resultAt(i));
      return model;
    });
  }
}
