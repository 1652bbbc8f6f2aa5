package org.convene.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Download;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.convene.TestDb;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** On the night: check-in on a phone. After the event: the people page and the contacts. */
class CheckinAndPeopleJourneyTest {
  static TestServer server;
  static String organizer;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    organizer = server.organizerToken("desk@alumni.example.org");
    server.createGroup(organizer, "alumni-munich");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String rsvp(String event, String name, String email, JsonObject extra) {
    var r = server.postJson("/api/v1/events/" + event + "/rsvps", new JsonObject().put("name", name)
        .put("email", email).put("response", "going").mergeIn(extra));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return server.mailedToken(event, email);
  }

  static void logIn(Visitor v) {
    v.open("/login");
    v.fill("Email", "desk@alumni.example.org");
    v.fill("Password", "correct horse battery");
    assertEquals(200, v.press("Log in"));
  }

  @ParameterizedTest
  @EnumSource(Visitor.Input.class)
  void anOrganizerChecksSomeoneInOnAPhone(Visitor.Input input) {
    String tag = input.name().toLowerCase();
    String event = server.createEvent(organizer, "alumni-munich",
        new JsonObject().put("title", "Summer party " + tag)).getString("id");
    rsvp(event, "Grace Hopper", "grace-" + tag + "@example.org", new JsonObject());
    rsvp(event, "Alan Turing", "alan-" + tag + "@example.org", new JsonObject());
    try (Visitor desk = new Visitor(server.baseUrl, input, Chromium.PHONE)) {
      logIn(desk);
      assertEquals(200, desk.open("/organize/e/" + event + "/attendees"));
      assertEquals(200, desk.follow("Check-in"));
      assertEquals("Check-in", desk.heading());
      desk.assertSees("0 of 2 checked in");
      desk.fill("Find by name", "grace");
      assertEquals(200, desk.press("Search"));
      desk.assertSees("Grace Hopper");
      assertFalse(desk.mainText().contains("Alan Turing"), "the search narrows the list");
      assertEquals(200, desk.press("Check in Grace Hopper"));
      desk.assertSees("1 of 2 checked in");
      desk.assertSees("checked in at");
      desk.assertNoSidewaysScrolling();
      desk.assertNoConsoleErrors();
    }
  }

  @ParameterizedTest
  @EnumSource(Visitor.Input.class)
  void afterTheEventAListedAttendeeSeesThePeopleAndDownloadsTheContacts(Visitor.Input input)
      throws Exception {
    String tag = input.name().toLowerCase();
    String event = server.createEvent(organizer, "alumni-munich",
        new JsonObject().put("title", "Alumni breakfast " + tag)).getString("id");
    String ada = rsvp(event, "Ada Lovelace", "ada-" + tag + "@example.org",
        new JsonObject().put("listed", true).put("shareEmail", true));
    String grace = rsvp(event, "Grace Hopper", "grace-" + tag + "@example.org", new JsonObject()
        .put("listed", true).put("shareEmail", true).put("profile", new JsonObject()
            .put("headline", "Rear admiral").put("company", "US Navy")
            .put("goals", new io.vertx.core.json.JsonArray().add("offer_mentoring"))));
    // Grace opened her confirmation mail: her sharing choices count
    server.open(grace);
    rsvp(event, "Alan Turing", "alan-" + tag + "@example.org", new JsonObject().put("listed", false));
    // The breakfast was yesterday: move it into the past, as time would.
    TestDb.execute(server.db, "UPDATE events SET starts_at = now() - interval '26 hours',"
        + " ends_at = now() - interval '24 hours', rsvp_deadline = NULL WHERE id = '" + event + "'");
    // there was no door check-in: the organizer marks that everyone who was going came
    assertEquals(200, server.postJson("/api/v1/events/" + event + "/attendance",
        new JsonObject().put("allGoing", true), "Authorization", "Bearer " + organizer).statusCode());

    try (Visitor v = new Visitor(server.baseUrl, input, Chromium.PHONE)) {
      assertEquals(200, v.open("/r/" + ada));
      v.assertSees("Find the people you met");
      assertEquals(200, v.follow("See the people"));
      assertEquals("/r/" + ada + "/people", v.pathOnly());
      v.assertSees("Grace Hopper");
      v.assertSees("Rear admiral");
      assertFalse(v.mainText().contains("Alan Turing"), "people who are not listed stay hidden");

      Download contacts = v.download(v.link("Download contacts (vCard)"));
      String vcf = Files.readString(contacts.path(), StandardCharsets.UTF_8);
      assertTrue(vcf.contains("BEGIN:VCARD"), vcf);
      assertTrue(vcf.contains("Grace Hopper"), vcf);
      assertTrue(vcf.contains("grace-" + tag + "@example.org"), "shared email is in the card");
      assertFalse(vcf.contains("Alan Turing"), vcf);
      v.assertNoSidewaysScrolling();
      v.assertNoConsoleErrors();
    }
  }
}
