package org.convene.mail;

import static org.convene.mail.MailScene.oneMailTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.WebSession;
import org.convene.db.Database;
import org.convene.outbox.Outbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One-click unsubscribe (RFC 8058) as a person's mail client and browser use it, against a real
 * SMTP server: what it stops (queued mail too), what it never stops, and the page's choices.
 */
class UnsubscribeTest {
  static final Pattern LINK = Pattern.compile("^<(http://localhost:\\d+/u/([A-Za-z0-9_-]+))>$");
  static GreenMail smtp;
  static TestServer server;
  static Database.Target db;
  static String token;

  @BeforeAll
  static void start() {
    int port = TestServer.freePort();
    smtp = MailScene.smtp(port);
    db = TestDb.fresh();
    server = MailScene.serverWithSmtp(db, port);
    token = server.organizerToken("olga@example.org");
    server.createGroup(token, "north");
    server.createGroup(token, "south");
  }

  @AfterAll
  static void stop() {
    server.close();
    smtp.stop();
  }

  static String event(String group) {
    return server.createEvent(token, group, new JsonObject()).getString("id");
  }

  static void rsvp(String eventId, String email) {
    var r = server.postJson("/api/v1/events/" + eventId + "/rsvps", new JsonObject()
        .put("name", "Person " + email).put("email", email).put("response", "going"));
    assertEquals(201, r.statusCode(), r.bodyAsString());
  }

  static void message(String eventId, String subject) {
    var r = server.postJson("/api/v1/events/" + eventId + "/messages", new JsonObject()
        .put("statuses", new JsonArray().add("going")).put("subject", subject).put("body", "Hello"),
        "Authorization", "Bearer " + token);
    assertEquals(202, r.statusCode(), r.bodyAsString());
  }

  /** The mail's one-click link, after checking both RFC 8058 headers are there. */
  static String unsubscribeUrl(MimeMessage m) throws Exception {
    String[] list = m.getHeader("List-Unsubscribe");
    assertNotNull(list, "List-Unsubscribe on " + m.getSubject());
    Matcher link = LINK.matcher(list[0]);
    assertTrue(link.matches(), list[0]);
    assertEquals("List-Unsubscribe=One-Click", m.getHeader("List-Unsubscribe-Post")[0]);
    return link.group(1);
  }

  static String path(String url) {
    return url.substring(url.indexOf("/u/"));
  }

