package org.convene.mail;

import static org.convene.mail.MailScene.find;
import static org.convene.mail.MailScene.mailsTo;
import static org.convene.mail.MailScene.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.db.Database;
import org.convene.outbox.Outbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The mails of approval and the claim window, as a real SMTP server receives them. */
class SeatMailsTest {
  static GreenMail smtp;
  static TestServer server;
  static Database.Target db;
  static String token;
  static String bearer;

  @BeforeAll
  static void start() {
    int port = TestServer.freePort();
    smtp = MailScene.smtp(port);
    db = TestDb.fresh();
    server = MailScene.serverWithSmtp(db, port);
    token = server.organizerToken("host@example.org");
    bearer = "Bearer " + token;
    server.createGroup(token, "supper-club");
  }

  @AfterAll
  static void stop() {
    server.close();
    smtp.stop();
  }

  static String rsvp(String event, String email) {
    var r = server.postJson("/api/v1/events/" + event + "/rsvps", new JsonObject()
        .put("name", "Guest " + email).put("email", email).put("response", "going"));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return server.open(server.mailedToken(event, email)).getString("id");
  }

  static List<MimeMessage> mails(String to, int n) {
    List<MimeMessage> got = mailsTo(smtp, to, n, 15_000);
    assertEquals(n, got.size(), () -> "mails to " + to + "; outbox: " + MailScene.queryString(db,
        "SELECT string_agg(kind || ' ' || status || ' ' || coalesce(last_error, ''), '; ' ORDER BY id)"
            + " FROM outbox WHERE recipient = ?", to));
    return got;
  }

  @Test
  void pendingHidesTheAddressTheApprovalBringsItWithTheInvite() throws Exception {
    String event = server.createEvent(token, "supper-club", new JsonObject().put("approval", true)
        .put("address", "Secret Courtyard 3").put("onlineUrl", "https://meet.example.org/sup"))
        .getString("id");
    String id = rsvp(event, "pat@example.org");
    MimeMessage pending = mails("pat@example.org", 1).get(0);
    assertEquals("Waiting for approval: Winter mixer", pending.getSubject());
    String plain = text(find(pending, "text/plain"));
    assertTrue(plain.contains("waiting for their approval"), plain);
    assertTrue(plain.contains("Address: sent once the organizers approve your RSVP"), plain);
    assertFalse(plain.contains("Secret Courtyard"), plain);
    assertFalse(text(find(pending, "text/html")).contains("Secret Courtyard"));
    assertNull(find(pending, "text/calendar"), "no invite before approval");

    var ok = server.postJson("/api/v1/events/" + event + "/rsvps/" + id + "/approve",
        new JsonObject(), "Authorization", bearer);
    assertEquals(200, ok.statusCode(), ok.bodyAsString());
    MimeMessage approved = mails("pat@example.org", 2).get(1);
    assertEquals("You're approved and going: Winter mixer", approved.getSubject());
    String after = text(find(approved, "text/plain"));
    assertTrue(after.contains("approved your RSVP"), after);
    assertTrue(after.contains("Secret Courtyard 3"), after);
    assertTrue(after.contains("https://meet.example.org/sup"), after);
    assertNotNull(find(approved, "text/calendar"), "the invite comes with the approval");
    assertTrue(text(find(approved, "text/calendar")).contains("Secret Courtyard 3"));
  }

  @Test
  void aDeclineCarriesTheOrganizersMessage() throws Exception {
    String event = server.createEvent(token, "supper-club", new JsonObject().put("approval", true)
        .put("address", "Secret Courtyard 3")).getString("id");
    String id = rsvp(event, "quinn@example.org");
    mails("quinn@example.org", 1);
    var r = server.postJson("/api/v1/events/" + event + "/rsvps/" + id + "/decline",
        new JsonObject().put("message", "This dinner is for the class of 2005 <only>."),
        "Authorization", bearer);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    MimeMessage declined = mails("quinn@example.org", 2).get(1);
    assertEquals("Your RSVP was not approved: Winter mixer", declined.getSubject());
    String plain = text(find(declined, "text/plain"));
    assertTrue(plain.contains("This dinner is for the class of 2005 <only>."), plain);
    assertTrue(text(find(declined, "text/html")).contains("class of 2005 &lt;only&gt;."),
        "escaped in HTML");
    assertFalse(plain.contains("Secret Courtyard"));
  }

  @Test
  void anOfferSaysUntilWhenWithTheLinkAndIsNeverSentAfterTheStart() throws Exception {
    String event = server.createEvent(token, "supper-club", new JsonObject().put("capacity", 1)
        .put("claimWindowHours", 48)).getString("id");
    rsvp(event, "first@example.org");
    String second = rsvp(event, "second@example.org");
    String firstToken = server.mailedToken(event, "first@example.org");
    assertEquals(204, server.delete("/api/v1/rsvps/" + firstToken).statusCode());
    // the waitlist mail, still queued, no longer applies and is skipped: the offer says it all
    List<MimeMessage> got = mailsTo(smtp, "second@example.org", 2, 3_000);
    MimeMessage offer = got.get(got.size() - 1);
    assertTrue(offer.getSubject().startsWith("A seat is held for you until "), offer.getSubject());
    String plain = text(find(offer, "text/plain"));
    assertTrue(plain.contains(server.baseUrl + "/r/" + server.mailedToken(event,
        "second@example.org")), plain);
    assertTrue(plain.contains("Accept the seat"), plain);
    assertNull(find(offer, "text/calendar"), "the invite follows the acceptance");

    // a queued offer for an event that has started since is skipped, not sent
    MimeMessage unused = offer;
    MailScene.sql(db, "UPDATE events SET starts_at = now() - interval '1 minute' WHERE id = ?",
        event);
    long row = MailScene.enqueue(db, Outbox.SEAT_OFFERED, event, second, "second@example.org",
        null);
    long deadline = System.currentTimeMillis() + 15_000;
    String status = null;
    while (System.currentTimeMillis() < deadline) {
      status = MailScene.queryString(db, "SELECT status FROM outbox WHERE id = ?", row);
      if (!"pending".equals(status) && !"sending".equals(status)) break;
      MailScene.sleep(100);
    }
    assertEquals("skipped", status);
    assertEquals(got.size(), mailsTo(smtp, "second@example.org", got.size() + 1, 1_000).size(),
        unused.getSubject());
  }
}
