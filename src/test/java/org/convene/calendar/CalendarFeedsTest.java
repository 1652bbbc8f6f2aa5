package org.convene.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.db.Ids;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The calendar URLs as calendar apps use them: what they hold, and the validators that let an
 * app poll every few minutes for the price of one small query. Two instances on one database
 * play a cluster behind a load balancer.
 */
class CalendarFeedsTest {
  static final String BASE = "https://events.example.org";
  static TestServer server;
  static TestServer other;
  static String token;

  @BeforeAll
  static void start() {
    var db = TestDb.fresh();
    Map<String, String> env = Map.of("BASE_URL", BASE, "MAIL_FROM", "Convene Events <events@example.org>");
    server = TestServer.start(db, env);
    other = TestServer.start(db, env);
    token = server.organizerToken("olga@example.org");
  }

  @AfterAll
  static void stop() {
    other.close();
    server.close();
  }

  static JsonObject event(String group, JsonObject fields) {
    return server.createEvent(token, group, fields);
  }

  static HttpResponse<Buffer> patch(String id, JsonObject fields) {
    var r = server.patchJson("/api/v1/events/" + id, fields, "Authorization", "Bearer " + token);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r;
  }

  static Row sql(String sql, Object... params) {
    var rows = server.app.pool().preparedQuery(sql).execute(Tuple.from(params)).await();
    return rows.size() == 0 ? null : rows.iterator().next();
  }

  /** An RSVP of the person's own: its link was opened, so its address is verified. */
  static UUID rsvp(String eventId, String email, String response, String status) {
    return sql("""
        INSERT INTO rsvps (event_id, token, email, name, response, status, verified_at)
        VALUES ($1, $2, $3, $4, $5, $6, now()) RETURNING id""",
        eventId, Ids.token(), email, "Ann Lee", response, status).getUUID("id");
  }

  static JsonObject event(JsonObject read, String uid) {
    for (Object o : read.getJsonArray("events")) {
      if (((JsonObject) o).getString("uid").equals(uid)) return (JsonObject) o;
    }
    return null;
  }

  // ---- the one-event download ----

  @Test
  void theDownloadIsAValidCalendarWithValidatorsAndAFileName() throws Exception {
    server.createGroup(token, "kolkata-alumni");
    JsonObject e = event("kolkata-alumni", new JsonObject().put("title", "Mentoring: evening, 2030")
        .put("timeZone", "Asia/Kolkata").put("startsAt", "2030-01-15T18:30")
        .put("endsAt", "2030-01-15T21:00").put("onlineUrl", "https://meet.example.org/private"));
    String path = "/e/" + e.getString("id") + "/event.ics";
    var r = server.get(path, "Accept-Encoding", "gzip, deflate");
    assertEquals(200, r.statusCode());
    assertEquals("text/calendar; charset=utf-8", r.getHeader("Content-Type"));
    assertEquals("attachment; filename=\"mentoring-evening-2030.ics\"", r.getHeader("Content-Disposition"));
    assertEquals("public, max-age=300", r.getHeader("Cache-Control"));
    assertEquals(null, r.getHeader("Content-Encoding"));
    String etag = r.getHeader("ETag");
    assertTrue(etag.matches("\"[a-z]-[0-9a-f]{32}\""), etag);
    assertNotNull(r.getHeader("Last-Modified"));
    JsonObject read = IcsChecks.valid(r.bodyAsString());
    assertEquals("PUBLISH", read.getString("method"));
    JsonObject ev = read.getJsonArray("events").getJsonObject(0);
    assertEquals(e.getString("id") + "@convene", ev.getString("uid"));
    assertEquals("2030-01-15T13:00:00.000Z", ev.getString("startUtc"));
    assertEquals("Asia/Kolkata", ev.getString("startTzid"));
    assertEquals(0, ev.getInteger("sequence"));
    assertEquals(BASE + "/e/" + e.getString("id"), ev.getString("url"));
    assertEquals("mailto:events@example.org", ev.getJsonObject("organizer").getString("value"));
    assertFalse(r.bodyAsString().contains("meet.example.org"), "no online link in the public download");

    assertEquals(304, server.get(path, "If-None-Match", etag).statusCode());
    var head = server.send(io.vertx.core.http.HttpMethod.HEAD, path, null);
    assertEquals(200, head.statusCode());
    assertEquals(etag, head.getHeader("ETag"));
    assertEquals(null, head.body());
    var ims = server.get(path, "If-Modified-Since", r.getHeader("Last-Modified"));
    assertEquals(304, ims.statusCode());
    assertEquals(0, ims.body() == null ? 0 : ims.body().length());
    assertEquals(etag, ims.getHeader("ETag"));

    patch(e.getString("id"), new JsonObject().put("capacity", 40));
    var unchanged = IcsChecks.valid(server.get(path).bodyAsString()).getJsonArray("events").getJsonObject(0);
    assertEquals(0, unchanged.getInteger("sequence"), "capacity is not a calendar change");

    // DTSTAMP comes from the event's last change, in whole seconds (iCalendar has no finer unit):
    // an edit in the same second as the creation could not be later, so step past that second
    Thread.sleep(1100);
    patch(e.getString("id"), new JsonObject().put("venue", "Library, Room 4"));
    var moved = server.get(path, "If-None-Match", etag);
    assertEquals(200, moved.statusCode());
    assertNotEquals(etag, moved.getHeader("ETag"));
    JsonObject after = IcsChecks.valid(moved.bodyAsString()).getJsonArray("events").getJsonObject(0);
    assertEquals(1, after.getInteger("sequence"), "the place changed once");
    assertEquals(ev.getString("uid"), after.getString("uid"));
    assertTrue(after.getString("location").startsWith("Library, Room 4"));
    assertTrue(after.getString("dtstamp").compareTo(ev.getString("dtstamp")) > 0);
  }

