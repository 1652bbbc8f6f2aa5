package org.convene.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.db.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * With SMTP configured, the log holds no address and no private link, whatever happens on the
 * way: every request of an RSVP, its mails, a message and an unsubscribe. Without SMTP, mails
 * are the log's content on purpose, and it says so when the server starts.
 */
class MailLogTest {
  final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  Level accessLevel;

  @BeforeEach
  void capture() {
    Logger access = (Logger) LoggerFactory.getLogger("convene.access");
    accessLevel = access.getLevel();
    access.setLevel(Level.INFO);
    logs.start();
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
  }

  @AfterEach
  void release() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    ((Logger) LoggerFactory.getLogger("convene.access")).setLevel(accessLevel);
  }

  String logText() {
    synchronized (logs) {
      // GreenMail, the test's stand-in for a mail server, logs the addresses it receives for
      return logs.list.stream().filter(e -> !e.getLoggerName().startsWith("com.icegreen")).map(e -> e.getLevel() + " " + e.getFormattedMessage()
          + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
          .collect(Collectors.joining("\n"));
    }
  }

  @Test
  void anRsvpItsMailsAMessageAndAnUnsubscribeLogNoAddressOrToken() throws Exception {
    int port = TestServer.freePort();
    GreenMail smtp = MailScene.smtp(port);
    Database.Target db = TestDb.fresh();
    try (TestServer server = MailScene.serverWithSmtp(db, port)) {
      String api = server.organizerToken("olga@example.org");
      server.createGroup(api, "logged");
      String eventId = server.createEvent(api, "logged", new JsonObject()
          .put("capacity", 1)).getString("id");
      JsonObject lena = server.rsvpAndOpen(eventId, new JsonObject().put("name", "Lena")
          .put("email", "lena@example.org").put("response", "going"));
      var second = server.postJson("/api/v1/events/" + eventId + "/rsvps", new JsonObject()
          .put("name", "Max").put("email", "max@example.org").put("response", "going"));
      assertEquals(201, second.statusCode(), second.bodyAsString());
      String maxToken = server.mailedToken(eventId, "max@example.org");
      assertEquals(200, server.get("/r/" + lena.getString("token")).statusCode());
      // a repeated RSVP, the attendee list, and a message to everyone going or waiting
      server.postJson("/api/v1/events/" + eventId + "/rsvps", new JsonObject()
          .put("name", "Lena").put("email", "lena@example.org").put("response", "going"));
      server.get("/api/v1/events/" + eventId + "/rsvps", "Authorization", "Bearer " + api);
      assertEquals(202, server.postJson("/api/v1/events/" + eventId + "/messages", new JsonObject()
          .put("statuses", new JsonArray().add("going").add("waitlisted"))
          .put("subject", "Parking").put("body", "North gate"), "Authorization", "Bearer " + api)
          .statusCode());
      List<MimeMessage> toLena = MailScene.mailsTo(smtp, "lena@example.org", 2, 15_000);
      MailScene.mailsTo(smtp, "max@example.org", 2, 15_000);
      String link = toLena.get(0).getHeader("List-Unsubscribe")[0];
      String unsubscribe = link.substring(link.indexOf("/u/"), link.length() - 1);
      assertEquals(200, server.get(unsubscribe).statusCode());
      assertEquals(200, server.client().post(server.port, "localhost", unsubscribe)
          .sendForm(MultiMap.caseInsensitiveMultiMap().add("List-Unsubscribe", "One-Click"))
          .await(10, TimeUnit.SECONDS).statusCode());
      // Lena cancels: Max is promoted and mailed
      var cancelled = server.delete("/api/v1/rsvps/" + lena.getString("token"));
      assertTrue(cancelled.statusCode() < 300, cancelled.bodyAsString());
      MailScene.mailsTo(smtp, "max@example.org", 3, 15_000);
      SenderTest.waitFor(() -> MailScene.count(db,
          "SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')") == 0, 15_000);

      String all = logText();
      assertTrue(all.contains("POST /api/v1/events/" + eventId + "/rsvps 201"), all);
      assertTrue(all.contains("GET /u/… 200"), all);
      for (String secret : List.of("example.org", api, lena.getString("token"), maxToken,
          unsubscribe.substring(3))) {
        assertFalse(all.contains(secret), secret + " in the log:\n" + all);
      }
    } finally {
      smtp.stop();
    }
  }

  @Test
  void withoutSmtpTheServerWarnsThatMailsAndTheirLinksGoToTheLog() {
    try (TestServer server = TestServer.start()) {
      assertTrue(logText().contains("WARN No SMTP_HOST: mails, with their private links, are "
          + "written to this log; set SMTP_HOST in production."), logText());
    }
  }
}
