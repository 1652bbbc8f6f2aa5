package org.convene.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.function.Predicate;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.WebSession;
import org.convene.db.Database;
import org.junit.jupiter.api.Test;

/** The public pages are the hot path: an anonymous visit must cost no session lookup. */
class PublicPagesTest {

  @Test
  void anonymousVisitorsNeverTouchTheSessionTable() {
    Database.Target db = TestDb.fresh();
    try (TestServer server = TestServer.start(db, Map.of())) {
      String token = server.organizerToken("host@example.org");
      server.createGroup(token, "public-group");
      String id = server.createEvent(token, "public-group", new JsonObject()).getString("id");
      WebSession organizer = new WebSession(server);
      organizer.logIn("host@example.org", "correct horse battery");

      // with the session table gone, any session lookup fails the request
      TestDb.execute(db, "ALTER TABLE sessions RENAME TO sessions_elsewhere");
      for (String path : new String[] {"/", "/g/public-group", "/e/" + id}) {
        assertEquals(200, server.get(path).statusCode(), path);
      }
      for (String path : new String[] {"/", "/g/public-group", "/e/" + id}) {
        assertEquals(500, organizer.get(path).statusCode(),
            path + " with a session cookie does look the session up (to show who is logged in)");
      }
      TestDb.execute(db, "ALTER TABLE sessions_elsewhere RENAME TO sessions");
    }
  }

  /**
   * What a reverse proxy or CDN needs to hold an anonymous page: nothing of the visitor in it (no
   * cookie set, no CSRF token), a strong validator, a short public lifetime, and 304 on a match.
   */
  @Test
  void anonymousPagesAreCacheableAndRevalidate() {
    try (TestServer server = TestServer.start()) {
      String token = server.organizerToken("cache@example.org");
      server.createGroup(token, "cache-group");
      String id = server.createEvent(token, "cache-group", new JsonObject()).getString("id");
      for (String path : new String[] {"/", "/g/cache-group", "/e/" + id}) {
        HttpResponse<Buffer> first = server.get(path);
        assertEquals(200, first.statusCode(), path);
        assertNull(first.getHeader("Set-Cookie"), path + " sets no cookie");
        assertFalse(first.bodyAsString().contains("_csrf"), path + " carries no token");
        assertEquals("public, max-age=5", first.getHeader("Cache-Control"), path);
        assertEquals("Cookie", first.getHeader("Vary"), path);
        String etag = first.getHeader("ETag");
        assertNotNull(etag, path);
        HttpResponse<Buffer> again = server.get(path, "If-None-Match", etag);
        assertEquals(304, again.statusCode(), path);
        assertEquals(etag, again.getHeader("ETag"));
        assertEquals(0, again.body() == null ? 0 : again.body().length());
        assertEquals(200, server.get(path, "If-None-Match", "\"other\"").statusCode());
      }
      // a signed-in visitor gets their own page, which no cache may keep
      WebSession organizer = new WebSession(server);
      organizer.logIn("cache@example.org", "correct horse battery");
      HttpResponse<Buffer> own = organizer.get("/e/" + id);
      assertEquals("no-store", own.getHeader("Cache-Control"));
      assertTrue(own.bodyAsString().contains("Edit this event"));
      assertFalse(server.get("/e/" + id).bodyAsString().contains("Edit this event"));
    }
  }