  @Test
  void draftsAndUnknownEventsHaveNoCalendar() {
    server.createGroup(token, "drafty");
    JsonObject e = event("drafty", new JsonObject().put("status", "draft"));
    assertEquals(404, server.get("/e/" + e.getString("id") + "/event.ics").statusCode());
    assertEquals(404, server.get("/e/nosuchevent000000000/event.ics").statusCode());
    assertEquals(404, server.get("/g/no-such-group/calendar.ics").statusCode());
    assertEquals(404, server.get("/feeds/" + Ids.token() + "/calendar.ics").statusCode());
    assertEquals(404, server.get("/feeds/short/calendar.ics").statusCode());
  }

  // ---- the group feed ----

  @Test
  void theGroupFeedHoldsPublishedAndRecentlyCancelledEventsAndAnswers304() throws Exception {
    server.createGroup(token, "berlin-feed");
    JsonObject on = event("berlin-feed", new JsonObject().put("title", "Winter mixer")
        .put("onlineUrl", "https://meet.example.org/group-secret"));
    JsonObject off = event("berlin-feed", new JsonObject().put("title", "Spring panel")
        .put("startsAt", "2030-04-01T18:00").put("endsAt", "2030-04-01T20:00"));
    server.postJson("/api/v1/events/" + off.getString("id") + "/cancel", new JsonObject(),
        "Authorization", "Bearer " + token);
    JsonObject draft = event("berlin-feed", new JsonObject().put("status", "draft").put("title", "Secret draft"));
    JsonObject old = event("berlin-feed", new JsonObject().put("title", "Long ago")
        .put("startsAt", "2020-01-15T18:30").put("endsAt", "2020-01-15T21:00"));

    String path = "/g/berlin-feed/calendar.ics";
    var r = server.get(path);
    assertEquals(200, r.statusCode());
    assertEquals("text/calendar; charset=utf-8", r.getHeader("Content-Type"));
    assertEquals("public, max-age=300", r.getHeader("Cache-Control"));
    JsonObject read = IcsChecks.valid(r.bodyAsString());
    assertEquals("Group berlin-feed (Convene)", read.getString("calname"));
    assertEquals("PT1H", read.getString("refreshInterval"));
    assertEquals("PT1H", read.getString("publishedTtl"));
    assertTrue(read.getString("description").contains("90 days"));
    assertEquals("CONFIRMED", event(read, on.getString("id") + "@convene").getString("status"));
    assertEquals("CANCELLED", event(read, off.getString("id") + "@convene").getString("status"));
    assertEquals(null, event(read, draft.getString("id") + "@convene"));
    assertEquals(null, event(read, old.getString("id") + "@convene"));
    assertFalse(r.bodyAsString().contains("group-secret"), "no online link in a group feed");

    String etag = r.getHeader("ETag");
    for (int i = 0; i < 2; i++) {  // the second 304 is the one built before, from memory
      var same = server.get(path, "If-None-Match", etag);
      assertEquals(304, same.statusCode());
      assertEquals(etag, same.getHeader("ETag"));
      assertEquals(r.getHeader("Last-Modified"), same.getHeader("Last-Modified"));
      assertEquals(r.getHeader("Cache-Control"), same.getHeader("Cache-Control"));
      assertEquals("nosniff", same.getHeader("X-Content-Type-Options"));
      assertEquals("", same.bodyAsString() == null ? "" : same.bodyAsString());
    }
    assertEquals(200, server.get(path, "If-None-Match", "\"x-0\"").statusCode());
    assertEquals(304, server.get(path, "If-None-Match", "\"x-0\", " + etag).statusCode());
    assertEquals(304, server.get(path, "If-Modified-Since", r.getHeader("Last-Modified")).statusCode());

    // a deletion changes the feed, its ETag and its Last-Modified
    sql("DELETE FROM events WHERE id = $1", on.getString("id"));
    var gone = afterChangeHeard(path, etag);
    assertEquals(200, gone.statusCode());
    assertNotEquals(etag, gone.getHeader("ETag"));
    assertTrue(httpDate(gone.getHeader("Last-Modified")).compareTo(httpDate(r.getHeader("Last-Modified"))) >= 0);
    assertEquals(null, event(IcsChecks.valid(gone.bodyAsString()), on.getString("id") + "@convene"));

    // renaming the group renames the calendar
    String before = gone.getHeader("ETag");
    server.patchJson("/api/v1/groups/berlin-feed", new JsonObject().put("name", "Berlin Alumni"),
        "Authorization", "Bearer " + token);
    var renamed = afterChangeHeard(path, before);
    assertEquals(200, renamed.statusCode());
    assertEquals("Berlin Alumni (Convene)", IcsChecks.valid(renamed.bodyAsString()).getString("calname"));
  }

