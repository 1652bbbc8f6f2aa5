package org.convene.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.WebSession;
import org.convene.db.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ORGANIZER_MESSAGES_PER_EVENT_PER_DAY: an event's organizers cannot turn Convene into a
 * mailing cannon. Each message or follow-up counts once, however many people it goes to.
 */
class MessageCapTest {
  static final int CAP = 3;
  static TestServer server;
  static Database.Target db;
  static String token;

  @BeforeAll
  static void start() {
    db = TestDb.fresh();
    server = TestServer.start(db, Map.of("ORGANIZER_MESSAGES_PER_EVENT_PER_DAY", Integer.toString(CAP)));
    token = server.organizerToken("olga@example.org");
    server.createGroup(token, "capped");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String eventWithAttendees(int n) {
    String eventId = server.createEvent(token, "capped", new JsonObject()).getString("id");
    for (int i = 0; i < n; i++) MailScene.rsvp(db, eventId, "p" + i + "@example.org", "P" + i, "going");
    return eventId;
  }

  static io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> message(String eventId) {
    return server.postJson("/api/v1/events/" + eventId + "/messages", new JsonObject()
        .put("statuses", new JsonArray().add("going")).put("subject", "News").put("body", "Hello"),
        "Authorization", "Bearer " + token);
  }

  static io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> followUp(String eventId,
                                                                                    String key) {
    return server.postJson("/api/v1/events/" + eventId + "/follow-ups", new JsonObject()
        .put("audience", "no_shows").put("subject", "We missed you").put("text", "Next time!")
        .put("idempotencyKey", key), "Authorization", "Bearer " + token);
  }

  static long queued(String eventId) {
    return MailScene.count(db, "SELECT count(*) FROM outbox WHERE event_id = ? AND kind = 'organizer_message'",
        eventId);
  }

  @Test
  void theApiRefusesTheMessageAfterTheCapWith429AndQueuesNothing() {
    String eventId = eventWithAttendees(4);
    for (int i = 0; i < CAP; i++) {
      var ok = message(eventId);
      assertEquals(202, ok.statusCode(), ok.bodyAsString());
      assertEquals(4, ok.bodyAsJsonObject().getInteger("recipients"));
    }
    var refused = message(eventId);
    assertEquals(429, refused.statusCode(), refused.bodyAsString());
    JsonObject body = refused.bodyAsJsonObject();
    assertEquals("message_limit", body.getString("error"));
    assertTrue(body.getString("message").contains(CAP + " messages a day"), body.encode());
    assertEquals(CAP, body.getJsonObject("details").getInteger("limit"));
    assertEquals(CAP * 4L, queued(eventId), "counted once per message, not per recipient");

    String other = eventWithAttendees(1);
    assertEquals(202, message(other).statusCode(), "the cap is per event");
  }

  @Test
  void theFormComesBackWithTheReasonAndWhatWasTyped() {
    String eventId = eventWithAttendees(2);
    for (int i = 0; i < CAP; i++) assertEquals(202, message(eventId).statusCode());
    WebSession web = new WebSession(server);
    web.logIn("olga@example.org", "correct horse battery");
    var page = web.submit("/organize/e/" + eventId + "/message", "/organize/e/" + eventId + "/message",
        "statuses", "going", "subject", "One more thing", "body", "Please bring <your> badge");
    assertEquals(429, page.statusCode());
    String html = page.bodyAsString();
    assertTrue(html.contains("role=\"alert\">An event can send " + CAP + " messages a day"), html);
    assertTrue(html.contains("value=\"One more thing\""), html);
    assertTrue(html.contains("Please bring &lt;your&gt; badge"), html);
    assertEquals(CAP * 2L, queued(eventId));
  }

  @Test
  void aFollowUpSentTwiceCountsOnceAndTheCapHoldsForFollowUps() {
    String eventId = eventWithAttendees(3);
    Scene.pastEvent(db, eventId);
    var first = followUp(eventId, "follow-up-key-1");
    assertEquals(201, first.statusCode(), first.bodyAsString());
    for (int i = 0; i < 3; i++) {
      var again = followUp(eventId, "follow-up-key-1");
      assertEquals(200, again.statusCode(), again.bodyAsString());
      assertTrue(again.bodyAsJsonObject().getBoolean("alreadySent"));
    }
    // the duplicates took nothing: two more sends fit under the cap of three
    assertEquals(201, followUp(eventId, "follow-up-key-2").statusCode());
    assertEquals(202, message(eventId).statusCode());
    var refused = followUp(eventId, "follow-up-key-3");
    assertEquals(429, refused.statusCode(), refused.bodyAsString());
    assertEquals("message_limit", refused.bodyAsJsonObject().getString("error"));
    assertEquals(0, MailScene.count(db, "SELECT count(*) FROM follow_ups WHERE send_key = 'follow-up-key-3'"),
        "a refused follow-up is not recorded, so it can be sent tomorrow with the same key");
    assertEquals(9, queued(eventId));

    WebSession web = new WebSession(server);
    web.logIn("olga@example.org", "correct horse battery");
    var page = web.submit("/organize/e/" + eventId + "/follow-up", "/organize/e/" + eventId + "/follow-up",
        "audience", "no_shows", "subject", "Slides", "body", "Here they are");
    assertEquals(429, page.statusCode());
    assertTrue(page.bodyAsString().contains("messages a day"), page.bodyAsString());
    assertTrue(page.bodyAsString().contains("value=\"Slides\""));
  }

  /** Moves the event into the past, where follow-ups may be sent. */
  static final class Scene {
    static void pastEvent(Database.Target db, String eventId) {
      MailScene.sql(db, """
          UPDATE events SET rsvp_deadline = NULL, starts_at = now() - interval '3 hours',
            ends_at = now() - interval '1 hour' WHERE id = ?""", eventId);
    }
  }
}