  /**
   * Two nodes on one database: an edit through one shows on the other's cached pages at once,
   * the feed's ETag moves on both, and the draft it becomes is gone from both.
   */
  @Test
  void anEditOnOneNodeReachesTheOthersMemory() {
    Database.Target db = TestDb.fresh();
    try (TestServer a = TestServer.start(db, Map.of()); TestServer b = TestServer.start(db, Map.of())) {
      String token = a.organizerToken("nodes@example.org");
      a.createGroup(token, "nodes-group");
      String id = a.createEvent(token, "nodes-group", new JsonObject().put("title", "First title"))
          .getString("id");
      String page = "/e/" + id;
      String feed = "/g/nodes-group/calendar.ics";
      awaitOn(b, page, r -> r.bodyAsString().contains("First title"));
      awaitOn(b, "/g/nodes-group", r -> r.bodyAsString().contains("First title"));
      String feedTag = b.get(feed).getHeader("ETag");
      assertEquals(304, b.get(feed, "If-None-Match", feedTag).statusCode());
      String pageTag = b.get(page).getHeader("ETag");

      assertEquals(200, a.patchJson("/api/v1/events/" + id, new JsonObject().put("title", "Second title"),
          "Authorization", "Bearer " + token).statusCode());
      awaitOn(b, page, r -> r.bodyAsString().contains("Second title"));
      awaitOn(b, "/g/nodes-group", r -> r.bodyAsString().contains("Second title"));
      awaitOn(b, "/", r -> r.bodyAsString().contains("Second title"));
      assertNotEquals(pageTag, b.get(page).getHeader("ETag"));
      HttpResponse<Buffer> changed = b.get(feed, "If-None-Match", feedTag);
      assertEquals(200, changed.statusCode(), "the old feed copy is stale on the other node too");
      assertTrue(changed.bodyAsString().contains("Second title"));

      TestDb.execute(db, "UPDATE events SET status = 'draft' WHERE id = '" + id + "'");
      awaitOn(b, page, r -> r.statusCode() == 404);
    }
  }

  /**
   * The listening connection dies (here: killed by the database): until it is back, nothing is
   * answered from memory, so a change made meanwhile is never missed.
   */
  @Test
  void whileTheListenerIsDownNothingStaleIsServed() throws Exception {
    Database.Target db = TestDb.fresh();
    try (TestServer a = TestServer.start(db, Map.of())) {
      String token = a.organizerToken("drop@example.org");
      a.createGroup(token, "drop-group");
      String id = a.createEvent(token, "drop-group", new JsonObject().put("title", "Before drop"))
          .getString("id");
      String feed = "/g/drop-group/calendar.ics";
      awaitOn(a, "/e/" + id, r -> r.bodyAsString().contains("Before drop"));
      String feedTag = a.get(feed).getHeader("ETag");
      assertEquals(304, a.get(feed, "If-None-Match", feedTag).statusCode());

      // the change goes in while nothing listens: no notification will ever tell of it
      TestDb.execute(db, """
          DO $$ BEGIN
            PERFORM pg_terminate_backend(pid) FROM pg_stat_activity
              WHERE query LIKE 'LISTEN convene_changes%' AND datname = current_database();
            PERFORM pg_sleep(0.2);
            ALTER TABLE events DISABLE TRIGGER events_notify;
            UPDATE events SET title = 'After drop' WHERE id = '""" + id + """
          ';
            ALTER TABLE events ENABLE TRIGGER events_notify;
          END $$""");
      awaitOn(a, "/e/" + id, r -> r.bodyAsString().contains("After drop"));
      assertEquals(200, a.get(feed, "If-None-Match", feedTag).statusCode());
      // and once it listens again, memory is trusted again and still follows changes
      String listening = "SELECT count(*) FROM pg_stat_activity"
          + " WHERE query LIKE 'LISTEN convene_changes%' AND datname = current_database()";
      long until = System.nanoTime() + 5_000_000_000L;
      while (!"1".equals(TestDb.queryOne(db, listening)) && System.nanoTime() < until) {
        Thread.sleep(50);
      }
      assertEquals("1", TestDb.queryOne(db, listening), "the node listens again");
      String again = a.get(feed).getHeader("ETag");
      assertEquals(304, a.get(feed, "If-None-Match", again).statusCode());
      a.patchJson("/api/v1/events/" + id, new JsonObject().put("title", "After reconnect"),
          "Authorization", "Bearer " + token);
      awaitOn(a, "/e/" + id, r -> r.bodyAsString().contains("After reconnect"));
    }
  }

  /**
   * Notifications arrive just after commit: wait up to 1 s for {@code done}, then fail. Shorter
   * than a page's freshness (2 s), so only the notification can make it pass.
   */
  private static void awaitOn(TestServer s, String path, Predicate<HttpResponse<Buffer>> done) {
    long until = System.nanoTime() + 1_000_000_000L;
    HttpResponse<Buffer> r;
    do {
      r = s.get(path);
      if (done.test(r)) return;
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    } while (System.nanoTime() < until);
    throw new AssertionError(path + " never changed: " + r.statusCode());
  }
}
