package org.convene.mail;

import org.convene.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.convene.events.Event;
import org.convene.events.EventStore;
import org.convene.events.EventViews;
import org.convene.web.Templates;

/**
 * Turns an outbox row into a mail, at send time, from the rows it references. Rendering late
 * means a mail says how things are when it leaves (the current time and place, the latest invite
 * SEQUENCE, the waitlist position now), template fixes reach mails still queued, and the outbox
 * holds no copy of anyone's details: deleting an RSVP deletes its pending mails with it. A mail
 * that no longer applies (a reminder for an RSVP cancelled since) is skipped, not sent.
 */
public final class MailRenderer {
  private static final String RSVP = """
      SELECT r.id, r.event_id, r.token, r.email, r.name, r.status, r.guests, r.reminders,
        r.checked_in_at IS NOT NULL AS checked_in,
        (SELECT count(*) FROM rsvps w WHERE w.event_id = r.event_id AND w.status = 'waitlisted'
           AND w.arrival <= r.arrival) AS waitlist_position
      FROM rsvps r WHERE r.id = $1""";
  // Replies go to a person: the event's creator, or the group's first owner if that account is gone.
  private static final String ORGANIZER = """
      SELECT coalesce(
        (SELECT a.email FROM accounts a WHERE a.id = e.created_by),
        (SELECT a.email FROM group_members m JOIN accounts a ON a.id = m.account_id
          WHERE m.group_id = e.group_id AND m.role = 'owner' ORDER BY m.added_at LIMIT 1)) AS email
      FROM events e WHERE e.id = $1""";
  /** A reminder says the event starts within a day; past this, the event was moved since. */
  private static final java.time.Duration REMINDER_LATEST = java.time.Duration.ofHours(25);
  private static final Pattern METHOD = Pattern.compile("(?m)^METHOD:([A-Za-z-]+)\\r?$");
  static final List<String> ATTENDING = List.of("going", "maybe", "waitlisted");

  /** A mail to send, or the reason it no longer applies. */
  public record Outcome(Mail mail, String skipped) {
    static Outcome skip(String why) {
      return new Outcome(null, why);
    }
  }