  /**
   * The feed asked with {@code etag} once the change has had a second to arrive: the node hears
   * of a change by NOTIFY, a moment after the commit, its own changes too (a poll in that moment
   * may still get its 304).
   */
  private HttpResponse<Buffer> afterChangeHeard(String path, String etag) throws InterruptedException {
    var r = server.get(path, "If-None-Match", etag);
    for (int i = 0; i < 50 && r.statusCode() == 304; i++) {
      Thread.sleep(20);
      r = server.get(path, "If-None-Match", etag);
    }
    return r;
  }

  @Test
  void anUnchangedFeedIsA304WithoutReadingAnyEvent() throws Exception {
    server.createGroup(token, "locked-out");
    event("locked-out", new JsonObject());
    String path = "/g/locked-out/calendar.ics";
    String etag = server.get(path).getHeader("ETag");
    SqlConnection conn = server.app.pool().getConnection().await();
    Transaction tx = conn.begin().await();
    try {
      // Nobody can read the events table now; the 304 must be decided without it.
      conn.query("LOCK TABLE events IN ACCESS EXCLUSIVE MODE").execute().await();
      var notModified = server.client().get(server.port, "localhost", path)
          .putHeader("If-None-Match", etag).timeout(5000).send().await(10, TimeUnit.SECONDS);
      assertEquals(304, notModified.statusCode());
      // and the lock is real: a read of the events table waits for it
      assertThrows(java.util.concurrent.TimeoutException.class, () -> server.app.pool()
          .query("SELECT count(*) FROM events").execute().await(1, TimeUnit.SECONDS));
    } finally {
      tx.rollback().await();
      conn.close().await();
    }
  }

