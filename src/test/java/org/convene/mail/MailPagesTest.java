package org.convene.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.db.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The organizer's mail page and message form, used through a browser session. */
class MailPagesTest {
  static TestServer server;
  static Database.Target db;
  static String token;
  static String csrf;
  static String session;

  @BeforeAll
  static void start() throws Exception {
    db = TestDb.fresh();
    server = TestServer.start(db, java.util.Map.of());
    token = server.organizerToken("olga@example.org");
    server.createGroup(token, "pages");
    csrf = cookie(server.get("/login"), "cv_csrf");
    var login = server.client().post(server.port, "localhost", "/login")
        .putHeader("Cookie", "cv_csrf=" + csrf)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("_csrf", csrf)
            .add("email", "olga@example.org").add("password", "correct horse battery"))
        .await(10, TimeUnit.SECONDS);
    session = cookie(login, "cv_session");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String cookie(HttpResponse<Buffer> r, String name) {
    return r.cookies().stream().filter(c -> c.startsWith(name + "=")).findFirst().orElseThrow()
        .split(";")[0].substring(name.length() + 1);
  }

  static HttpResponse<Buffer> page(String path) {
    return server.get(path, "Cookie", "cv_session=" + session + "; cv_csrf=" + csrf);
  }

  static HttpResponse<Buffer> form(String path, MultiMap fields) throws Exception {
    return server.client().post(server.port, "localhost", path)
        .putHeader("Cookie", "cv_session=" + session + "; cv_csrf=" + csrf)
        .sendForm(fields.add("_csrf", csrf)).await(10, TimeUnit.SECONDS);
  }

  @Test
  void theMailPageShowsFailedMailsEscapedAndTheEventPageLinksToIt() throws Exception {
    String eventId = server.createEvent(token, "pages", new JsonObject()).getString("id");
    String[] r = MailScene.rsvp(db, eventId, "bounce@example.org", "Bo", "going");
    MailScene.sql(db, """
        INSERT INTO outbox (kind, event_id, rsvp_id, recipient, status, attempts, last_error)
        VALUES ('reminder', ?, ?::uuid, 'bounce@example.org', 'failed', 10, '550 <b>no</b> such user')""",
        eventId, r[0]);

    assertTrue(page("/organize/e/" + eventId).bodyAsString().contains("href=\"/organize/e/" + eventId + "/mail\""));
    var mail = page("/organize/e/" + eventId + "/mail");
    assertEquals(200, mail.statusCode());
    String html = mail.bodyAsString();
    assertTrue(html.contains("bounce@example.org"), html);
    assertTrue(html.contains("550 &lt;b&gt;no&lt;/b&gt; such user"), html);
    assertFalse(html.contains("<b>no</b>"));

    var retried = form("/organize/e/" + eventId + "/mail/retry", MultiMap.caseInsensitiveMultiMap());
    assertEquals("/organize/e/" + eventId + "/mail?retried=1", retried.getHeader("Location"));
  }

  @Test
  void theMessageFormQueuesOneMailPerChosenAttendeeAndSaysWhatIsMissing() throws Exception {
    String eventId = server.createEvent(token, "pages", new JsonObject()).getString("id");
    MailScene.rsvp(db, eventId, "a@example.org", "A", "going");
    MailScene.rsvp(db, eventId, "b@example.org", "B", "going");
    MailScene.rsvp(db, eventId, "c@example.org", "C", "maybe");

    String formPage = page("/organize/e/" + eventId + "/message").bodyAsString();
    assertTrue(formPage.contains("Going (2)"), formPage);
    assertTrue(formPage.contains("Maybe (1)"), formPage);

    var missing = form("/organize/e/" + eventId + "/message", MultiMap.caseInsensitiveMultiMap()
        .add("statuses", "going").add("subject", "").add("body", "Hello"));
    assertEquals(400, missing.statusCode());
    assertTrue(missing.bodyAsString().contains("aria-describedby=\"subject-error\""));
    assertTrue(missing.bodyAsString().contains(">Hello</textarea>"), "keeps what was typed");

    var sent = form("/organize/e/" + eventId + "/message", MultiMap.caseInsensitiveMultiMap()
        .add("statuses", "going").add("statuses", "maybe").add("subject", "See you")
        .add("body", "Doors at 18:00"));
    assertEquals("/organize/e/" + eventId + "/mail?queued=3", sent.getHeader("Location"));
    assertEquals(3, MailScene.count(db,
        "SELECT count(*) FROM outbox WHERE event_id = ? AND kind = 'organizer_message'", eventId));
  }

  @Test
  void strangersAreSentToLogIn() {
    String eventId = server.createEvent(token, "pages", new JsonObject()).getString("id");
    var r = server.get("/organize/e/" + eventId + "/mail");
    assertEquals(302, r.statusCode());
    assertTrue(r.getHeader("Location").startsWith("/login"));
  }
}
