package org.convene.mail;

import org.convene.outbox.Outbox;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import java.util.concurrent.TimeUnit;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.db.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Reminders a day ahead, once per attendee across instances, with the opt-out; and the log-only
 * mode this server runs in (no SMTP_HOST), where each mail is written to the log and marked sent.
 */
class RemindersTest {
  static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
  static TestServer server;
  static Database.Target db;
  static String token;
  static ListAppender<ILoggingEvent> logged = new ListAppender<>();

  @BeforeAll
  static void start() {
    logged.start();
    ((Logger) LoggerFactory.getLogger("org.convene.mail.LoggedMail")).addAppender(logged);
    db = TestDb.fresh();
    server = TestServer.start(db, java.util.Map.of());
    token = server.organizerToken("olga@example.org");
    server.createGroup(token, "reminded");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** An event starting {@code hours} from now, in UTC to keep the arithmetic plain. */
  static String eventIn(int hours) {
    LocalDateTime start = LocalDateTime.now(ZoneOffset.UTC).plusHours(hours);
    return server.createEvent(token, "reminded", new JsonObject().put("timeZone", "UTC")
        .put("startsAt", start.format(LOCAL)).put("endsAt", start.plusHours(2).format(LOCAL)))
        .getString("id");
  }

  static long reminders(String eventId) {
    return MailScene.count(db, "SELECT count(*) FROM outbox WHERE event_id = ? AND kind = 'reminder'", eventId);
  }

  static int queueFromManyInstancesAtOnce() {
    Reminders a = new Reminders(server.app.pool());
    Reminders b = new Reminders(server.app.pool());
    Reminders c = new Reminders(server.app.pool());
    try {
      var all = Future.all(a.queueDue(), b.queueDue(), c.queueDue()).await(10, TimeUnit.SECONDS);
      return all.<Integer>resultAt(0) + all.<Integer>resultAt(1) + all.<Integer>resultAt(2);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void goingAttendeesGetOneReminderADayAheadUnlessTheyOptedOut() {
    String soon = eventIn(20);
    String later = eventIn(30);
    String[] going = MailScene.rsvp(db, soon, "going@example.org", "Gia", "going");
    String[] optedOut = MailScene.rsvp(db, soon, "quiet@example.org", "Quinn", "going");
    MailScene.sql(db, "UPDATE rsvps SET reminders = false WHERE id = ?::uuid", optedOut[0]);
    MailScene.rsvp(db, soon, "maybe@example.org", "May", "maybe");
    String[] justNow = MailScene.rsvp(db, soon, "late@example.org", "Lee", "going");
    MailScene.sql(db, "UPDATE rsvps SET created_at = now() WHERE id = ?::uuid", justNow[0]);
    MailScene.rsvp(db, later, "later@example.org", "Lou", "going");

    queueFromManyInstancesAtOnce();
    queueFromManyInstancesAtOnce();

    assertEquals(1, reminders(soon), "one reminder, to the going attendee who did not opt out");
    assertEquals("going@example.org", MailScene.queryString(db,
        "SELECT recipient FROM outbox WHERE event_id = ? AND kind = 'reminder'", soon));
    assertEquals(0, reminders(later), "not yet a day ahead");
    assertEquals(0, queueFromManyInstancesAtOnce(), "nothing left to queue");
  }

  @Test
  void movingTheEventEarnsANewReminderForTheNewTime() {
    String eventId = eventIn(10);
    MailScene.rsvp(db, eventId, "moved@example.org", "Mo", "going");
    queueFromManyInstancesAtOnce();
    assertEquals(1, reminders(eventId));

    LocalDateTime start = LocalDateTime.now(ZoneOffset.UTC).plusHours(12);
    var r = server.patchJson("/api/v1/events/" + eventId, new JsonObject()
        .put("startsAt", start.format(LOCAL)).put("endsAt", start.plusHours(2).format(LOCAL)),
        "Authorization", "Bearer " + token);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    queueFromManyInstancesAtOnce();
    assertEquals(2, reminders(eventId));
    assertEquals(1, MailScene.count(db,
        "SELECT count(*) FROM outbox WHERE event_id = ? AND kind = 'event_updated'", eventId));
  }

  @Test
  void withoutSmtpEachMailIsLoggedWithItsLinksAndMarkedSent() {
    String eventId = eventIn(20);
    String[] r = MailScene.rsvp(db, eventId, "logged@example.org", "Logan", "going");
    long row = MailScene.enqueue(db, Outbox.RSVP_CONFIRMATION, eventId, r[0], "logged@example.org", null);
    SenderTest.waitFor(() -> "sent".equals(
        MailScene.queryString(db, "SELECT status FROM outbox WHERE id = ?", row)), 15_000);
    assertEquals("sent", MailScene.queryString(db, "SELECT status FROM outbox WHERE id = ?", row));
    String entry = logged.list.stream().map(ILoggingEvent::getFormattedMessage)
        .filter(m -> m.contains("To: logged@example.org")).findFirst().orElseThrow();
    assertTrue(entry.contains("Subject: You're going: Winter mixer"), entry);
    assertTrue(entry.contains(server.baseUrl + "/r/" + r[1]), entry);
    assertTrue(entry.contains("invite.ics (METHOD:REQUEST)"), entry);
  }

  @Test
  void anAttendeeTurnsRemindersOffAndOnFromTheManageLink() throws Exception {
    String eventId = eventIn(40);
    String[] r = MailScene.rsvp(db, eventId, "toggle@example.org", "Tom", "going");
    String csrf = server.get("/login").cookies().stream()
        .filter(c -> c.startsWith("cv_csrf=")).findFirst().orElseThrow()
        .split(";")[0].substring("cv_csrf=".length());

    assertTrue(server.get("/r/" + r[1]).bodyAsString().contains("action=\"/r/" + r[1] + "/reminders\""));
    var off = post("/r/" + r[1] + "/reminders", csrf, "off");
    assertEquals(3, off.statusCode() / 100, "a redirect back to the manage page");
    assertEquals("/r/" + r[1] + "?reminders=off", off.getHeader("Location"));
    assertEquals("f", MailScene.queryString(db, "SELECT reminders FROM rsvps WHERE id = ?::uuid", r[0]));
    assertTrue(server.get("/r/" + r[1]).bodyAsString().contains("You turned the reminder off"));
    post("/r/" + r[1] + "/reminders", csrf, "on");
    assertEquals("t", MailScene.queryString(db, "SELECT reminders FROM rsvps WHERE id = ?::uuid", r[0]));

    assertEquals(404, post("/r/not-a-token/reminders", csrf, "off").statusCode());
    assertEquals(400, post("/r/" + r[1] + "/reminders", csrf, "maybe").statusCode());
  }

  static io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> post(
      String path, String csrf, String value) throws Exception {
    return server.client().post(server.port, "localhost", path)
        .putHeader("Cookie", "cv_csrf=" + csrf)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("_csrf", csrf).add("reminders", value))
        .await(10, TimeUnit.SECONDS);
  }

}
