package org.convene.mail;

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
}