  private record Rsvp(String eventId, String token, String email, String name, String status, int guests,
                      boolean reminders, boolean checkedIn, long waitlistPosition) {
    /** Whether this attendee is (still) in one of an organizer message's audiences. */
    boolean in(JsonArray audiences) {
      return audiences.contains(status)
          || audiences.contains(Outbox.CHECKED_IN) && checkedIn
          || audiences.contains(Outbox.NO_SHOW) && "going".equals(status) && !checkedIn;
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final EventStore events;
  private final InviteSource invites;
  private final FeedLinks feeds;
  private final String baseUrl;
  private final Templates.Mails templates = Templates.mails();

  public MailRenderer(Vertx vertx, Pool pool, EventStore events, InviteSource invites,
                      FeedLinks feeds, String baseUrl) {
    this.vertx = vertx;
    this.pool = pool;
    this.events = events;
    this.invites = invites;
    this.feeds = feeds;
    this.baseUrl = baseUrl;
  }

  /**
   * What the rows of one claimed batch share: a fan-out (an event update to 500 people) loads
   * its event and organizer once per batch. Only for one batch: it was claimed after the change
   * that caused it committed, so what it loads is never older than the mail.
   */
  public static final class Batch {
    private final Map<String, Future<Event>> events = new HashMap<>();
    private final Map<String, Future<String>> organizers = new HashMap<>();
    private final Map<String, Future<String>> feeds = new HashMap<>();
  }

  /**
   * Creates the feed links a batch's confirmations will carry in one statement, instead of one
   * write per mail. Best effort: a link not found here is asked for when its mail is rendered.
   */
  public Future<Void> prepare(List<OutboxStore.Claimed> rows, Batch batch) {
    List<String> emails = rows.stream()
        .filter(r -> carriesFeedLink(r.kind()))
        .map(OutboxStore.Claimed::recipient).toList();
    if (emails.isEmpty()) return Future.succeededFuture();
    return feeds.forEmails(emails).transform(ar -> {
      if (ar.succeeded()) {
        ar.result().forEach((email, url) -> batch.feeds.put(email, Future.succeededFuture(url)));
      }
      return Future.succeededFuture();
    });
  }

  private static boolean carriesFeedLink(String kind) {
    return Outbox.RSVP_CONFIRMATION.equals(kind) || Outbox.FEED_LINK.equals(kind);
  }

  public Future<Outcome> render(OutboxStore.Claimed row) {
    return render(row, new Batch());
  }

  public Future<Outcome> render(OutboxStore.Claimed row, Batch batch) {
    return rsvp(row).compose(rsvp -> {
      if (row.rsvpId() != null && rsvp == null) {
        return Future.succeededFuture(Outcome.skip("the RSVP is gone"));
      }
      // a feed link mail names no event: it is about the RSVP it was asked from
      String eventId = row.eventId() != null ? row.eventId() : rsvp == null ? null : rsvp.eventId();
      if (eventId == null) return Future.succeededFuture(Outcome.skip("the event is gone"));
      return batch.events.computeIfAbsent(eventId, events::findForRules).compose(event -> event == null
          ? Future.succeededFuture(Outcome.skip("the event is gone"))
          : batch.organizers.computeIfAbsent(event.id(), this::organizer)
              .compose(organizer -> render(row, event, rsvp, organizer, batch)));
    });
  }

  private Future<Outcome> render(OutboxStore.Claimed row, Event event, Rsvp rsvp, String organizer,
                                 Batch batch) {
    String why = stale(row.kind(), row.payload(), event, rsvp);
    if (why != null) return Future.succeededFuture(Outcome.skip(why));
    if (Outbox.PREPARED.equals(row.kind())) {
      JsonObject p = row.payload();
      return Future.succeededFuture(new Outcome(new Mail(row.recipient(),
          oneLine(p.getString("subject", event.title())), p.getString("text", ""),
          p.getString("html", ""), event.groupName(), p.getString("replyTo", organizer), null,
          null), null));
    }
    String status = rsvp == null ? null : rsvp.status();
    JsonObject model = new JsonObject()
        .put("baseUrl", baseUrl)
        .put("groupName", event.groupName())
        // the online link is for people with a seat, as on the event page
        .put("event", EventViews.page(event, baseUrl, "going".equals(status), Instant.now()))
        .put("payload", row.payload());
    if (rsvp != null) {
      model.put("person", new JsonObject().put("name", rsvp.name()).put("email", rsvp.email()))
          .put("status", status)
          .put("guests", rsvp.guests())
          .put("reminders", rsvp.reminders())
          .put("manageUrl", baseUrl + "/r/" + rsvp.token())
          .put("position", "waitlisted".equals(status) ? rsvp.waitlistPosition() : null);
    }
    String subject;
    String replyTo = organizer;
    String method = null;
    switch (row.kind()) {
      case Outbox.RSVP_CONFIRMATION -> {
        subject = switch (status) {
          case "going" -> "You're going: ";
          case "waitlisted" -> "You're on the waitlist: ";
          case "maybe" -> "You said maybe: ";
          default -> "You're not going: ";
        } + event.title();
        if ("going".equals(status)) {
          method = "REQUEST";
        } else if ("not_going".equals(status)
            && "going".equals(row.payload().getString("previousStatus"))) {
          method = "CANCEL"; // takes the earlier invite out of their calendar
        }
      }
      case Outbox.WAITLISTED -> subject = "You're number " + rsvp.waitlistPosition()
          + " on the waitlist: " + event.title();
      case Outbox.PROMOTED -> {
        subject = "A seat opened up, you're going: " + event.title();
        method = "REQUEST";
      }
      case Outbox.ALREADY_REGISTERED -> subject = "You already answered: " + event.title();
      case Outbox.RSVP_CANCELLED -> {
        subject = "Your RSVP is cancelled: " + event.title();
        method = "CANCEL";
      }
      case Outbox.EVENT_UPDATED -> {
        subject = "Changed: " + event.title() + ", " + EventViews.when(event.startsAt(),
            event.endsAt(), event.zone());
        model.put("changes", changes(row.payload()));
        method = "REQUEST";
      }
      case Outbox.EVENT_CANCELLED -> {
        subject = "Cancelled: " + event.title();
        method = "CANCEL";
      }
      case Outbox.REMINDER -> subject = "Reminder: " + event.title() + ", "
          + EventViews.when(event.startsAt(), event.endsAt(), event.zone());
      case Outbox.FEED_LINK -> subject = "Your calendar feed link";
      case Outbox.ORGANIZER_MESSAGE -> {
        subject = row.payload().getString("subject", "A message about " + event.title());
        String from = row.payload().getString("replyTo");
        if (from != null) replyTo = from;
        // the follow-up to who came points them to the people they met
        if (rsvp != null && rsvp.checkedIn()
            && row.payload().getJsonArray("audiences", new JsonArray()).contains(Outbox.CHECKED_IN)) {
          model.put("peopleUrl", baseUrl + "/r/" + rsvp.token() + "/people");
        }
      }
      default -> {
        return Future.failedFuture(new IllegalStateException("unknown mail kind " + row.kind()));
      }
    }
    Future<String> calendar = method == null ? Future.succeededFuture(null)
        : "CANCEL".equals(method) ? invites.cancel(event.id(), row.rsvpId())
        : invites.request(event.id(), row.rsvpId());
    // the feed link as it is now: a link rotated since the mail was queued is already dead
    Future<String> feed = carriesFeedLink(row.kind()) && rsvp != null
        ? batch.feeds.computeIfAbsent(rsvp.email(), feeds::forEmail)
        : Future.succeededFuture(null);
    String finalReplyTo = replyTo;
    String finalSubject = oneLine(subject);
    return Future.all(calendar, feed).compose(done -> {
      String ics = calendar.result();
      String feedUrl = feed.result();
      if (Outbox.FEED_LINK.equals(row.kind()) && feedUrl == null) {
        return Future.succeededFuture(Outcome.skip("no feed link to send"));
      }
      model.put("feedUrl", feedUrl).put("invite", ics != null)
          .put("webcalUrl", feedUrl == null ? null : feedUrl.replaceFirst("^https?://", "webcal://"));
      return vertx.executeBlocking(() -> {
        Templates.Parts parts = templates.render(row.kind(), model);
        return new Outcome(new Mail(row.recipient(), finalSubject, parts.text(), parts.html(),
            event.groupName(), finalReplyTo, ics, ics == null ? null : methodOf(ics)), null);
      }, false);
    });
  }

  /** Why a mail of this kind no longer applies to the event and RSVP as they are now, or null. */
  static String stale(String kind, JsonObject payload, Event event, Rsvp rsvp) {
    String status = rsvp == null ? null : rsvp.status();
    return switch (kind) {
      case Outbox.RSVP_CONFIRMATION -> "cancelled".equals(status) ? "the RSVP was cancelled since" : null;
      case Outbox.WAITLISTED -> "waitlisted".equals(status) ? null : "no longer on the waitlist";
      case Outbox.PROMOTED -> "going".equals(status) ? null : "no longer going";
      case Outbox.RSVP_CANCELLED -> ATTENDING.contains(status) ? "answered again since" : null;
      case Outbox.EVENT_UPDATED -> event.isCancelled() ? "the event was cancelled since"
          : ATTENDING.contains(status) ? null : "no longer attending";
      case Outbox.EVENT_CANCELLED -> event.isCancelled() ? null : "the event was restored since";
      case Outbox.REMINDER -> event.isCancelled() ? "the event was cancelled"
          : !event.startsAt().isAfter(Instant.now()) ? "the event has started"
          : event.startsAt().isAfter(Instant.now().plus(REMINDER_LATEST)) ? "the event moved later"
          : !"going".equals(status) ? "no longer going"
          : !rsvp.reminders() ? "reminders turned off" : null;
      // an answer changed between queueing and sending takes the person out of the audience
      case Outbox.ORGANIZER_MESSAGE -> rsvp == null || !payload.containsKey("audiences")
          || rsvp.in(payload.getJsonArray("audiences")) ? null : "no longer in the chosen audience";
      default -> null;
    };
  }

  /**
   * The METHOD inside the calendar, which the Content-Type must repeat (RFC 6047 2.4). Read from
   * the calendar itself, not assumed from the mail kind: the calendar feature may answer a CANCEL
   * to a request when the event or the RSVP was cancelled meanwhile.
   */
  static String methodOf(String ics) {
    Matcher m = METHOD.matcher(ics);
    if (!m.find()) throw new IllegalStateException("the invite has no METHOD");
    return m.group(1).toUpperCase(java.util.Locale.ROOT);
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

  private Future<Rsvp> rsvp(OutboxStore.Claimed row) {
    if (row.rsvpId() == null) return Future.succeededFuture(null);
    return pool.preparedQuery(RSVP).execute(Tuple.of(row.rsvpId())).map(rows -> {
      if (rows.size() == 0) return null;
      Row r = rows.iterator().next();
      return new Rsvp(r.getString("event_id"), r.getString("token"), r.getString("email"), r.getString("name"),
          r.getString("status"), r.getInteger("guests"), r.getBoolean("reminders"),
          r.getBoolean("checked_in"), r.getLong("waitlist_position"));
    });
  }

  private Future<String> organizer(String eventId) {
    return pool.preparedQuery(ORGANIZER).execute(Tuple.of(eventId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("email"));
  }

  private static String oneLine(String s) {
    return s.replaceAll("[\\r\\n\\t]+", " ").trim();
  }
}
