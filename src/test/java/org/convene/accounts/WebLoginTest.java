package org.convene.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.WebSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WebLoginTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String sessionCookieHeader(WebSession web) {
    return web.setCookieHeaders.stream().filter(h -> h.startsWith("cv_session=") && !h.startsWith("cv_session=;"))
        .reduce((a, b) -> b).orElseThrow();
  }

  @Test
  void signingUpOnTheWebLandsOnTheDashboardWithAProtectedSessionCookie() {
    WebSession web = new WebSession(server);
    var r = web.signUp("kim@example.org", "Kim Park", "a long passphrase");
    assertEquals(302, r.statusCode(), r.bodyAsString());
    assertEquals("/organize", r.getHeader("Location"));
    String cookie = sessionCookieHeader(web).toLowerCase();
    assertTrue(cookie.contains("httponly"), cookie);
    assertTrue(cookie.contains("samesite=lax"), cookie);
    assertFalse(cookie.contains("secure"), "plain http BASE_URL: " + cookie);
    var dash = web.get("/organize");
    assertEquals(200, dash.statusCode());
    assertTrue(dash.bodyAsString().contains("Log out Kim Park"));
    assertTrue(web.get("/").bodyAsString().contains("Log out Kim Park"), "public pages know you too");
  }

  @Test
  void signUpErrorsKeepWhatWasTypedButNeverThePassword() {
    WebSession web = new WebSession(server);
    var r = web.signUp("lee@", "Lee <Stone>", "short-pw");
    assertEquals(400, r.statusCode());
    String page = r.bodyAsString();
    assertTrue(page.contains("value=\"lee@\""), page);
    assertTrue(page.contains("value=\"Lee &lt;Stone&gt;\""), "escaped and kept: " + page);
    assertFalse(page.contains("short-pw"));
    assertTrue(page.contains("id=\"email-error\""));
    assertTrue(page.contains("id=\"password-error\""));
    assertTrue(page.contains("aria-describedby=\"email-error\""));
    assertNull(web.cookie(Auth.SESSION_COOKIE));
  }

  @Test
  void aTakenEmailOnTheSignUpFormSaysSo() {
    new WebSession(server).signUp("max@example.org", "Max", "a long passphrase");
    var r = new WebSession(server).signUp("max@example.org", "Max Again", "a long passphrase");
    assertEquals(409, r.statusCode());
    assertTrue(r.bodyAsString().contains("already exists"));
  }

  @Test
  void theDashboardSendsStrangersToTheLoginPage() {
    var r = new WebSession(server).get("/organize");
    assertEquals(302, r.statusCode());
    assertEquals("/login?next=%2Forganize", r.getHeader("Location"));
  }

  @Test
  void loggingInReturnsToThePageAskedForButNeverToAnotherSite() {
    new WebSession(server).signUp("nia@example.org", "Nia", "a long passphrase");
    WebSession web = new WebSession(server);
    var page = web.get("/login?next=%2Forganize%2Fgroups%2Fnew");
    assertTrue(page.bodyAsString().contains("value=\"/organize/groups/new\""));
    var r = web.post("/login", "email", "nia@example.org", "password", "a long passphrase",
        "next", "/organize/groups/new");
    assertEquals(302, r.statusCode());
    assertEquals("/organize/groups/new", r.getHeader("Location"));

    WebSession other = new WebSession(server);
    other.get("/login");
    var evil = other.post("/login", "email", "nia@example.org", "password", "a long passphrase",
        "next", "//evil.example/phish");
    assertEquals("/organize", evil.getHeader("Location"));
  }

  @Test
  void aWrongPasswordShowsTheFormAgainWithTheEmailKept() {
    new WebSession(server).signUp("oli@example.org", "Oli", "a long passphrase");
    WebSession web = new WebSession(server);
    var r = web.logIn("oli@example.org", "wrong passphrase!");
    assertEquals(401, r.statusCode());
    assertTrue(r.bodyAsString().contains("do not match"));
    assertTrue(r.bodyAsString().contains("value=\"oli@example.org\""));
    assertNull(web.cookie(Auth.SESSION_COOKIE));
  }

  @Test
  void loggingOutEndsTheSessionEverywhere() {
    WebSession web = new WebSession(server);
    web.signUp("pat@example.org", "Pat", "a long passphrase");
    String stolen = web.cookie(Auth.SESSION_COOKIE);
    assertNotNull(stolen);
    var out = web.submit("/organize", "/logout");
    assertEquals(302, out.statusCode());
    assertNull(web.cookie(Auth.SESSION_COOKIE), "cookie cleared");
    assertEquals(302, web.get("/organize").statusCode());
    var replay = server.get("/organize", "Cookie", Auth.SESSION_COOKIE + "=" + stolen);
    assertEquals(302, replay.statusCode(), "the old cookie value no longer works");
    assertEquals("0", TestDb.queryOne(server.db, "SELECT count(*) FROM sessions s "
        + "JOIN accounts a ON a.id = s.account_id WHERE a.email = 'pat@example.org'"));
  }

  @Test
  void sessionsAreStoredOnlyAsHashes() {
    WebSession web = new WebSession(server);
    web.signUp("quinn@example.org", "Quinn", "a long passphrase");
    String value = web.cookie(Auth.SESSION_COOKIE);
    assertEquals("0", TestDb.queryOne(server.db, "SELECT count(*) FROM sessions WHERE "
        + "encode(token_hash, 'escape') LIKE '%" + value.substring(0, 12) + "%'"));
  }

  @Test
  void aFormWithoutItsCsrfTokenIsRefused() {
    WebSession web = new WebSession(server);
    web.get("/signup");
    var r = web.postRaw("/signup", "email", "ray@example.org", "name", "Ray",
        "password", "a long passphrase");
    assertEquals(403, r.statusCode());
    assertTrue(r.getHeader("Content-Type").startsWith("text/html"));
    assertTrue(r.bodyAsString().contains("expired"));
    var forged = web.postRaw("/signup", "_csrf", "abc.def", "email", "ray@example.org",
        "name", "Ray", "password", "a long passphrase");
    assertEquals(403, forged.statusCode());
    assertEquals("0", TestDb.queryOne(server.db,
        "SELECT count(*) FROM accounts WHERE email = 'ray@example.org'"));
  }

  @Test
  void aCsrfTokenFromAnotherBrowserIsRefused() {
    WebSession mine = new WebSession(server);
    mine.get("/signup");
    WebSession victim = new WebSession(server);
    victim.get("/signup");
    // the attacker knows their own valid token, but the victim's cookie holds another one
    var r = victim.postRaw("/signup", "_csrf", mine.csrf(), "email", "sam@example.org",
        "name", "Sam", "password", "a long passphrase");
    assertEquals(403, r.statusCode());
  }

  @Test
  void cookiesAreSecureWhenTheSiteIsServedOverHttps() {
    try (TestServer https = TestServer.start(TestDb.fresh(),
        Map.of("BASE_URL", "https://events.example.org"))) {
      WebSession web = new WebSession(https);
      assertEquals(302, web.signUp("tess@example.org", "Tess", "a long passphrase").statusCode());
      String session = sessionCookieHeader(web).toLowerCase();
      assertTrue(session.contains("; secure"), session);
      assertTrue(session.contains("httponly") && session.contains("samesite=lax"), session);
      String csrf = web.setCookieHeaders.stream().filter(h -> h.startsWith("cv_csrf="))
          .findFirst().orElseThrow().toLowerCase();
      assertTrue(csrf.contains("; secure") && csrf.contains("httponly"), csrf);
    }
  }
}
