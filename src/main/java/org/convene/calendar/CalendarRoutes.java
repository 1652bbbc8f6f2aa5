package org.convene.calendar;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.core.http.HttpMethod;
import org.convene.web.ETags;
import org.convene.web.Shortcut;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.convene.events.EventPages;
import org.convene.outbox.Outbox;
import org.convene.rsvp.ManageParts;
import org.convene.rsvp.RsvpStore;
import org.convene.core.Problem;
import org.convene.web.RateLimiter;

/**
 * Calendar URLs: the one-event download, the group feed, the personal feed, and rotating a
 * personal feed link from the manage page. Every answer carries a strong ETag and Last-Modified
 * computed from one small query (see CalendarStore), so a calendar app polling an unchanged feed
 * gets a 304 without a single event being loaded or rendered.
 */
public final class CalendarRoutes {
  private static final String CONTENT_TYPE = "text/calendar; charset=utf-8";
  // Bumped whenever the rendering changes, so clients do not keep a copy in the old format.
  private static final String FORMAT = "ics-1";
  /** The public calendars' lifetime in caches, as Netty's byte string (the 304 shortcut's hot path). */
  private static final CharSequence PUBLIC =
      io.vertx.core.http.HttpHeaders.createOptimized("public, max-age=300");
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private final RsvpStore rsvps;
  private final Pool pool;
  private final CalendarStore store;
  private final String baseUrl;
  private final String organizerEmail;
  private final RenderCache cache;
  private final RateLimiter limits;
  private final Clock clock;

  /**
   * {@code organizerEmail} is the sending address (MAIL_FROM, with or without a display name),
   * the ORGANIZER of every event;
   * {@code cache} is shared by the verticles of one instance.
   */
  private final FeedStates states;

  public CalendarRoutes(Pool pool, RsvpStore rsvps, String baseUrl, String organizerEmail,
                        RenderCache cache, FeedStates states, RateLimiter limits, Clock clock) {
    this.states = states;
    this.pool = pool;
    this.rsvps = rsvps;
    this.store = new CalendarStore(pool);
    this.baseUrl = baseUrl;
    this.organizerEmail = Invites.organizerAddress(organizerEmail);
    this.cache = cache;
    this.limits = limits;
    this.clock = clock;
  }

  public void mount(Router r) {
    r.get("/e/:event/event.ics").handler(this::eventIcs);
    r.head("/e/:event/event.ics").handler(this::eventIcs);
    r.get("/g/:group/calendar.ics").handler(this::groupFeed);
    r.head("/g/:group/calendar.ics").handler(this::groupFeed);
    r.get("/feeds/:feedToken/calendar.ics").handler(this::personalFeed);
    r.head("/feeds/:feedToken/calendar.ics").handler(this::personalFeed);
    r.post("/r/:token/feed/rotate").handler(this::rotateFeedFromForm);
  }

  /** The "Add to calendar" part of the event page (links only for events still to come). */
  public Future<JsonObject> pagePart(EventPages.PageContext pc) {
    var e = pc.event();
    if (e.isDraft() || e.isCancelled() || !e.endsAt().isAfter(clock.instant())) {
      return Future.succeededFuture(new JsonObject());
    }
    return Future.succeededFuture(new JsonObject().put("calendar", CalendarLinks.forEvent(e, baseUrl)));
  }

  /**
   * The manage page's calendar parts: "Add to calendar" while the RSVP and the event are on, and
   * the form that replaces the personal feed link (which the page itself never shows).
   */
  public Future<JsonObject> managePart(ManageParts.Context mc) {
    var e = mc.event();
    String status = mc.rsvp().status();
    boolean attending = RsvpInfo.GOING.equals(status) || RsvpInfo.WAITLISTED.equals(status)
        || RsvpInfo.MAYBE.equals(status);
    JsonObject part = new JsonObject().put("feed", new JsonObject()
        .put("rotateAction", "/r/" + mc.rsvp().token() + "/feed/rotate")
        .put("sent", "feed-link-sent".equals(mc.ctx().request().getParam("notice"))));
    if (attending && !e.isCancelled() && e.endsAt().isAfter(clock.instant())) {
      part.put("calendar", CalendarLinks.forEvent(e, baseUrl));
    }
    return Future.succeededFuture(part);
  }

  // ---- calendars ----

  private void eventIcs(RoutingContext ctx) {
    String id = ctx.pathParam("event");
    if (!org.convene.events.EventStore.isId(id)) {
      ctx.fail(Problem.notFound());
      return;
    }
    states.event(id, () -> store.eventState(id)).compose(state -> {
      if (state == null) return Future.failedFuture(Problem.notFound());
      String etag = etag("e", id, state.groupId(), state.version());
      String disposition = "attachment; filename=\"" + fileName(state.title()) + ".ics\"";
      return answer(ctx, etag, state.changedAt(), PUBLIC, disposition,
          () -> store.event(id).compose(e -> e == null
              ? Future.failedFuture(Problem.notFound())
              : render(ctx, () -> Invites.publish(e, organizerEmail, baseUrl))));
    }).onFailure(ctx::fail);
  }

