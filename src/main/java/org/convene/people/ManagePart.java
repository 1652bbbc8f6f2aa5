package org.convene.people;

import static org.convene.people.PeopleViews.time;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.convene.events.Event;
import org.convene.rsvp.ManageParts;

/**
 * What people adds to the attendee's manage page /r/{token}: the ticket, whose QR code carries a
 * check-in link (never the manage token, so a helper who scans it cannot change the RSVP), the
 * people links, and the erase confirmation.
 */
public final class ManagePart {
  private final PeopleStore people;
  private final String baseUrl;

  public ManagePart(PeopleStore people, String baseUrl) {
    this.people = people;
    this.baseUrl = baseUrl;
  }

  /** Adds the ticket (QR code) and the people links to the manage page (a ManageParts part). */
  public Future<JsonObject> part(ManageParts.Context mc) {
    return people.byId(mc.rsvp().id()).compose(a -> people.counts(mc.event().id()).map(counts -> {
      JsonObject out = new JsonObject()
          .put("eraseConfirm", "confirm".equals(mc.ctx().request().getParam("erase")));
      if (a == null) return out;
      Event e = mc.event();
      boolean ticket = a.attends() && !e.isCancelled();
      if (ticket) {
        String url = checkinUrl(e, a);
        out.put("ticket", new JsonObject()
            .put("qr", QrCode.svgDataUri(url))
            .put("name", a.name())
            .put("guests", a.guests())
            .put("checkedIn", a.checkedInAt() != null)
            .put("checkedInAt", a.checkedInAt() == null ? null : time(a.checkedInAt(), e)));
      }
      out.put("people", new JsonObject()
          .put("url", "/r/" + a.token() + "/people")
          .put("vcfUrl", "/r/" + a.token() + "/people.vcf")
          .put("sees", a.inDirectory(PeopleRules.directory(e, Instant.now())))
          .put("listed", counts.getLong("listed"))
          .put("eventOver", !e.endsAt().isAfter(Instant.now())));
      return out;
    }));
  }

  private String checkinUrl(Event e, Attendee a) {
    return baseUrl + "/organize/e/" + e.id() + "/checkin?t=" + a.checkinCode();
  }
}
