package org.convene.mail;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import org.convene.events.EventViews;
import org.convene.outbox.Outbox;

/**
 * The mails of approval and the claim window (see {@link MailKinds} for what a kind says). All
 * are about the person's own answer, so they pass an unsubscribe like the other receipts.
 */
final class SeatMailKinds {
  private SeatMailKinds() {}

  static final Map<String, MailKinds.Kind> ALL = Map.of(
      Outbox.RSVP_PENDING, new MailKinds.Kind() {
        public String subject(MailKinds.Context c) {
          return "Waiting for approval: " + c.event().title();
        }

        public String stale(MailKinds.Context c) {
          return "pending".equals(c.status()) ? null : "no longer waiting for approval";
        }
      },
      Outbox.RSVP_DECLINED, new MailKinds.Kind() {
        public String subject(MailKinds.Context c) {
          return "Your RSVP was not approved: " + c.event().title();
        }

        public String stale(MailKinds.Context c) {
          return "declined".equals(c.status()) ? null : "no longer declined";
        }
      },
      Outbox.SEAT_OFFERED, new MailKinds.Kind() {
        public String subject(MailKinds.Context c) {
          return "A seat is held for you until " + expires(c) + ": " + c.event().title();
        }

        // never an offer after the start, nor one that ran out or was answered meanwhile
        public String stale(MailKinds.Context c) {
          Instant now = Instant.now();
          if (!"offered".equals(c.status())) return "the offer was answered or ended";
          if (!c.event().startsAt().isAfter(now)) return "the event has started";
          Instant until = c.rsvp().offerExpiresAt();
          return until == null || !until.isAfter(now) ? "the offer ran out" : null;
        }

        public void model(MailKinds.Context c, JsonObject model) {
          model.put("offerExpires", expires(c));
        }

        private String expires(MailKinds.Context c) {
          Instant until = c.rsvp().offerExpiresAt();
          return until == null ? "soon" : EventViews.moment(until, c.event().zone());
        }
      },
      Outbox.OFFER_EXPIRED, new MailKinds.Kind() {
        public String subject(MailKinds.Context c) {
          return "The seat held for you went to the next in line: " + c.event().title();
        }

        public String stale(MailKinds.Context c) {
          return "not_going".equals(c.status()) ? null : "answered again since";
        }
      });
}
