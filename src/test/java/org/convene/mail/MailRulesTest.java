package org.convene.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.convene.events.Event;
import org.junit.jupiter.api.Test;

/** The parts of mail that need no server: rules, retry timing, change detection, MIME headers. */
class MailRulesTest {

  @Test
  void aMessageNeedsKnownAudiencesASubjectLineAndABody() {
    MessageRules.Checked ok = MessageRules.check(List.of("going", "going", "maybe"),
        "  Parking\r\nBcc: everyone@example.org ", "Hello");
    assertTrue(ok.ok());
    assertEquals(List.of("going", "maybe"), ok.message().statuses());
    assertEquals("Parking Bcc: everyone@example.org", ok.message().subject(), "one line, no header injection");

    MessageRules.Checked bad = MessageRules.check(List.of("cancelled"), "x".repeat(201), " ");
    assertFalse(bad.ok());
    assertEquals(Set.of("statuses", "subject", "body"), bad.errors().fieldNames());
    assertTrue(MessageRules.check(List.of(), "Hi", "Body").errors().containsKey("statuses"));
  }

  @Test
  void retriesBackOffExponentiallyUpToTheCap() {
    Sender.Settings s = Sender.Settings.defaults();
    assertEquals(60, s.retryDelay(1));
    assertEquals(120, s.retryDelay(2));
    assertEquals(480, s.retryDelay(4));
    assertEquals(3600, s.retryDelay(7));
    assertEquals(3600, s.retryDelay(50));
    int total = 0;
    for (int a = 1; a < s.maxAttempts(); a++) total += s.retryDelay(a);
    assertTrue(total > 3 * 3600 && total < 6 * 3600, "hours of tries before giving up: " + total);
  }

  static Event event(Instant start, String venue, String online, String status) {
    return new Event("abcdefghijklmnop", UUID.randomUUID(), "g", "G", "T", "", start,
        start.plusSeconds(7200), ZoneId.of("Europe/Berlin"), venue, null, online, null, 0, null,
        status, 0, Instant.now(), Instant.now(), 0, false);
  }

  @Test
  void onlyWhatACalendarShowsCountsAsAChange() {
    Instant t = Instant.parse("2030-01-15T17:30:00Z");
    Event before = event(t, "Hall", null, "published");
    assertEquals(Set.of(), EventMail.changed(before, event(t, "Hall", null, "published")));
    assertEquals(Set.of("time"), EventMail.changed(before, event(t.plusSeconds(3600), "Hall", null, "published")));
    assertEquals(Set.of("place", "online"), EventMail.changed(before,
        event(t, "Boat House", "https://meet.example.org/x", "published")));
    assertEquals(Set.of("status"), EventMail.changed(event(t, "Hall", null, "cancelled"), before));
  }

  @Test
  void theHeaderMethodIsReadFromTheCalendar() {
    assertEquals("CANCEL", MailRenderer.methodOf("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:CANCEL\r\nEND:VCALENDAR\r\n"));
    assertEquals("REQUEST", MailRenderer.methodOf("BEGIN:VCALENDAR\nMETHOD:REQUEST\nEND:VCALENDAR\n"));
  }

  @Test
  void namesAndSubjectsBeyondAsciiAreEncodedAndTheMessageIdIsTheRowsOwn() throws Exception {
    Mail mail = new Mail("zoe@example.org", "Grüße aus Köln: Sommerfest", "Hallo Zoë", "<p>Hallo Zoë</p>",
        "Alumni Köln \"Süd\"", "olga@example.org", null, null, null);
    String id = Mime.messageId("0f8fad5b-d9cb-469f-a165-70867728950e", "Convene <mail@convene.org>");
    assertEquals("<0f8fad5b-d9cb-469f-a165-70867728950e@convene.org>", id);
    MimeMessage m = new MimeMessage(Session.getInstance(new Properties()),
        new ByteArrayInputStream(Mime.encode(mail, "Convene <mail@convene.org>", id)));
    assertEquals("Grüße aus Köln: Sommerfest", m.getSubject());
    InternetAddress from = (InternetAddress) m.getFrom()[0];
    assertEquals("Alumni Köln \"Süd\"", from.getPersonal());
    assertEquals("mail@convene.org", from.getAddress());
    assertEquals(id, m.getMessageID());
    assertEquals("multipart/alternative[text/plain,text/html]", MailScene.structure(m));
    assertEquals("Hallo Zoë", MailScene.text(MailScene.find(m, "text/plain")));
    assertNull(m.getHeader("Bcc"));

    var forVertx = Mime.forVertx(mail, "Convene <mail@convene.org>", id);
    assertTrue(forVertx.isFixedHeaders());
    assertEquals(id, forVertx.getHeaders().get("Message-ID"));
    assertTrue(forVertx.getText().chars().allMatch(c -> c == '\n' || (c >= 32 && c < 127)),
        "7-bit with LF line ends, so Vert.x sends it as it is");
  }
}