  // ---- the personal feed ----

  @Test
  void aPersonalFeedShowsEachAnswerAsTheCalendarShouldAndOnlyConfirmedAttendeesGetTheLink() {
    server.createGroup(token, "personal-feed");
    String email = "ann.lee@example.org";
    JsonObject going = event("personal-feed", new JsonObject().put("title", "Going")
        .put("onlineUrl", "https://meet.example.org/for-attendees"));
    JsonObject maybe = event("personal-feed", new JsonObject().put("title", "Maybe")
        .put("onlineUrl", "https://meet.example.org/maybe-room"));
    JsonObject waiting = event("personal-feed", new JsonObject().put("title", "Waitlisted"));
    JsonObject left = event("personal-feed", new JsonObject().put("title", "Left"));
    JsonObject called = event("personal-feed", new JsonObject().put("title", "Called off"));
    JsonObject declined = event("personal-feed", new JsonObject().put("title", "Never going"));
    rsvp(going.getString("id"), email, "going", "going");
    UUID maybeRsvp = rsvp(maybe.getString("id"), email, "maybe", "maybe");
    rsvp(waiting.getString("id"), email, "going", "waitlisted");
    UUID leftRsvp = rsvp(left.getString("id"), email, "going", "going");
    sql("UPDATE rsvps SET status = 'cancelled', status_changed_at = now() WHERE id = $1", leftRsvp);
    rsvp(called.getString("id"), email, "going", "going");
    server.postJson("/api/v1/events/" + called.getString("id") + "/cancel", new JsonObject(),
        "Authorization", "Bearer " + token);
    rsvp(declined.getString("id"), email, "not_going", "not_going");
    rsvp(going.getString("id"), "someone.else@example.org", "going", "going");

    String feedToken = FeedTokenStore.forEmail(server.app.pool(), "Ann.Lee@Example.org ").await();
    assertEquals(feedToken, FeedTokenStore.forEmail(server.app.pool(), email).await(), "one token per person");
    String path = "/feeds/" + feedToken + "/calendar.ics";
    var r = server.get(path);
    assertEquals(200, r.statusCode());
    assertEquals("private, max-age=300", r.getHeader("Cache-Control"));
    JsonObject read = IcsChecks.valid(r.bodyAsString());
    assertEquals(5, read.getJsonArray("events").size(), r.bodyAsString());
    JsonObject g = event(read, going.getString("id") + "@convene");
    assertEquals("CONFIRMED", g.getString("status"));
    assertTrue(g.getString("description").contains("https://meet.example.org/for-attendees"));
    JsonObject m = event(read, maybe.getString("id") + "@convene");
    assertEquals("TENTATIVE", m.getString("status"));
    assertFalse(m.getString("description").contains("maybe-room"), "only confirmed attendees get the link");
    assertEquals("TENTATIVE", event(read, waiting.getString("id") + "@convene").getString("status"));
    JsonObject l = event(read, left.getString("id") + "@convene");
    assertEquals("CANCELLED", l.getString("status"));
    assertEquals(1, l.getInteger("sequence"), "leaving raises the attendee's SEQUENCE");
    JsonObject c = event(read, called.getString("id") + "@convene");
    assertEquals("CANCELLED", c.getString("status"));
    assertEquals(1, c.getInteger("sequence"));
    assertEquals(null, event(read, declined.getString("id") + "@convene"));

    String etag = r.getHeader("ETag");
    assertEquals(304, server.get(path, "If-None-Match", etag).statusCode());
    assertEquals(304, other.get(path, "If-None-Match", etag).statusCode(), "instances agree");

    sql("UPDATE rsvps SET status = 'cancelled', status_changed_at = now() WHERE id = $1", maybeRsvp);
    var changed = server.get(path, "If-None-Match", etag);
    assertEquals(200, changed.statusCode());
    assertEquals("CANCELLED", event(IcsChecks.valid(changed.bodyAsString()),
        maybe.getString("id") + "@convene").getString("status"));

    String etag2 = changed.getHeader("ETag");
    sql("DELETE FROM rsvps WHERE id = $1", maybeRsvp);
    var deleted = server.get(path, "If-None-Match", etag2);
    assertEquals(200, deleted.statusCode(), "a deleted RSVP changes the feed");
    assertTrue(httpDate(deleted.getHeader("Last-Modified"))
        .compareTo(httpDate(changed.getHeader("Last-Modified"))) >= 0);

    String rotated = FeedTokenStore.rotate(server.app.pool(), email).await();
    assertNotEquals(feedToken, rotated);
    assertEquals(404, server.get(path).statusCode(), "the old link is dead");
    assertEquals(200, server.get("/feeds/" + rotated + "/calendar.ics").statusCode());
  }

