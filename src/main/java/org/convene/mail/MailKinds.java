package org.convene.mail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.convene.events.Event;
import org.convene.events.EventViews;
import org.convene.outbox.Outbox;

/**
 * What each kind of mail says besides its templates: the subject, the calendar it carries
 * (METHOD REQUEST or CANCEL, or none), what its templates need beyond the common model, and when
 * it no longer applies to the event and RSVP as they are now. One entry per kind in {@link #ALL}.
 */
final class MailKinds {
  static final List<String> ATTENDING = List.of("going", "maybe", "waitlisted");
  /** A reminder says the event starts within a day; past this, the event was moved since. */
  private static final Duration REMINDER_LATEST = Duration.ofHours(25);

  /** The mail being rendered: its row's payload, the event and the RSVP (or null) as they are now. */
  record Context(JsonObject payload, Event event, MailStore.Rsvp rsvp, String baseUrl) {
    String status() {
      return rsvp == null ? null : rsvp.status();
    }

    String when() {
      return EventViews.when(event.startsAt(), event.endsAt(), event.zone());
    }
  }

  interface Kind {
    String subject(Context c);

    /** The iTIP METHOD of the invite this mail carries, or null for none. */
    default String method(Context c) {
      return null;
    }

    /** Why the mail no longer applies, or null to send it. */
    default String stale(Context c) {
      return null;
    }

    /** Adds what this kind's templates need to the model. */
    default void model(Context c, JsonObject model) {}

    default String replyTo(Context c, String organizer) {
      return organizer;
    }
  }

  private MailKinds() {}

  /**
   * The mails a person asked for by what they did (their RSVP and what happened to it, a feed
   * link they requested, a coffee chat they asked for or accepted): these still go after an unsubscribe, as RFC 8058 unsubscribes from a
   * list, not from receipts. Every other kind (organizer messages and follow-ups, reminders,
   * "already registered", connect requests, and any kind added later) is stopped by it: a new
   * kind must be named here to pass an unsubscribe.
   */
  static final Set<String> TRANSACTIONAL = Set.of(Outbox.RSVP_CONFIRMATION, Outbox.WAITLISTED,
      Outbox.PROMOTED, Outbox.RSVP_CANCELLED, Outbox.EVENT_UPDATED, Outbox.EVENT_CANCELLED,
      Outbox.FEED_LINK, Outbox.RSVP_PENDING, Outbox.RSVP_DECLINED, Outbox.SEAT_OFFERED,
      Outbox.OFFER_EXPIRED, Outbox.COFFEE_CHAT_ACCEPTED);

  static boolean transactional(String kind) {
    return TRANSACTIONAL.contains(kind);
  }

  /**
   * The group whose list a mail belongs to, for its unsubscribe link; null for all of Convene. A
   * feed link is about the person's calendar across every group, so its link stops all mail.
   */
  static java.util.UUID listOf(String kind, Event event) {
    return Outbox.FEED_LINK.equals(kind) ? null : event.groupId();
  }

