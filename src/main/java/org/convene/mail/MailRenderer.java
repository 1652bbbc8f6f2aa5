package org.convene.mail;

import org.convene.outbox.OutboxStore;
import org.convene.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.convene.events.Event;
import org.convene.events.EventStore;
import org.convene.events.EventViews;
import org.convene.people.ConnectMails;
import org.convene.web.Templates;

/**
 * Turns an outbox row into a mail, at send time, from the rows it references. Rendering late
 * means a mail says how things are when it leaves (the current time and place, the latest invite
 * SEQUENCE, the waitlist position now), template fixes reach mails still queued, and the outbox
 * holds no copy of anyone's details: deleting an RSVP deletes its pending mails with it. A mail
 * that no longer applies (a reminder for an RSVP cancelled since) is skipped, not sent.
 */
public final class MailRenderer {
  private static final Pattern METHOD = Pattern.compile("(?m)^METHOD:([A-Za-z-]+)\\r?$");
  static final List<String> ATTENDING = MailKinds.ATTENDING;

  /** A mail to send, or the reason it no longer applies. */
  public record Outcome(Mail mail, String skipped) {
    static Outcome skip(String why) {
      return new Outcome(null, why);
    }
  }

  private final Vertx vertx;
  private final MailStore store;
  private final EventStore events;
  private final InviteSource invites;
  private final FeedLinks feeds;
  private final String baseUrl;
  private final UnsubscribeTokens unsubscribes;
  private final SuppressionStore suppressions;
  private final Templates.Mails templates = Templates.mails();
  private final ConnectMails connects;
  private final CoffeeChatMails coffeeChats;
  private final MemberMails members;
  private final AnnouncementMails announcements;

  public MailRenderer(Vertx vertx, Pool pool, EventStore events, InviteSource invites,
                      FeedLinks feeds, String baseUrl, UnsubscribeTokens unsubscribes) {
    this.vertx = vertx;
    this.store = new MailStore(pool);
    this.suppressions = new SuppressionStore(pool);
    this.unsubscribes = unsubscribes;
    this.events = events;
    this.invites = invites;
    this.feeds = feeds;
    this.baseUrl = baseUrl;
    this.connects = new ConnectMails(pool, baseUrl);
    this.coffeeChats = new CoffeeChatMails(pool, baseUrl);
    this.members = new MemberMails(pool, baseUrl);
    this.announcements = new AnnouncementMails(vertx, pool, events, baseUrl, unsubscribes);
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
    private final Map<String, Future<SuppressionStore.Suppressed>> suppressed = new HashMap<>();
  }

  /**
   * Creates the feed links a batch's confirmations will carry, and reads the unsubscribes of its
   * other mails' recipients, one statement each instead of one per mail. Best effort: what is
   * not found here is asked for when its mail is rendered.
   */
  public Future<Void> prepare(List<OutboxStore.Claimed> rows, Batch batch) {
    List<String> emails = rows.stream()
        .filter(r -> carriesFeedLink(r.kind()))
        .map(OutboxStore.Claimed::recipient).toList();
    List<String> suppressible = rows.stream()
        .filter(r -> !MailKinds.transactional(r.kind()))
        .map(OutboxStore.Claimed::recipient).toList();
    Future<Void> links = emails.isEmpty() ? Future.succeededFuture()
        : feeds.forEmails(emails).transform(ar -> {
          if (ar.succeeded()) {
            ar.result().forEach((email, url) -> batch.feeds.put(email, Future.succeededFuture(url)));
          }
          return Future.succeededFuture();
        });
    Future<Void> stopped = suppressible.isEmpty() ? Future.succeededFuture()
        : suppressions.of(suppressible).transform(ar -> {
          if (ar.succeeded()) {
            ar.result().forEach((email, s) -> batch.suppressed.put(email, Future.succeededFuture(s)));
          }
          return Future.succeededFuture();
        });
    return Future.join(links, stopped).transform(x -> Future.succeededFuture());
  }

  private static boolean carriesFeedLink(String kind) {
    return Outbox.RSVP_CONFIRMATION.equals(kind) || Outbox.FEED_LINK.equals(kind);
  }

  public Future<Outcome> render(OutboxStore.Claimed row) {
    return render(row, new Batch());
  }

  public Future<Outcome> render(OutboxStore.Claimed row, Batch batch) {
    if (CoffeeChatMails.KINDS.contains(row.kind())) {
      return aboutMembers(row, batch, MailKinds.transactional(row.kind()),
          coffeeChats.render(row.kind(), row.payload(), invites.organizerAddress()));
    }
    if (MemberMails.KINDS.contains(row.kind())) {
      return aboutMembers(row, batch, MemberMails.transactional(row.payload()),
          members.render(row.payload()));
    }
    if (AnnouncementMails.KINDS.contains(row.kind())) {
      return aboutMembers(row, batch, false,
          announcements.render(row.kind(), row.eventId(), row.payload()));
    }
    return store.rsvp(row.rsvpId()).compose(rsvp -> {
      if (row.rsvpId() != null && rsvp == null) {
        return Future.succeededFuture(Outcome.skip("the RSVP is gone"));
      }
      // a feed link mail names no event: it is about the RSVP it was asked from
      String eventId = row.eventId() != null ? row.eventId() : rsvp == null ? null : rsvp.eventId();
      if (eventId == null) return Future.succeededFuture(Outcome.skip("the event is gone"));
      return batch.events.computeIfAbsent(eventId, events::findForRules).compose(event -> event == null
          ? Future.succeededFuture(Outcome.skip("the event is gone"))
          : batch.organizers.computeIfAbsent(event.id(), store::organizer)
              .compose(organizer -> render(row, event, rsvp, organizer, batch)));
    });
  }