  private void groupFeed(RoutingContext ctx) {
    FeedWindow window = FeedWindow.today(clock);
    String slug = ctx.pathParam("group");
    states.group(slug, () -> store.groupState(slug)).compose(g -> {
      if (g == null) return Future.failedFuture(Problem.notFound());
      String etag = groupEtag(g, window);
      return answer(ctx, etag, groupChanged(g, window), PUBLIC, null,
          () -> store.groupEvents(g.id(), window).compose(events -> render(ctx,
              () -> Feeds.group(g.name(), baseUrl + "/g/" + g.slug(), events, organizerEmail,
                  window, baseUrl))));
    }).onFailure(ctx::fail);
  }

  private static final String GROUP_PREFIX = "/g/";
  private static final String FEED_SUFFIX = "/calendar.ics";
  private static final int MAX_NOT_MODIFIED = 10_000;

  /** A group feed's 304 for one version of the group and one day: the same for every poller. */
  private record NotModified(CalendarStore.GroupState state, LocalDate day, String etag,
                             Shortcut.Answer answer) {}

  /** By group slug; rebuilt when the group's state object or the day changes. */
  private final Map<String, NotModified> notModified = new ConcurrentHashMap<>();

  /**
   * The group feed's 304, before any routing, when this node knows the group's version (see
   * FeedStates): what every calendar app polling a group feed asks, most of the time. Its ETag,
   * dates and headers are built once per group version and day, not per poll (a SHA-256 and a
   * date format per request were a fifth of a 304's time, JFR in bench/run.sh's feed phase).
   */
  public Shortcut.Answer groupFeedNotModified(HttpServerRequest req) {
    if ((req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD)
        || req.query() != null) {
      return null;
    }
    String inm = req.getHeader(io.vertx.core.http.HttpHeaders.IF_NONE_MATCH);
    if (inm == null) return null;
    String slug = groupFeedSlug(req.path());
    if (slug == null) return null;
    CalendarStore.GroupState g = states.knownGroup(slug);
    if (g == null) return null;
    FeedWindow window = FeedWindow.today(clock);
    NotModified nm = notModified.get(slug);
    if (nm == null || !nm.day().equals(window.day()) || (nm.state() != g && !nm.state().equals(g))) {
      String etag = groupEtag(g, window);
      Instant lastModified = lastModified(groupChanged(g, window));
      nm = new NotModified(g, window.day(), etag, new Shortcut.Answer(304,
          io.vertx.core.http.HttpHeaders.ETAG, io.vertx.core.http.HttpHeaders.createOptimized(etag),
          io.vertx.core.http.HttpHeaders.LAST_MODIFIED,
          io.vertx.core.http.HttpHeaders.createOptimized(HTTP_DATE.format(lastModified)),
          io.vertx.core.http.HttpHeaders.CACHE_CONTROL, PUBLIC));
      // groups come and go: a bound, not an eviction policy (a miss costs one rebuild)
      if (notModified.size() >= MAX_NOT_MODIFIED) notModified.clear();
      notModified.put(slug, nm);
    }
    return ETags.matches(inm, nm.etag()) ? nm.answer() : null;
  }

  /** The slug of {@code /g/{slug}/calendar.ics}, or null; what the route's pattern would take. */
  static String groupFeedSlug(String path) {
    if (path == null || !path.startsWith(GROUP_PREFIX) || !path.endsWith(FEED_SUFFIX)) return null;
    int from = GROUP_PREFIX.length();
    int to = path.length() - FEED_SUFFIX.length();
    if (to <= from) return null;
    for (int i = from; i < to; i++) {
      char c = path.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-';
      if (!ok) return null;
    }
    return path.substring(from, to);
  }

  /** What the group feed's body depends on: the group's version and the day of its window. */
  private String groupEtag(CalendarStore.GroupState g, FeedWindow window) {
    return etag("g", g.id(), g.version(), window.day());
  }

  private static Instant groupChanged(CalendarStore.GroupState g, FeedWindow window) {
    return CalendarStore.latest(g.changedAt(), window.dayStart());
  }

  /** HTTP dates have whole seconds. */
  private static Instant lastModified(Instant changed) {
    return changed.truncatedTo(ChronoUnit.SECONDS);
  }

