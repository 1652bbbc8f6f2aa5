package org.convene.rsvp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.convene.TestDb;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Anyone can type anyone's address into an RSVP form. A repeated answer must not become a way
 * to flood that address: the "already registered" notice goes at most once an hour per address
 * and event, and all mail an address did not ask for is capped per day across events. The
 * answer to the sender is the same either way (409), so the cap reveals nothing.
 */
class MailCapsTest {
  static TestServer server;
  static String token;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestDb.fresh(), Map.of("UNASKED_MAILS_PER_ADDRESS_PER_DAY", "3"));
    token = server.organizerToken("caps@example.org");
    server.createGroup(token, "caps");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static int notices(String recipient) {
    return Integer.parseInt(TestDb.queryOne(server.db, "SELECT count(*) FROM outbox WHERE kind = "
        + "'already_registered' AND recipient = '" + recipient + "'"));
  }

  static int answer(String event, String email) {
    return server.postJson("/api/v1/events/" + event + "/rsvps", new JsonObject()
        .put("name", "Someone").put("email", email).put("response", "going")).statusCode();
  }

  @Test
  void repeatsForOneEventMailTheOwnerOnceAnHour() {
    String e = server.createEvent(token, "caps", new JsonObject()).getString("id");
    assertEquals(201, answer(e, "victim-one@example.org"));
    for (int i = 0; i < 20; i++) assertEquals(409, answer(e, "victim-one@example.org"));
    assertEquals(1, notices("victim-one@example.org"), "twenty repeats, one notice");
  }

  @Test
  void acrossEventsTheAddressGetsAtMostItsDailyCapOfUnaskedMail() {
    for (int i = 0; i < 6; i++) {
      String e = server.createEvent(token, "caps", new JsonObject()).getString("id");
      assertEquals(201, answer(e, "victim-two@example.org"));
      assertEquals(409, answer(e, "victim-two@example.org"));
      assertEquals(409, answer(e, "victim-two@example.org"));
    }
    assertEquals(3, notices("victim-two@example.org"), "UNASKED_MAILS_PER_ADDRESS_PER_DAY=3");
    String other = server.createEvent(token, "caps", new JsonObject()).getString("id");
    assertEquals(201, answer(other, "bystander@example.org"));
    assertEquals(409, answer(other, "bystander@example.org"));
    assertEquals(1, notices("bystander@example.org"), "another address has its own cap");
  }
}