  /** What a mail client sends (RFC 8058 3.2): no cookies, no form token, one field. */
  static HttpResponse<Buffer> oneClick(String path) throws Exception {
    return server.client().post(server.port, "localhost", path)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("List-Unsubscribe", "One-Click"))
        .await(10, TimeUnit.SECONDS);
  }

  static List<MimeMessage> mailsTo(String address, String subject) throws Exception {
    List<MimeMessage> out = new java.util.ArrayList<>();
    for (MimeMessage m : MailScene.mailsTo(smtp, address, 0, 0)) {
      if (m.getSubject().equals(subject)) out.add(m);
    }
    return out;
  }

  static void awaitSettled(String recipient) {
    SenderTest.waitFor(() -> MailScene.count(db, "SELECT count(*) FROM outbox WHERE recipient = ? "
        + "AND status IN ('pending', 'sending')", recipient) == 0, 15_000);
  }

  @Test
  void theConfirmationAndAnOrganizerMessageCarryAWorkingOneClickLink() throws Exception {
    String eventId = event("north");
    rsvp(eventId, "ann@example.org");
    MimeMessage confirmation = oneMailTo(smtp, "ann@example.org");
    String url = unsubscribeUrl(confirmation);
    assertTrue(MailScene.text(MailScene.find(confirmation, "text/plain")).contains(url),
        "the footer shows the link too");
    String manageToken = server.mailedToken(eventId, "ann@example.org");
    assertFalse(url.contains(manageToken), "not the manage token");

    message(eventId, "Doors at seven");
    MailScene.mailsTo(smtp, "ann@example.org", 2, 15_000);
    MimeMessage msg = mailsTo("ann@example.org", "Doors at seven").get(0);
    String msgUrl = unsubscribeUrl(msg);

    var page = server.get(path(msgUrl));
    assertEquals(200, page.statusCode());
    assertEquals("no-referrer", page.getHeader("Referrer-Policy"));
    String html = page.bodyAsString();
    assertTrue(html.contains("a•••@example.org"), html);
    assertTrue(html.contains("Group north"), html);
    assertFalse(html.contains("ann@example.org"), "the page does not spell out the address");
    assertTrue(html.contains("value=\"group\"") && html.contains("value=\"all\""), html);
  }

  @Test
  void oneClickStopsQueuedAndLaterMessagesButNotWhatThePersonAskedFor() throws Exception {
    String eventId = event("north");
    String bob = "bob@example.org";
    rsvp(eventId, bob);
    String url = unsubscribeUrl(oneMailTo(smtp, bob));
    String rsvpId = MailScene.queryString(db, "SELECT id FROM rsvps WHERE email = ?", bob);
    // a message queued before the click, its turn after it
    MailScene.sql(db, """
        INSERT INTO outbox (kind, event_id, rsvp_id, recipient, payload, next_attempt_at)
        VALUES ('organizer_message', ?, ?::uuid, ?, '{"subject":"Queued before","body":"x"}'::jsonb,
          now() + interval '1 hour')""", eventId, rsvpId, bob);

    var click = oneClick(path(url));
    assertEquals(200, click.statusCode(), click.bodyAsString());
    assertEquals(200, oneClick(path(url)).statusCode(), "a repeated click changes nothing");
    assertEquals(1, MailScene.count(db, "SELECT count(*) FROM mail_suppressions WHERE email = ?", bob));

    MailScene.sql(db, "UPDATE outbox SET next_attempt_at = now() WHERE recipient = ?", bob);
    message(eventId, "Sent after");
    MailScene.enqueue(db, Outbox.PROMOTED, eventId, rsvpId, bob, null);
    MailScene.enqueue(db, Outbox.RSVP_CONFIRMATION, eventId, rsvpId, bob, null);
    MailScene.mailsTo(smtp, bob, 3, 15_000);
    awaitSettled(bob);

    assertEquals(2, MailScene.count(db, "SELECT count(*) FROM outbox WHERE recipient = ? "
        + "AND kind = 'organizer_message' AND status = 'skipped' AND last_error = 'unsubscribed'", bob));
    assertEquals(0, mailsTo(bob, "Queued before").size());
    assertEquals(0, mailsTo(bob, "Sent after").size());
    assertEquals(1, mailsTo(bob, "A seat opened up, you're going: Winter mixer").size());
    assertEquals(2, mailsTo(bob, "You're going: Winter mixer").size(), "both confirmations arrived");
  }

  @Test
  void thePagesAllMailChoiceStopsAnotherGroupsMessagesAndCanBeUndone() throws Exception {
    String north = event("north");
    String south = event("south");
    String dora = "dora@example.org";
    rsvp(north, dora);
    String url = unsubscribeUrl(oneMailTo(smtp, dora));
    rsvp(south, dora);
    rsvp(south, "eve@example.org");
    MailScene.mailsTo(smtp, dora, 2, 15_000);
    oneMailTo(smtp, "eve@example.org");

    WebSession browser = new WebSession(server);
    assertEquals(403, browser.postRaw(path(url), "choice", "all").statusCode(),
        "the page's form needs its CSRF token");
    var chosen = browser.submit(path(url), path(url), "choice", "all");
    assertEquals(302, chosen.statusCode());
    assertEquals(path(url) + "?done=all", chosen.getHeader("Location"));
    String confirmed = browser.get(chosen.getHeader("Location")).bodyAsString();
    assertTrue(confirmed.contains("gets no more mail from any group"), confirmed);
    assertTrue(confirmed.contains("Get mail again"), confirmed);

    message(south, "South picnic");
    MailScene.mailsTo(smtp, "eve@example.org", 2, 15_000);
    awaitSettled(dora);
    assertEquals(1, mailsTo("eve@example.org", "South picnic").size());
    assertEquals(0, mailsTo(dora, "South picnic").size(), "another group's message is stopped too");

    var undo = browser.submit(path(url), path(url), "choice", "resubscribe");
    assertEquals(path(url) + "?done=resubscribe", undo.getHeader("Location"));
    assertEquals(0, MailScene.count(db, "SELECT count(*) FROM mail_suppressions WHERE email = ?", dora));
    message(south, "South picnic, again");
    MailScene.mailsTo(smtp, dora, 3, 15_000);
    assertEquals(1, mailsTo(dora, "South picnic, again").size());
  }

  @Test
  void aForgedOrMangledTokenIsNotFound() throws Exception {
    String eventId = event("north");
    rsvp(eventId, "fay@example.org");
    String p = path(unsubscribeUrl(oneMailTo(smtp, "fay@example.org")));
    String t = p.substring(3);
    char last = t.charAt(t.length() / 2);
    String mangled = "/u/" + t.substring(0, t.length() / 2) + (last == 'A' ? 'B' : 'A')
        + t.substring(t.length() / 2 + 1);
    String group = MailScene.queryString(db, "SELECT id FROM groups WHERE slug = 'north'");
    String otherSecret = "/u/" + new UnsubscribeTokens(new byte[32]).seal("fay@example.org",
        UUID.fromString(group));
    for (String bad : List.of(mangled, otherSecret, "/u/nonsense", "/u/" + t.substring(0, 20),
        "/u/" + server.mailedToken(eventId, "fay@example.org"))) {
      assertEquals(404, server.get(bad).statusCode(), bad);
      assertEquals(404, oneClick(bad).statusCode(), bad);
    }
    assertEquals(0, MailScene.count(db, "SELECT count(*) FROM mail_suppressions WHERE email = 'fay@example.org'"));
    assertEquals(200, server.get(p).statusCode());
  }

  @Test
  void aTokenOpensToTheAddressAndGroupItWasSealedFor() {
    UnsubscribeTokens tokens = new UnsubscribeTokens("a shared secret".getBytes());
    UUID group = UUID.randomUUID();
    String sealed = tokens.seal(" Gus@Example.org ", group);
    assertEquals(new UnsubscribeTokens.Subscriber("gus@example.org", group),
        tokens.open(sealed).orElseThrow());
    assertEquals(new UnsubscribeTokens.Subscriber("gus@example.org", null),
        tokens.open(tokens.seal("gus@example.org", null)).orElseThrow());
    assertFalse(sealed.toLowerCase().contains("gus"), "the address is not readable in the URL");
    assertTrue(new UnsubscribeTokens("another secret".getBytes()).open(sealed).isEmpty());
    assertTrue(tokens.open(sealed + "A").isEmpty());
    assertTrue(tokens.open("").isEmpty());
    assertTrue(tokens.open("%%%").isEmpty());
  }
}