  /**
   * Checked when the mail is sent, not when it is queued, so an unsubscribe also stops the mails
   * already waiting (a fan-out queued a minute before the click).
   */
  private Future<Outcome> render(OutboxStore.Claimed row, Event event, MailStore.Rsvp rsvp,
                                 String organizer, Batch batch) {
    UUID list = MailKinds.listOf(row.kind(), event);
    if (MailKinds.transactional(row.kind())) {
      return render(row, event, rsvp, organizer, batch, list);
    }
    return batch.suppressed.computeIfAbsent(UnsubscribeTokens.normalized(row.recipient()),
            suppressions::of)
        .compose(s -> s.covers(list) ? Future.succeededFuture(Outcome.skip("unsubscribed"))
            : render(row, event, rsvp, organizer, batch, list));
  }

  private Future<Outcome> render(OutboxStore.Claimed row, Event event, MailStore.Rsvp rsvp,
                                 String organizer, Batch batch, UUID list) {
    String unsubscribeUrl = baseUrl + "/u/" + unsubscribes.seal(row.recipient(), list);
    if (Outbox.PREPARED.equals(row.kind())) {
      JsonObject p = row.payload();
      return Future.succeededFuture(new Outcome(new Mail(row.recipient(),
          oneLine(p.getString("subject", event.title())), p.getString("text", ""),
          p.getString("html", ""), event.groupName(), p.getString("replyTo", organizer), null,
          null, unsubscribeUrl), null));
    }
    if (ConnectMails.KINDS.contains(row.kind())) {
      return connects.render(row.kind(), row.payload(), row.rsvpId(), event).map(r ->
          r.skipped() != null ? Outcome.skip(r.skipped())
              : new Outcome(new Mail(row.recipient(), oneLine(r.subject()), r.text(), r.html(),
                  event.groupName(), r.replyTo() == null ? organizer : r.replyTo(), null, null,
                  unsubscribeUrl), null));
    }
    MailKinds.Kind kind = MailKinds.ALL.get(row.kind());
    if (kind == null) {
      return Future.failedFuture(new IllegalStateException("unknown mail kind " + row.kind()));
    }
    MailKinds.Context c = new MailKinds.Context(row.payload(), event, rsvp, baseUrl);
    String why = kind.stale(c);
    if (why != null) return Future.succeededFuture(Outcome.skip(why));
    JsonObject model = model(c).put("unsubscribeUrl", unsubscribeUrl);
    kind.model(c, model);
    String method = kind.method(c);
    Future<String> calendar = method == null ? Future.succeededFuture(null)
        : "CANCEL".equals(method) ? invites.cancel(event.id(), row.rsvpId())
        : invites.request(event.id(), row.rsvpId());
    // the feed link as it is now: a link rotated since the mail was queued is already dead
    Future<String> feed = carriesFeedLink(row.kind()) && rsvp != null
        ? batch.feeds.computeIfAbsent(rsvp.email(), feeds::forEmail)
        : Future.succeededFuture(null);
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
        return new Outcome(new Mail(row.recipient(), oneLine(kind.subject(c)), parts.text(),
            parts.html(), event.groupName(), kind.replyTo(c, organizer), ics,
            ics == null ? null : methodOf(ics), unsubscribeUrl), null);
      }, false);
    });
  }

  /**
   * A mail about members, with no event: a coffee chat's, a member's link, an announcement. A coffee-chat
   * request is mail its recipient did not ask for, so an unsubscribe from the group (or from
   * everything) stops it; the mails of an accepted chat are what both asked for.
   */
  private Future<Outcome> aboutMembers(OutboxStore.Claimed row, Batch batch,
                                       boolean transactional,
                                       Future<CoffeeChatMails.Rendered> rendered) {
    return rendered.compose(r -> {
      if (r.skipped() != null) return Future.succeededFuture(Outcome.skip(r.skipped()));
      Future<Boolean> stopped = transactional ? Future.succeededFuture(false)
          : batch.suppressed.computeIfAbsent(UnsubscribeTokens.normalized(row.recipient()),
              suppressions::of).map(s -> s.covers(r.groupId()));
      return stopped.map(stop -> stop ? Outcome.skip("unsubscribed")
          : new Outcome(new Mail(row.recipient(), oneLine(r.subject()), r.text(), r.html(),
              r.groupName(), r.replyTo(), r.calendar(),
              r.calendar() == null ? null : methodOf(r.calendar()),
              baseUrl + "/u/" + unsubscribes.seal(row.recipient(), r.groupId())), null));
    });
  }

  /** What every mail's templates get: the event, the group, and the person it is for. */
  private JsonObject model(MailKinds.Context c) {
    String status = c.status();
    JsonObject model = new JsonObject()
        .put("baseUrl", baseUrl)
        .put("groupName", c.event().groupName())
        // the online link is for people with a seat, as on the event page
        .put("event", EventViews.page(c.event(), baseUrl, "going".equals(status), Instant.now()))
        .put("payload", c.payload());
    MailStore.Rsvp rsvp = c.rsvp();
    if (rsvp != null) {
      model.put("person", new JsonObject().put("name", rsvp.name()).put("email", rsvp.email()))
          .put("status", status)
          .put("guests", rsvp.guests())
          .put("reminders", rsvp.reminders())
          .put("manageUrl", baseUrl + "/r/" + rsvp.token())
          .put("position", "waitlisted".equals(status) ? rsvp.waitlistPosition() : null);
    }
    return model;
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

  private static final Pattern BREAKS = Pattern.compile("[\\r\\n\\t]+");

  private static String oneLine(String s) {
    return BREAKS.matcher(s).replaceAll(" ").trim();
  }
}
