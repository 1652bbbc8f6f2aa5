package org.convene.people;

import io.vertx.core.Future;
import java.time.Instant;
import org.convene.core.Problem;
import org.convene.events.Event;
import org.convene.events.EventStore;
import org.convene.rsvp.RsvpStore;

/**
 * The attendee behind /r/{token}/... and their event; erased or unknown tokens are a 404. The
 * token is opened through RsvpStore, as the manage page opens it: the link went by mail only, so
 * its first use here verifies the address just the same.
 */
record Viewer(Attendee me, Event event) {
  static Future<Viewer> of(RsvpStore rsvps, PeopleStore people, EventStore events, String token) {
    return rsvps.byToken(token)
        .compose(r -> r == null ? Future.<Attendee>succeededFuture(null) : people.byId(r.id()))
        .compose(a -> {
          if (a == null || a.erased()) return Future.failedFuture(Problem.notFound());
          return events.find(a.eventId()).compose(e -> e == null
              ? Future.failedFuture(Problem.notFound())
              : Future.succeededFuture(new Viewer(a, e)));
        });
  }

  PeopleRules.Directory directory() {
    return PeopleRules.directory(event, Instant.now());
  }

  /** On the directory, and so sees it (give to get). */
  boolean sees() {
    return me.inDirectory(directory());
  }
}
