package org.convene.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.WebSession;
import org.convene.db.Database;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LOGIN_RATE_LIMIT=3: failed logins are counted per client address and per email, in PostgreSQL.
 * The test client is a trusted proxy so that X-Forwarded-For can play different addresses.
 */
class LoginRateLimitTest {
  static final Map<String, String> ENV = Map.of("LOGIN_RATE_LIMIT", "3",
      "TRUSTED_PROXIES", "127.0.0.1,0:0:0:0:0:0:0:1");
  static Database.Target db;
  static TestServer server;

  @BeforeAll
  static void start() {
    db = TestDb.fresh();
    server = TestServer.start(db, ENV);
    // sign-ups count against the same limit per address, so each comes from its own address
    int n = 0;
    for (String who : new String[] {"vic", "wes", "xia", "yul"}) {
      assertEquals(201, server.postJson("/api/v1/accounts", new JsonObject()
          .put("email", who + "@example.org").put("password", "a long passphrase").put("name", who),
          "X-Forwarded-For", "10.9.9." + n++).statusCode());
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /**
   * Counters live in one-minute windows of the database clock; a test that straddled two windows
   * would see its count split, so each starts early enough in a minute.
   */
  @BeforeEach
  void startEarlyInAMinute() throws InterruptedException {
    double second = Double.parseDouble(TestDb.queryOne(db, "SELECT extract(second FROM now())"));
    if (second > 50) Thread.sleep((long) ((60.5 - second) * 1000));
  }

  private static HttpResponse<Buffer> login(TestServer s, String email, String password, String from) {
    return s.postJson("/api/v1/tokens", new JsonObject().put("email", email)
        .put("password", password), "X-Forwarded-For", from);
  }

  @Test
  void anAddressWithTooManyFailuresIsSlowedDown() {
    for (int i = 0; i < 3; i++) {
      assertEquals(401, login(server, "guess" + i + "@example.org", "wrong guess", "10.0.0.1")
          .statusCode());
    }
    var blocked = login(server, "vic@example.org", "a long passphrase", "10.0.0.1");
    assertEquals(429, blocked.statusCode());
    assertEquals("rate_limited", blocked.bodyAsJsonObject().getString("error"));
    assertEquals(201, login(server, "vic@example.org", "a long passphrase", "10.0.0.99")
        .statusCode(), "other addresses are not affected");
  }

  @Test
  void guessesAtAnEmailStopTheGuesserButNeverLockTheOwnerOut() {
    for (int i = 0; i < 3; i++) {
      assertEquals(401, login(server, "wes@example.org", "wrong guess", "10.0.1.1").statusCode());
    }
    assertEquals(429, login(server, "wes@example.org", "a long passphrase", "10.0.1.1")
        .statusCode(), "the guesser's address is stopped, even with the right password");
    assertEquals(201, login(server, "wes@example.org", "a long passphrase", "10.0.1.50")
        .statusCode(), "the owner, from their own address, still gets in");
    assertEquals(201, login(server, "xia@example.org", "a long passphrase", "10.0.1.51")
        .statusCode());
  }

  @Test
  void aParallelBurstIsCountedBeforeAnyPasswordIsChecked() {
    List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      burst.add(server.client().post(server.port, "localhost", "/api/v1/tokens")
          .putHeader("X-Forwarded-For", "10.0.4.1")
          .sendJsonObject(new JsonObject().put("email", "burst" + i + "@example.org")
              .put("password", "wrong guess")));
    }
    Map<Integer, Integer> statuses = new HashMap<>();
    for (var f : burst) {
      int status = f.await().statusCode();
      statuses.merge(status, 1, Integer::sum);
    }
    assertEquals(3, statuses.getOrDefault(401, 0), "only the limit reaches the password check: " + statuses);
    assertEquals(21, statuses.getOrDefault(429, 0), statuses.toString());
  }

  @Test
  void successfulLoginsDoNotCount() {
    for (int i = 0; i < 5; i++) {
      assertEquals(201, login(server, "yul@example.org", "a long passphrase", "10.0.2.1")
          .statusCode());
    }
  }

  @Test
  void theCountersAreSharedByEveryInstanceAndHoldNoAddressesOrEmails() {
    for (int i = 0; i < 3; i++) login(server, "zed@example.org", "wrong guess", "10.0.3.1");
    try (TestServer other = TestServer.start(db, ENV)) {
      assertEquals(429, login(other, "zed@example.org", "anything at all", "10.0.3.1")
          .statusCode());
    }
    assertEquals("0", TestDb.queryOne(db, "SELECT count(*) FROM rate_limits "
        + "WHERE key LIKE '%example.org%' OR key LIKE '%10.0.%'"));
  }

  @Test
  void theWebLoginFormIsLimitedToo() {
    WebSession web = new WebSession(server);
    for (int i = 0; i < 3; i++) {
      assertEquals(401, web.logIn("web-guess@example.org", "wrong guess").statusCode());
    }
    var r = web.logIn("web-guess@example.org", "wrong guess");
    assertEquals(429, r.statusCode());
    assertTrue(r.bodyAsString().contains("wait a minute"), r.bodyAsString());
  }
}