  @Test
  void rotatingFromTheManagePageMailsTheNewLinkAndNeverShowsIt() throws Exception {
    server.createGroup(token, "rotate-feed");
    JsonObject e = event("rotate-feed", new JsonObject());
    String manage = Ids.token();
    UUID rsvpId = sql("""
        INSERT INTO rsvps (event_id, token, email, name, response, status)
        VALUES ($1, $2, 'bo@example.org', 'Bo', 'going', 'going') RETURNING id""",
        e.getString("id"), manage).getUUID("id");
    String old = FeedTokenStore.forEmail(server.app.pool(), "bo@example.org").await();

    assertEquals(403, server.send(io.vertx.core.http.HttpMethod.POST, "/r/" + manage + "/feed/rotate",
        null).statusCode(), "CSRF protected");

    var page = server.get("/login");
    String cookie = page.cookies().stream().filter(c -> c.startsWith("cv_csrf=")).findFirst().orElseThrow();
    String csrf = cookie.substring("cv_csrf=".length(), cookie.indexOf(';'));
    var r = server.client().post(server.port, "localhost", "/r/" + manage + "/feed/rotate")
        .putHeader("Cookie", "cv_csrf=" + csrf)
        .sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("_csrf", csrf))
        .await(10, TimeUnit.SECONDS);
    assertEquals(303, r.statusCode());
    assertEquals("/r/" + manage + "?notice=feed-link-sent", r.getHeader("Location"));

    String now = FeedTokenStore.forEmail(server.app.pool(), "bo@example.org").await();
    assertNotEquals(old, now);
    assertFalse(r.bodyAsString() != null && r.bodyAsString().contains(now));
    assertEquals(404, server.get("/feeds/" + old + "/calendar.ics").statusCode());
    Row mail = sql("SELECT kind, rsvp_id, recipient, payload FROM outbox WHERE rsvp_id = $1", rsvpId);
    assertEquals(org.convene.outbox.Outbox.FEED_LINK, mail.getString("kind"));
    assertEquals("bo@example.org", mail.getString("recipient"));
    JsonObject payload = (JsonObject) mail.getValue("payload");
    assertEquals(BASE + "/feeds/" + now + "/calendar.ics", payload.getString("feedUrl"));

