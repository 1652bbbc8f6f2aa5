package org.convene.people;

import io.vertx.core.Future;
import org.convene.core.Problem;
import org.convene.events.Event;
import org.convene.events.EventStore;

/** The attendee behind /r/{token}/... and their event; erased or unknown tokens are a 404. */
record Viewer(Attendee me, Event event) {
  static Future<Viewer> of(PeopleStore people, EventStore events, String token) {
    return people.byToken(token).compose(a -> {
      if (a == null || a.erased()) return Future.failedFuture(Problem.notFound());
      return events.find(a.eventId()).compose(e -> e == null
          ? Future.failedFuture(Problem.notFound())
          : Future.succeededFuture(new Viewer(a, e)));
    });
  }
}
