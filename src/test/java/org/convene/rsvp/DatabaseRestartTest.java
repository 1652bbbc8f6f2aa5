package org.convene.rsvp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.db.Database;
import org.junit.jupiter.api.Test;

/**
 * Two instances take RSVPs for one capacity-limited event while PostgreSQL stops (fast shutdown,
 * killing every connection) and starts again on the same data. No request may answer 500: only
 * 201 (stored), 503 with Retry-After (try again), or 409 (already answered, from a retry of a
 * request whose first try was stored after all). Every acknowledged RSVP is in the database
 * afterwards, and the event is never overbooked.
 */
class DatabaseRestartTest {
  static final int CAPACITY = 150;
  static final int CLIENTS = 16;

  @Test
  void rsvpsThroughADatabaseRestartAreStoredOrRefusedWith503AndNeverLost() throws Exception {
    Path dir = Files.createTempDirectory("convene-restart-pg");
    int port = TestServer.freePort();
    EmbeddedPostgres pg = start(dir, port);
    Database.Target db = new Database.Target("127.0.0.1", port, "postgres", "postgres",
        "postgres", false);
    Database.migrate(db);
    TestServer one = TestServer.start(db, Map.of());
    TestServer two = TestServer.start(db, Map.of());
    Vertx vertx = Vertx.vertx();
    WebClient client = WebClient.create(vertx);
    try {
      String token = one.organizerToken("restart@example.org");
      one.createGroup(token, "restart");
      String event = one.createEvent(token, "restart", new JsonObject().put("capacity", CAPACITY))
          .getString("id");

      Map<Integer, Integer> statuses = new TreeMap<>();
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      List<String> badAnswers = new ArrayList<>();
      AtomicInteger next = new AtomicInteger();
      long stopAt = System.currentTimeMillis() + 16_000;
      List<Future<Void>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        TestServer via = c % 2 == 0 ? one : two;
        clients.add(loop(client, via, event, next, stopAt, statuses, acknowledged, badAnswers));
      }
      Thread.sleep(4_000);
      pg.close(); // pg_ctl stop -m fast: every connection is terminated
      Thread.sleep(3_000);
      pg = start(dir, port);
      Future.all(clients).await(60, TimeUnit.SECONDS);

      synchronized (statuses) {
        System.out.printf("database restart: %s; acknowledged %d%n", statuses, acknowledged.size());
        assertEquals(List.of(), badAnswers, "only 201, 409 and 503 with Retry-After");
        assertEquals(0, statuses.getOrDefault(-1, 0), "every request got an answer");
        assertTrue(statuses.getOrDefault(503, 0) > 0, "the outage was seen: " + statuses);
        assertTrue(statuses.getOrDefault(201, 0) > 0, "and RSVPs were taken: " + statuses);
      }
      // every acknowledged RSVP is stored; seats never exceed the capacity
      for (String email : acknowledged) {
        assertEquals("1", TestDb.queryOne(db, "SELECT count(*) FROM rsvps WHERE event_id = '"
            + event + "' AND email = '" + email + "'"), email + " was acknowledged");
      }
      int going = Integer.parseInt(TestDb.queryOne(db, "SELECT coalesce(sum(1 + guests), 0) "
          + "FROM rsvps WHERE status = 'going' AND event_id = '" + event + "'"));
      assertTrue(going <= CAPACITY, "never overbooked: " + going);
      assertEquals(Integer.toString(going), TestDb.queryOne(db, "SELECT count(*) FROM seats "
          + "WHERE rsvp_id IS NOT NULL AND event_id = '" + event + "'"));
      assertEquals(200, one.get("/ready").statusCode(), "ready again by itself");
      assertEquals(200, two.get("/ready").statusCode());
    } finally {
      client.close();
      vertx.close();
      one.close();
      two.close();
      pg.close();
    }
  }

  private static EmbeddedPostgres start(Path dir, int port) throws Exception {
    return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false)
        .setPort(port).setServerConfig("max_connections", "100").start();
  }

  /** One client: answers one after another until the time is up; retries what got a 503. */
  private static Future<Void> loop(WebClient client, TestServer via, String event,
                                   AtomicInteger next, long stopAt, Map<Integer, Integer> statuses,
                                   Set<String> acknowledged, List<String> badAnswers) {
    Promise<Void> done = Promise.promise();
    step(client, via, event, "p" + next.incrementAndGet() + "@example.org", next, stopAt,
        statuses, acknowledged, badAnswers, done);
    return done.future();
  }

  private static void step(WebClient client, TestServer via, String event, String email,
                           AtomicInteger next, long stopAt, Map<Integer, Integer> statuses,
                           Set<String> acknowledged, List<String> badAnswers, Promise<Void> done) {
    if (System.currentTimeMillis() > stopAt) {
      done.complete();
      return;
    }
    client.post(via.port, "localhost", "/api/v1/events/" + event + "/rsvps")
        .timeout(20_000)
        .sendJsonObject(new JsonObject().put("name", "Guest").put("email", email)
            .put("response", "going"))
        .onComplete(ar -> {
          String retry = email;
          if (ar.succeeded()) {
            HttpResponse<Buffer> r = ar.result();
            synchronized (statuses) {
              statuses.merge(r.statusCode(), 1, Integer::sum);
              boolean ok = r.statusCode() == 201 || r.statusCode() == 409
                  || r.statusCode() == 503 && r.getHeader("Retry-After") != null;
              if (!ok && badAnswers.size() < 10) {
                badAnswers.add(r.statusCode() + " " + r.bodyAsString());
              }
            }
            if (r.statusCode() == 201) acknowledged.add(email);
            // a 503 is tried again with the same address; anything else moves on
            if (r.statusCode() != 503) retry = "p" + next.incrementAndGet() + "@example.org";
          } else {
            synchronized (statuses) {
              statuses.merge(-1, 1, Integer::sum);
            }
          }
          String nextEmail = retry;
          via.clientVertx().setTimer(ar.succeeded() && ar.result().statusCode() == 503 ? 200 : 1,
              t -> step(client, via, event, nextEmail, next, stopAt, statuses, acknowledged,
                  badAnswers, done));
        });
  }
}