    // each rotation mails: a handful a minute, then 429 (10 tries span at most two windows)
    boolean limited = false;
    for (int i = 0; i < 10 && !limited; i++) {
      limited = server.client().post(server.port, "localhost", "/r/" + manage + "/feed/rotate")
          .putHeader("Cookie", "cv_csrf=" + csrf)
          .sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("_csrf", csrf))
          .await(10, TimeUnit.SECONDS).statusCode() == 429;
    }
    assertTrue(limited, "rotation is rate limited");

    assertEquals(404, server.client().post(server.port, "localhost", "/r/" + Ids.token() + "/feed/rotate")
        .putHeader("Cookie", "cv_csrf=" + csrf)
        .sendForm(io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("_csrf", csrf))
        .await(10, TimeUnit.SECONDS).statusCode());
  }

  // ---- with the RSVP feature ----

  @Test
  void anRsvpThroughTheApiLandsInTheFeedAndItsInvitesFollowTheAnswer() {
    server.createGroup(token, "rsvp-flow");
    JsonObject e = event("rsvp-flow", new JsonObject().put("title", "Panel")
        .put("onlineUrl", "https://meet.example.org/panel"));
    var answered = server.postJson("/api/v1/events/" + e.getString("id") + "/rsvps", new JsonObject()
        .put("name", "Cy Doe").put("email", "Cy@Example.org").put("response", "going"));
    assertEquals(201, answered.statusCode(), answered.bodyAsString());
    String manage = server.open(server.mailedToken(e.getString("id"), "cy@example.org"))
        .getString("token");

    String feed = FeedTokenStore.forEmail(server.app.pool(), "cy@example.org").await();
    JsonObject read = IcsChecks.valid(server.get("/feeds/" + feed + "/calendar.ics").bodyAsString());
    assertEquals("CONFIRMED", event(read, e.getString("id") + "@convene").getString("status"));

    UUID rsvpId = sql("SELECT id FROM rsvps WHERE token = $1", manage).getUUID("id");
    RsvpInfo going = InviteeStore.load(server.app.pool(), rsvpId).await();
    org.convene.events.Event event = new org.convene.events.EventStore(server.app.pool())
        .find(e.getString("id")).await();
    JsonObject invite = IcsChecks.valid(Invites.request(event, going, "events@example.org",
        event.groupName(), BASE));
    assertEquals("REQUEST", invite.getString("method"));
    int invited = invite.getJsonArray("events").getJsonObject(0).getInteger("sequence");

    assertEquals(204, server.delete("/api/v1/rsvps/" + manage).statusCode());
    RsvpInfo cancelled = InviteeStore.load(server.app.pool(), rsvpId).await();
    assertEquals(Invites.CANCEL, Invites.methodFor(event, cancelled));
    JsonObject cancel = IcsChecks.valid(Invites.cancel(event, cancelled, "events@example.org",
        event.groupName(), BASE));
    JsonObject ce = cancel.getJsonArray("events").getJsonObject(0);
    assertTrue(ce.getInteger("sequence") > invited, "the CANCEL outranks the REQUEST");
    assertTrue(ce.getString("dtstamp").compareTo(
        invite.getJsonArray("events").getJsonObject(0).getString("dtstamp")) >= 0);
    JsonObject after = IcsChecks.valid(server.get("/feeds/" + feed + "/calendar.ics").bodyAsString());
    assertEquals("CANCELLED", event(after, e.getString("id") + "@convene").getString("status"));
  }

  @Test
  void theManagePageOffersANewFeedLinkButNeverShowsOne() {
    server.createGroup(token, "manage-feed");
    JsonObject e = event("manage-feed", new JsonObject());
    var answered = server.postJson("/api/v1/events/" + e.getString("id") + "/rsvps", new JsonObject()
        .put("name", "Di Roe").put("email", "di@example.org").put("response", "maybe"));
    String manage = server.mailedToken(e.getString("id"), "di@example.org");
    String feed = FeedTokenStore.forEmail(server.app.pool(), "di@example.org").await();
    String html = server.get("/r/" + manage).bodyAsString();
    assertTrue(html.contains("action=\"/r/" + manage + "/feed/rotate\""), html);
    assertTrue(html.contains("Add to calendar"), html);
    assertFalse(html.contains(feed), "the feed token is mailed, never shown");
    assertTrue(server.get("/r/" + manage + "?notice=feed-link-sent").bodyAsString()
        .contains("we emailed you the new one"));
  }

  // ---- a cluster ----

  @Test
  void twoInstancesServeTheSameBytesAndAgreeOnEtags() {
    server.createGroup(token, "cluster");
    JsonObject e = event("cluster", new JsonObject().put("timeZone", "America/New_York")
        .put("startsAt", "2030-03-10T01:30").put("endsAt", "2030-03-10T03:30"));
    event("cluster", new JsonObject().put("title", "Second"));
    rsvp(e.getString("id"), "cluster@example.org", "going", "going");
    String feed = FeedTokenStore.forEmail(server.app.pool(), "cluster@example.org").await();
    for (String path : new String[] {"/g/cluster/calendar.ics", "/e/" + e.getString("id") + "/event.ics",
        "/feeds/" + feed + "/calendar.ics"}) {
      var a = server.get(path);
      var b = other.get(path);
      assertEquals(200, a.statusCode());
      assertEquals(a.getHeader("ETag"), b.getHeader("ETag"), path);
      assertEquals(a.getHeader("Last-Modified"), b.getHeader("Last-Modified"), path);
      assertEquals(a.bodyAsString(), b.bodyAsString(), path);
      assertEquals(304, other.get(path, "If-None-Match", a.getHeader("ETag")).statusCode());
    }
  }

  // ---- pages ----

  @Test
  void theEventPageOffersAddToCalendarWithTheRightTimes() {
    server.createGroup(token, "page-links");
    JsonObject e = event("page-links", new JsonObject().put("title", "Kolkata meetup")
        .put("timeZone", "Asia/Kolkata").put("startsAt", "2030-01-15T18:30")
        .put("endsAt", "2030-01-15T21:00"));
    // as a browser reads the attribute values
    String html = server.get("/e/" + e.getString("id")).bodyAsString()
        .replace("&#x3D;", "=").replace("&amp;", "&");
    assertTrue(html.contains("Add to calendar"), html);
    assertTrue(html.contains("href=\"/e/" + e.getString("id") + "/event.ics\""), html);
    assertTrue(html.contains("https://calendar.google.com/calendar/render?action=TEMPLATE&text=Kolkata%20meetup"
        + "&dates=20300115T130000Z/20300115T153000Z&ctz=Asia%2FKolkata"), html);
    assertTrue(html.contains("https://outlook.live.com/calendar/0/deeplink/compose?"), html);
    assertTrue(html.contains("startdt=2030-01-15T13%3A00%3A00Z&enddt=2030-01-15T15%3A30%3A00Z"), html);

    String group = server.get("/g/page-links").bodyAsString();
    assertTrue(group.contains("webcal://events.example.org/g/page-links/calendar.ics"), group);
    assertTrue(group.contains("From URL"), group);
  }

  static ZonedDateTime httpDate(String s) {
    return ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME);
  }


  @Test
  void anRsvpMadeWithSomeonesAddressStaysOutOfTheirFeedUntilTheyOpenItsLink() {
    String token = server.organizerToken("feed-trust@example.org");
    server.createGroup(token, "feed-trust");
    JsonObject own = server.createEvent(token, "feed-trust", new JsonObject().put("title", "Own"));
    JsonObject planted = server.createEvent(token, "feed-trust", new JsonObject().put("title", "Planted"));
    String email = "feed-owner@example.org";
    rsvp(own.getString("id"), email, "going", "going");
    // someone else answers another event with this address: the RSVP exists, unverified
    assertEquals(201, server.postJson("/api/v1/events/" + planted.getString("id") + "/rsvps",
        new JsonObject().put("name", "Not Me").put("email", email).put("response", "going"))
        .statusCode());
    String feedToken = FeedTokenStore.forEmail(server.app.pool(), email).await();
    String path = "/feeds/" + feedToken + "/calendar.ics";
    var first = server.get(path);
    JsonObject read = IcsChecks.valid(first.bodyAsString());
    assertEquals(1, read.getJsonArray("events").size(), first.bodyAsString());
    assertEquals(null, event(read, planted.getString("id") + "@convene"), "not in their calendar");

    // the owner opens the link from the mail they got: from then on it is theirs
    server.open(server.mailedToken(planted.getString("id"), email));
    var again = server.get(path, "If-None-Match", first.getHeader("ETag"));
    assertEquals(200, again.statusCode(), "the feed changed: no 304");
    assertEquals(2, IcsChecks.valid(again.bodyAsString()).getJsonArray("events").size());
  }
}
