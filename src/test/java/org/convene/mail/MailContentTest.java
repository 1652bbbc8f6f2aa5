package org.convene.mail;

import org.convene.outbox.Outbox;
import static org.convene.mail.MailScene.calendar;
import static org.convene.mail.MailScene.find;
import static org.convene.mail.MailScene.oneMailTo;
import static org.convene.mail.MailScene.rsvp;
import static org.convene.mail.MailScene.structure;
import static org.convene.mail.MailScene.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.db.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What each kind of mail says and how it is built, as received by a real SMTP server. */
class MailContentTest {
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
    server.createGroup(token, "berlin-alumni");
  }

  @AfterAll
  static void stop() {
    server.close();
    smtp.stop();
  }

  private String event(JsonObject extra) {
    return server.createEvent(token, "berlin-alumni", extra.copy()
        .put("onlineUrl", "https://meet.example.org/winter")).getString("id");
  }

  @Test
  void aGoingConfirmationCarriesTheManageLinkAndAnInviteGmailAndOutlookActOn() throws Exception {
    String eventId = event(new JsonObject());
    String[] r = rsvp(db, eventId, "ada@example.org", "Ada Lovelace", "going");
    long row = MailScene.enqueue(db, Outbox.RSVP_CONFIRMATION, eventId, r[0], "ada@example.org", null);

    MimeMessage m = oneMailTo(smtp, "ada@example.org");
    assertEquals("You're going: Winter mixer", m.getSubject());
    InternetAddress from = (InternetAddress) m.getFrom()[0];
    assertEquals("convene@convene.test", from.getAddress());
    assertEquals("Group berlin-alumni", from.getPersonal());
    assertEquals("olga@example.org", ((InternetAddress) m.getReplyTo()[0]).getAddress());
    assertEquals(1, m.getAllRecipients().length);
    String messageId = MailScene.queryString(db, "SELECT message_id FROM outbox WHERE id = ?", row);
    assertEquals("<" + messageId + "@convene.test>", m.getMessageID());

    assertEquals("multipart/mixed[multipart/alternative[text/plain,text/html,text/calendar],application/ics]",
        structure(m));
    String plain = text(find(m, "text/plain"));
    assertTrue(plain.contains(server.baseUrl + "/r/" + r[1]), plain);
    assertTrue(plain.contains("Tue 15 Jan 2030, 18:30–21:00 (Berlin time)"), plain);
    assertTrue(plain.contains("https://meet.example.org/winter"), "going people get the online link");
    assertTrue(plain.contains(server.baseUrl + "/feeds/"), "the person's own feed link: " + plain);
    String html = text(find(m, "text/html"));
    assertTrue(html.contains("href=\"" + server.baseUrl + "/r/" + r[1] + "\""), html);

    Part calPart = find(m, "text/calendar");
    ContentType type = new ContentType(calPart.getContentType());
    assertEquals("REQUEST", type.getParameter("method"));
    assertEquals("UTF-8", type.getParameter("charset").toUpperCase());
    Calendar cal = calendar(calPart);
    assertEquals(type.getParameter("method"), cal.getProperty("METHOD").get().getValue());
    VEvent ev = (VEvent) cal.getComponent("VEVENT").get();
    assertEquals("mailto:ada@example.org", ev.getProperty("ATTENDEE").get().getValue());
    Part attachment = find(m, "application/ics");
    assertEquals("invite.ics", attachment.getFileName());
    assertEquals(Part.ATTACHMENT, attachment.getDisposition());
    assertEquals(text(calPart), text(attachment));
  }

  @Test
  void waitlistedPeopleLearnTheirPlaceInLineAndGetNoInviteNorOnlineLink() throws Exception {
    String eventId = event(new JsonObject().put("capacity", 1));
    rsvp(db, eventId, "first@example.org", "First", "going");
    rsvp(db, eventId, "second@example.org", "Second", "waitlisted");
    String[] r = rsvp(db, eventId, "third@example.org", "Third", "waitlisted");
    MailScene.enqueue(db, Outbox.WAITLISTED, eventId, r[0], "third@example.org", "{\"position\":2}");

    MimeMessage m = oneMailTo(smtp, "third@example.org");
    assertEquals("You're number 2 on the waitlist: Winter mixer", m.getSubject());
    assertEquals("multipart/alternative[text/plain,text/html]", structure(m));
    String plain = text(find(m, "text/plain"));
    assertTrue(plain.contains("number 2"), plain);
    assertTrue(plain.contains(server.baseUrl + "/r/" + r[1]), plain);
    assertFalse(plain.contains("meet.example.org"), "the online link is for people with a seat");
  }

  @Test
  void aPromotionBringsTheInviteAndAnAlreadyAnsweredMailTheManageLink() throws Exception {
    String eventId = event(new JsonObject());
    String[] p = rsvp(db, eventId, "promoted@example.org", "Pat", "going");
    String[] a = rsvp(db, eventId, "again@example.org", "Al", "maybe");
    MailScene.enqueue(db, Outbox.PROMOTED, eventId, p[0], "promoted@example.org", null);
    MailScene.enqueue(db, Outbox.ALREADY_REGISTERED, eventId, a[0], "again@example.org", null);

    MimeMessage promoted = oneMailTo(smtp, "promoted@example.org");
    assertEquals("A seat opened up, you're going: Winter mixer", promoted.getSubject());
    Part cal = find(promoted, "text/calendar");
    assertEquals("REQUEST", new ContentType(cal.getContentType()).getParameter("method"));
    assertEquals("REQUEST", calendar(cal).getProperty("METHOD").get().getValue());

    MimeMessage again = oneMailTo(smtp, "again@example.org");
    assertEquals("You already answered: Winter mixer", again.getSubject());
    assertNull(find(again, "text/calendar"));
    assertTrue(text(find(again, "text/plain")).contains(server.baseUrl + "/r/" + a[1]));
  }

  @Test
  void aCancelledRsvpGetsACancelForItsCalendar() throws Exception {
    String eventId = event(new JsonObject());
    String[] r = rsvp(db, eventId, "gone@example.org", "Gone", "cancelled");
    MailScene.enqueue(db, Outbox.RSVP_CANCELLED, eventId, r[0], "gone@example.org", null);

    MimeMessage m = oneMailTo(smtp, "gone@example.org");
    assertEquals("Your RSVP is cancelled: Winter mixer", m.getSubject());
    Part cal = find(m, "text/calendar");
    assertEquals("CANCEL", new ContentType(cal.getContentType()).getParameter("method"));
    assertEquals("CANCEL", calendar(cal).getProperty("METHOD").get().getValue());
    assertEquals("CANCEL", calendar(find(m, "application/ics")).getProperty("METHOD").get().getValue());
  }

  @Test
  void aMailThatNoLongerAppliesIsSkippedNotSent() {
    String eventId = event(new JsonObject());
    String[] r = rsvp(db, eventId, "stillwaiting@example.org", "Wes", "waitlisted");
    long row = MailScene.enqueue(db, Outbox.PROMOTED, eventId, r[0], "stillwaiting@example.org", null);
    long end = System.currentTimeMillis() + 15_000;
    while (MailScene.queryString(db, "SELECT status FROM outbox WHERE id = ?", row).equals("pending")
        && System.currentTimeMillis() < end) {
      MailScene.sleep(100);
    }
    assertEquals("skipped", MailScene.queryString(db, "SELECT status FROM outbox WHERE id = ?", row));
    assertEquals("no longer going", MailScene.queryString(db, "SELECT last_error FROM outbox WHERE id = ?", row));
    assertEquals(0, MailScene.mailsTo(smtp, "stillwaiting@example.org", 1, 500).size());
  }

  @Test
  void changingThePlaceSendsTheUpdatedInviteAndCancellingSendsCancelToThoseWhoAnswered() throws Exception {
    String eventId = event(new JsonObject());
    String[] going = rsvp(db, eventId, "u-going@example.org", "Gina", "going");
    rsvp(db, eventId, "u-maybe@example.org", "Max", "maybe");
    rsvp(db, eventId, "u-wait@example.org", "Wanda", "waitlisted");
    rsvp(db, eventId, "u-no@example.org", "Nora", "not_going");
    rsvp(db, eventId, "u-cancelled@example.org", "Cid", "cancelled");
    MailScene.enqueue(db, Outbox.RSVP_CONFIRMATION, eventId, going[0], "u-going@example.org", null);
    MimeMessage confirmation = oneMailTo(smtp, "u-going@example.org");
    VEvent first = (VEvent) calendar(find(confirmation, "text/calendar")).getComponent("VEVENT").get();

    var noticeable = server.patchJson("/api/v1/events/" + eventId,
        new JsonObject().put("venue", "Boat House"), "Authorization", "Bearer " + token);
    assertEquals(200, noticeable.statusCode(), noticeable.bodyAsString());
    var cosmetic = server.patchJson("/api/v1/events/" + eventId,
        new JsonObject().put("description", "Bring a friend"), "Authorization", "Bearer " + token);
    assertEquals(200, cosmetic.statusCode());

    for (String who : List.of("u-going@example.org", "u-maybe@example.org", "u-wait@example.org")) {
      List<MimeMessage> got = MailScene.mailsTo(smtp, who, who.startsWith("u-going") ? 2 : 1, 15_000);
      MimeMessage update = got.get(got.size() - 1);
      assertTrue(update.getSubject().startsWith("Changed: Winter mixer"), update.getSubject());
      assertTrue(text(find(update, "text/plain")).contains("Boat House"));
      Part cal = find(update, "text/calendar");
      assertEquals("REQUEST", new ContentType(cal.getContentType()).getParameter("method"));
      VEvent ev = (VEvent) calendar(cal).getComponent("VEVENT").get();
      assertEquals(first.getUid().get().getValue(), ev.getUid().get().getValue(), "same UID");
      assertEquals(1, Integer.parseInt(ev.getProperty("SEQUENCE").get().getValue()), "higher SEQUENCE");
    }
    assertEquals(3, MailScene.count(db, "SELECT count(*) FROM outbox WHERE event_id = ? AND kind = 'event_updated'", eventId),
        "one update per attendee still coming, none for the description edit");

    assertEquals(200, server.postJson("/api/v1/events/" + eventId + "/cancel", new JsonObject(),
        "Authorization", "Bearer " + token).statusCode());
    for (String who : List.of("u-going@example.org", "u-maybe@example.org", "u-wait@example.org")) {
      List<MimeMessage> got = MailScene.mailsTo(smtp, who, who.startsWith("u-going") ? 3 : 2, 15_000);
      MimeMessage cancel = got.get(got.size() - 1);
      assertEquals("Cancelled: Winter mixer", cancel.getSubject());
      Part cal = find(cancel, "text/calendar");
      assertEquals("CANCEL", new ContentType(cal.getContentType()).getParameter("method"));
      assertEquals("CANCEL", calendar(cal).getProperty("METHOD").get().getValue());
    }
    assertEquals(0, MailScene.count(db, "SELECT count(*) FROM outbox WHERE recipient IN ('u-no@example.org', 'u-cancelled@example.org')"));
  }

  @Test
  void anOrganizerMessageGoesToTheChosenPeopleEachAlone() throws Exception {
    String eventId = event(new JsonObject());
    rsvp(db, eventId, "m-going1@example.org", "G1", "going");
    rsvp(db, eventId, "m-going2@example.org", "G2", "going");
    rsvp(db, eventId, "m-wait@example.org", "W", "waitlisted");
    rsvp(db, eventId, "m-maybe@example.org", "M", "maybe");
    var r = server.postJson("/api/v1/events/" + eventId + "/messages", new JsonObject()
        .put("statuses", new JsonArray().add("going").add("waitlisted"))
        .put("subject", "Parking").put("body", "Use the **north** entrance <script>x</script>"),
        "Authorization", "Bearer " + token);
    assertEquals(202, r.statusCode(), r.bodyAsString());
    assertEquals(3, r.bodyAsJsonObject().getInteger("recipients"));

    for (String who : List.of("m-going1@example.org", "m-going2@example.org", "m-wait@example.org")) {
      MimeMessage m = oneMailTo(smtp, who);
      assertEquals("Parking", m.getSubject());
      assertEquals(1, m.getAllRecipients().length, "one recipient per message");
      assertNull(m.getHeader("Cc"));
      assertNull(m.getHeader("Bcc"));
      assertEquals("olga@example.org", ((InternetAddress) m.getReplyTo()[0]).getAddress());
      String html = text(find(m, "text/html"));
      assertTrue(html.contains("<strong>north</strong>"), html);
      assertFalse(html.contains("<script>"), html);
      assertTrue(text(find(m, "text/plain")).contains("Use the **north** entrance"));
    }
    assertEquals(0, MailScene.count(db, "SELECT count(*) FROM outbox WHERE recipient = 'm-maybe@example.org'"));
  }

  @Test
  void aMessageNeedsAnAudienceASubjectAndABodyAndAnOrganizer() {
    String eventId = event(new JsonObject());
    var bad = server.postJson("/api/v1/events/" + eventId + "/messages", new JsonObject()
        .put("statuses", new JsonArray().add("everyone")).put("subject", " ").put("extra", 1),
        "Authorization", "Bearer " + token);
    assertEquals(400, bad.statusCode());
    JsonObject details = bad.bodyAsJsonObject().getJsonObject("details");
    assertNotNull(details.getString("statuses"));
    assertNotNull(details.getString("subject"));
    assertNotNull(details.getString("body"));
    assertNotNull(details.getString("extra"));

    String stranger = server.organizerToken("mallory@example.org");
    JsonObject ok = new JsonObject().put("statuses", new JsonArray().add("going"))
        .put("subject", "Hi").put("body", "Hello");
    assertEquals(403, server.postJson("/api/v1/events/" + eventId + "/messages", ok,
        "Authorization", "Bearer " + stranger).statusCode());
    assertEquals(401, server.postJson("/api/v1/events/" + eventId + "/messages", ok).statusCode());
    assertEquals(403, server.get("/api/v1/events/" + eventId + "/mail",
        "Authorization", "Bearer " + stranger).statusCode());
  }

  @Test
  void failedMailsAreShownToTheOrganizerAndCanBeTriedAgain() {
    String eventId = event(new JsonObject());
    String[] r = rsvp(db, eventId, "bounced@example.org", "Bo", "going");
    // as the sender leaves a mail after its last try
    long row = Long.parseLong(MailScene.queryString(db, """
        INSERT INTO outbox (kind, event_id, rsvp_id, recipient, status, attempts, last_error)
        VALUES ('reminder', ?, ?::uuid, 'bounced@example.org', 'failed', 10, '550 no such user')
        RETURNING id""", eventId, r[0]));

    JsonObject mail = server.get("/api/v1/events/" + eventId + "/mail",
        "Authorization", "Bearer " + token).bodyAsJsonObject();
    assertEquals(1, mail.getJsonObject("counts").getInteger("failed"));
    JsonObject failed = mail.getJsonArray("failed").getJsonObject(0);
    assertEquals("bounced@example.org", failed.getString("recipient"));
    assertEquals("550 no such user", failed.getString("lastError"));

    var retry = server.postJson("/api/v1/events/" + eventId + "/mail/retry", new JsonObject(),
        "Authorization", "Bearer " + token);
    assertEquals(1, retry.bodyAsJsonObject().getInteger("retried"));
    // tried again: the event starts in 2030, so a reminder no longer applies and is skipped
    long end = System.currentTimeMillis() + 15_000;
    while (!"skipped".equals(MailScene.queryString(db, "SELECT status FROM outbox WHERE id = ?", row))
        && System.currentTimeMillis() < end) {
      MailScene.sleep(100);
    }
    assertEquals("skipped", MailScene.queryString(db, "SELECT status FROM outbox WHERE id = ?", row));
  }

  @Test
  void theRsvpFlowMailsConfirmationWaitlistPromotionAndCancellation() throws Exception {
    String eventId = event(new JsonObject().put("capacity", 1));
    var first = server.postJson("/api/v1/events/" + eventId + "/rsvps", new JsonObject()
        .put("name", "Fay First").put("email", "flow-first@example.org").put("response", "going"));
    assertEquals(201, first.statusCode(), first.bodyAsString());
    var second = server.postJson("/api/v1/events/" + eventId + "/rsvps", new JsonObject()
        .put("name", "Sam Second").put("email", "flow-second@example.org").put("response", "going"));
    assertEquals("waitlisted", second.bodyAsJsonObject().getString("status"));

    MimeMessage confirmation = oneMailTo(smtp, "flow-first@example.org");
    assertEquals("You're going: Winter mixer", confirmation.getSubject());
    String firstToken = server.mailedToken(eventId, "flow-first@example.org");
    assertTrue(text(find(confirmation, "text/plain"))
        .contains(server.baseUrl + "/r/" + firstToken));
    MimeMessage waiting = oneMailTo(smtp, "flow-second@example.org");
    assertEquals("You're number 1 on the waitlist: Winter mixer", waiting.getSubject());

    assertEquals(204, server.delete("/api/v1/rsvps/" + firstToken).statusCode());
    List<MimeMessage> toFirst = MailScene.mailsTo(smtp, "flow-first@example.org", 2, 15_000);
    assertEquals("Your RSVP is cancelled: Winter mixer", toFirst.get(1).getSubject());
    assertEquals("CANCEL", calendar(find(toFirst.get(1), "text/calendar")).getProperty("METHOD").get().getValue());
    List<MimeMessage> toSecond = MailScene.mailsTo(smtp, "flow-second@example.org", 2, 15_000);
    assertEquals("A seat opened up, you're going: Winter mixer", toSecond.get(1).getSubject());
    assertEquals("REQUEST", calendar(find(toSecond.get(1), "text/calendar")).getProperty("METHOD").get().getValue());
  }

  @Test
  void aFollowUpCanThankThoseWhoCameAndWriteDifferentlyToNoShows() throws Exception {
    String eventId = event(new JsonObject());
    String[] came = rsvp(db, eventId, "f-came@example.org", "Cam", "going");
    MailScene.sql(db, "UPDATE rsvps SET checked_in_at = now() WHERE id = ?::uuid", came[0]);
    rsvp(db, eventId, "f-noshow@example.org", "Nos", "going");
    rsvp(db, eventId, "f-maybe@example.org", "May", "maybe");
    for (String[] audience : new String[][] {{"checked_in", "Thanks for coming"}, {"no_show", "We missed you"}}) {
      var r = server.postJson("/api/v1/events/" + eventId + "/messages", new JsonObject()
          .put("statuses", new JsonArray().add(audience[0])).put("subject", audience[1])
          .put("body", "Slides: https://example.org/slides"), "Authorization", "Bearer " + token);
      assertEquals(1, r.bodyAsJsonObject().getInteger("recipients"), r.bodyAsString());
    }
    assertEquals("Thanks for coming", oneMailTo(smtp, "f-came@example.org").getSubject());
    assertEquals("We missed you", oneMailTo(smtp, "f-noshow@example.org").getSubject());
    assertEquals(0, MailScene.count(db, "SELECT count(*) FROM outbox WHERE recipient = 'f-maybe@example.org'"));
  }

  @Test
  void aFeedLinkMailCarriesTheCurrentFeedAddress() throws Exception {
    String eventId = event(new JsonObject());
    String[] r = rsvp(db, eventId, "feed@example.org", "Fee", "going");
    MailScene.enqueue(db, Outbox.FEED_LINK, null, r[0], "feed@example.org", "{\"rotated\":true}");

    MimeMessage m = oneMailTo(smtp, "feed@example.org");
    assertEquals("Your calendar feed link", m.getSubject());
    String token = MailScene.queryString(db, "SELECT feed_token FROM people WHERE email = 'feed@example.org'");
    String plain = text(find(m, "text/plain"));
    assertTrue(plain.contains(server.baseUrl + "/feeds/" + token + "/calendar.ics"), plain);
    assertTrue(plain.contains("webcal://localhost:" + server.port + "/feeds/" + token), plain);
    assertTrue(plain.contains("no longer works"), plain);
  }

  @Test
  void theReminderADayAheadHasTheOnlineLinkAndTheWayToOptOut() throws Exception {
    java.time.LocalDateTime start = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC).plusHours(20)
        .withSecond(0).withNano(0);
    var fmt = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
    String eventId = event(new JsonObject().put("timeZone", "UTC")
        .put("startsAt", start.format(fmt)).put("endsAt", start.plusHours(2).format(fmt)));
    String[] r = rsvp(db, eventId, "remind-me@example.org", "Rem", "going");
    new Reminders(server.app.pool()).queueDue().await(10, java.util.concurrent.TimeUnit.SECONDS);

    MimeMessage m = oneMailTo(smtp, "remind-me@example.org");
    assertTrue(m.getSubject().startsWith("Reminder: Winter mixer, "), m.getSubject());
    assertEquals("multipart/alternative[text/plain,text/html]", structure(m));
    String plain = text(find(m, "text/plain"));
    assertTrue(plain.contains("https://meet.example.org/winter"), plain);
    assertTrue(plain.contains(server.baseUrl + "/r/" + r[1]), plain);
    assertTrue(plain.contains("Don't want reminders?"), plain);
  }
}