  /** Every kind: these and the seat kinds (approval, claim window) of {@link SeatMailKinds}. */
  static final Map<String, Kind> ALL = merged(SeatMailKinds.ALL, Map.of(
      Outbox.RSVP_CONFIRMATION, new Kind() {
        public String subject(Context c) {
          return switch (c.status()) {
            case "going" -> c.payload().getBoolean("approved", false)
                ? "You're approved and going: " : "You're going: ";
            case "waitlisted" -> "You're on the waitlist: ";
            case "maybe" -> "You said maybe: ";
            default -> "You're not going: ";
          } + c.event().title();
        }

        public String method(Context c) {
          if ("going".equals(c.status())) return "REQUEST";
          // takes the earlier invite out of their calendar
          return "not_going".equals(c.status())
              && "going".equals(c.payload().getString("previousStatus")) ? "CANCEL" : null;
        }

        public String stale(Context c) {
          return "cancelled".equals(c.status()) ? "the RSVP was cancelled since" : null;
        }
      },
      Outbox.WAITLISTED, new Kind() {
        public String subject(Context c) {
          return "You're number " + c.rsvp().waitlistPosition() + " on the waitlist: " + c.event().title();
        }

        public String stale(Context c) {
          return "waitlisted".equals(c.status()) ? null : "no longer on the waitlist";
        }
      },
      Outbox.PROMOTED, new Kind() {
        public String subject(Context c) {
          return "A seat opened up, you're going: " + c.event().title();
        }

        public String method(Context c) {
          return "REQUEST";
        }

        public String stale(Context c) {
          return "going".equals(c.status()) ? null : "no longer going";
        }
      },
      Outbox.ALREADY_REGISTERED, c -> "You already answered: " + c.event().title(),
      Outbox.RSVP_CANCELLED, new Kind() {
        public String subject(Context c) {
          return "Your RSVP is cancelled: " + c.event().title();
        }

        public String method(Context c) {
          return "CANCEL";
        }

        public String stale(Context c) {
          return ATTENDING.contains(c.status()) ? "answered again since" : null;
        }
      },
      Outbox.EVENT_UPDATED, new Kind() {
        public String subject(Context c) {
          return "Changed: " + c.event().title() + ", " + c.when();
        }

        public String method(Context c) {
          return "REQUEST";
        }

        public String stale(Context c) {
          return c.event().isCancelled() ? "the event was cancelled since"
              : ATTENDING.contains(c.status()) ? null : "no longer attending";
        }

        public void model(Context c, JsonObject model) {
          model.put("changes", changes(c.payload()));
        }
      },
      Outbox.EVENT_CANCELLED, new Kind() {
        public String subject(Context c) {
          return "Cancelled: " + c.event().title();
        }

        public String method(Context c) {
          return "CANCEL";
        }

        public String stale(Context c) {
          return c.event().isCancelled() ? null : "the event was restored since";
        }
      },
      Outbox.REMINDER, new Kind() {
        public String subject(Context c) {
          return "Reminder: " + c.event().title() + ", " + c.when();
        }

        public String stale(Context c) {
          Event e = c.event();
          Instant now = Instant.now();
          return e.isCancelled() ? "the event was cancelled"
              : !e.startsAt().isAfter(now) ? "the event has started"
              : e.startsAt().isAfter(now.plus(REMINDER_LATEST)) ? "the event moved later"
              : !"going".equals(c.status()) ? "no longer going"
              : !c.rsvp().reminders() ? "reminders turned off" : null;
        }
      },
      Outbox.FEED_LINK, c -> "Your calendar feed link",
      Outbox.ORGANIZER_MESSAGE, new Kind() {
        public String subject(Context c) {
          return c.payload().getString("subject", "A message about " + c.event().title());
        }

        // an answer changed between queueing and sending takes the person out of the audience
        public String stale(Context c) {
          return c.rsvp() == null || !c.payload().containsKey("audiences")
              || c.rsvp().in(audiences(c)) ? null : "no longer in the chosen audience";
        }

        // the follow-up to who came points them to the people they met
        public void model(Context c, JsonObject model) {
          if (c.rsvp() != null && c.rsvp().checkedIn() && audiences(c).contains(Outbox.CHECKED_IN)) {
            model.put("peopleUrl", c.baseUrl() + "/r/" + c.rsvp().token() + "/people");
          }
        }

        public String replyTo(Context c, String organizer) {
          return c.payload().getString("replyTo", organizer);
        }

        private JsonArray audiences(Context c) {
          return c.payload().getJsonArray("audiences", new JsonArray());
        }
      }));

  @SafeVarargs
  private static Map<String, Kind> merged(Map<String, Kind>... parts) {
    Map<String, Kind> all = new java.util.HashMap<>();
    for (Map<String, Kind> p : parts) all.putAll(p);
    return Map.copyOf(all);
  }

  private static JsonArray changes(JsonObject payload) {
    JsonArray out = new JsonArray();
    JsonArray what = payload.getJsonArray("changed", new JsonArray());
    if (what.contains("time")) out.add("the time");
    if (what.contains("place")) out.add("the place");
    if (what.contains("online")) out.add("the online link");
    if (what.contains("status")) out.add("the status");
    return out;
  }
}