  private void personalFeed(RoutingContext ctx) {
    String token = ctx.pathParam("feedToken");
    ctx.response().putHeader("Referrer-Policy", "no-referrer").putHeader("X-Robots-Tag", "noindex");
    if (!FeedTokenStore.wellFormed(token)) {
      ctx.fail(Problem.notFound());
      return;
    }
    FeedWindow window = FeedWindow.today(clock);
    store.personState(token).compose(p -> {
      if (p == null) return Future.failedFuture(Problem.notFound());
      String etag = etag("p", token, p.version(), p.rsvpPrint(), p.groupsPrint(), window.day());
      Instant changed = CalendarStore.latest(p.changedAt(), window.dayStart());
      return answer(ctx, etag, changed, "private, max-age=300", null,
          () -> store.personEntries(p.email(), window).compose(entries -> render(ctx,
              () -> Feeds.personal(entries, organizerEmail, window, baseUrl))));
    }).onFailure(ctx::fail);
  }

  /**
   * 304 when the client's copy is current; otherwise the rendered calendar, from the cache when
   * this ETag was rendered before. {@code render} runs only on a miss. {@code disposition} is
   * the Content-Disposition of a download, or null.
   */
  private Future<Void> answer(RoutingContext ctx, String etag, Instant changed, CharSequence cacheControl,
                              String disposition, Supplier<Future<Buffer>> render) {
    Instant lastModified = lastModified(changed);
    if (notModified(ctx.request(), etag, lastModified)) {
      return validators(ctx.response(), etag, lastModified, cacheControl).setStatusCode(304).end();
    }
    Buffer cached = cache.get(etag);
    Future<Buffer> body = cached != null ? Future.succeededFuture(cached)
        : render.get().onSuccess(b -> cache.put(etag, b));
    // Validators only on a real answer: an error page must not carry the calendar's ETag.
    return body.compose(b -> {
      HttpServerResponse res = validators(ctx.response(), etag, lastModified, cacheControl)
          .putHeader("Content-Type", CONTENT_TYPE);
      if (disposition != null) res.putHeader("Content-Disposition", disposition);
      return res.end(b);
    });
  }

  private static HttpServerResponse validators(HttpServerResponse res, String etag,
                                               Instant lastModified, CharSequence cacheControl) {
    return res.putHeader("ETag", etag)
        .putHeader("Last-Modified", HTTP_DATE.format(lastModified))
        .putHeader("Cache-Control", cacheControl);
  }

  /** iCal4j work off the event loop: a 5,000-event feed takes tens of milliseconds. */
  private static Future<Buffer> render(RoutingContext ctx, Supplier<String> ics) {
    return ctx.vertx().executeBlocking(
        () -> Buffer.buffer(ics.get().getBytes(StandardCharsets.UTF_8)), false);
  }

  /** RFC 9110 13.1.2 and 13.1.3: If-None-Match wins; If-Modified-Since only without it. */
  static boolean notModified(HttpServerRequest req, String etag, Instant lastModified) {
    String inm = req.getHeader("If-None-Match");
    if (inm != null) return ETags.matches(inm, etag);
    String ims = req.getHeader("If-Modified-Since");
    if (ims == null) return false;
    try {
      Instant since = ZonedDateTime.parse(ims.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return !lastModified.isAfter(since);
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** A strong ETag over everything the body depends on, including the public address. */
  private String etag(String kind, Object... parts) {
    StringBuilder s = new StringBuilder(FORMAT).append('|').append(baseUrl).append('|')
        .append(organizerEmail);
    for (Object p : parts) s.append('|').append(p);
    return ETags.strong(kind, s.toString().getBytes(StandardCharsets.UTF_8));
  }

  static String fileName(String title) {
    String s = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    if (s.length() > 60) s = s.substring(0, 60).replaceAll("-+$", "");
    return s.isEmpty() ? "event" : s;
  }

  // ---- manage page: a new feed link ----

  private static final int ROTATIONS_PER_MINUTE = 3;

  /**
   * Replaces the attendee's feed token (the old URL answers 404 at once) and mails the new link
   * in the same transaction. The page never shows it: whoever merely holds the manage link must
   * not learn the feed address.
   */
  private void rotateFeedFromForm(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    if (!token.matches("[A-Za-z0-9_-]{16,64}")) {
      ctx.fail(Problem.notFound());
      return;
    }
    // each rotation sends a mail: a few a minute is plenty for a person
    // the manage link is read the one way every page reads it: its use verifies the address
    limits.hit("feed-rotate:" + token, ROTATIONS_PER_MINUTE)
        .compose(ok -> rsvps.byToken(token))
        .compose(r -> r == null ? Future.failedFuture(Problem.notFound())
            : store.rotateFeed(r.id(), r.email(), feed -> new JsonObject()
            .put("feedUrl", FeedTokenStore.feedUrl(baseUrl, feed))
            .put("webcalUrl", FeedTokenStore.webcalUrl(baseUrl, feed))
            .put("rotated", true)))
        .onSuccess(v -> ctx.response().setStatusCode(303)
            .putHeader("Location", "/r/" + token + "?notice=feed-link-sent")
            .putHeader("Cache-Control", "no-store").end())
        .onFailure(ctx::fail);
  }
}
