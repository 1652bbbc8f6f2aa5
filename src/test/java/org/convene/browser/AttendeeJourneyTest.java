package org.convene.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Download;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Attendees answer on a phone: mistakes, confirmation, changing the answer, the waitlist. */
class AttendeeJourneyTest {
  static Inbox inbox;
  static TestServer server;
  static String organizer;

  @BeforeAll
  static void start() {
    inbox = new Inbox();
    server = inbox.server();
    organizer = server.organizerToken("office@alumni.example.org");
    server.createGroup(organizer, "alumni-berlin");
  }

  @AfterAll
  static void stop() {
    server.close();
    inbox.close();
  }

  static String readDownload(Download d) {
    try {
      return Files.readString(d.path(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String event(JsonObject extra) {
    return server.createEvent(organizer, "alumni-berlin", extra).getString("id");
  }

  @ParameterizedTest
  @EnumSource(Visitor.Input.class)
  void rsvpWithMistakesThenConfirmAndChangeTheAnswer(Visitor.Input input) {
    String event = event(new JsonObject().put("title", "Spring reception").put("capacity", 30)
        .put("guestsAllowed", 2));
    String email = "ada-" + input.name().toLowerCase() + "@example.org";
    try (Visitor ada = new Visitor(server.baseUrl, input, Chromium.PHONE)) {
      assertEquals(200, ada.open("/e/" + event));
      assertEquals("Spring reception", ada.heading());
      ada.assertSees("Tue 15 Jan 2030, 18:30–21:00 (Berlin time)");
      ada.assertTargetsAtLeast("#rsvp form", 44); // one thumb, no zooming in

      // mistakes first: no name, half an email
      ada.choose("Going");
      ada.fill("Email", "ada@");
      ada.select("Guests you bring", "1");
      assertEquals(400, ada.press("Send my RSVP"));
      ada.assertSees("Please check the fields marked below.");
      assertTrue(ada.page.title().startsWith("Error: "), "the title tells screen readers first");
      // the focus starts at the summary of what to fix (moved there once the page has loaded)
      ada.page.waitForFunction("() => document.activeElement.matches('.notice-error')");
      ada.assertFieldError("Your name", "Enter your name.");
      ada.assertFieldError("Email", "Enter an email address");
      assertEquals("ada@", ada.field("Email").inputValue(), "what was typed is kept");
      assertEquals("1", ada.field("Guests you bring").inputValue(), "the guest count is kept");
      ada.assertTargetsAtLeast("#rsvp form", 44); // the sharing choices are open now

      ada.fill("Your name", "Ada Lovelace");
      ada.fill("Email", email);
      ada.tick("List me on the attendee list", true);
      ada.fill("Headline", "Analyst, class of 1833");
      assertEquals(201, ada.press("Send my RSVP"));
      ada.assertSees("Thanks, Ada Lovelace! Check your inbox");
      ada.assertSees("Going with 1 guest");
      ada.assertSees("We sent your private link to a•••@example.org");
      assertTrue(!ada.path().startsWith("/r/"), "the page that answers the form is not the private link");

      // the journey goes on from the confirmation mail, as from a real inbox
      String manage = inbox.linkIn(email, "You're going", server.baseUrl, "/r/");
      assertEquals(200, ada.open(manage));
      ada.assertSees("Thanks, Ada Lovelace!");
      ada.assertSees("Your address is confirmed");
      ada.assertSees("Going with 1 guest");

      Download ics = ada.download(ada.link("Apple Calendar or Outlook app (.ics)"));
      String calendar = readDownload(ics);
      assertTrue(calendar.startsWith("BEGIN:VCALENDAR"), calendar);
      assertTrue(calendar.contains("SUMMARY:Spring reception"), calendar);
      assertTrue(calendar.contains("TZID=Europe/Berlin:20300115T183000"), calendar);

      // the private link works later, on its own
      assertEquals(200, ada.open(manage));
      ada.choose("Maybe");
      assertEquals("Analyst, class of 1833", ada.field("Headline").inputValue());
      assertEquals(200, ada.press("Save changes"));
      ada.assertSees("Your changes are saved.");
      assertEquals("Maybe", ada.page.locator(".status-line .badge").innerText());
      ada.assertNoConsoleErrors();
    }
  }

  @ParameterizedTest
  @EnumSource(Visitor.Input.class)
  void aFullEventWaitlistsTheNextPersonWhoIsPromotedWhenSomeoneCancels(Visitor.Input input) {
    String event = event(new JsonObject().put("title", "Small dinner").put("capacity", 1));
    String tag = input.name().toLowerCase();
    try (Visitor first = new Visitor(server.baseUrl, input, Chromium.PHONE);
         Visitor second = new Visitor(server.baseUrl, input, Chromium.PHONE)) {
      first.open("/e/" + event);
      first.assertSees("1 of 1 left");
      first.fill("Your name", "Grace Hopper");
      first.fill("Email", "grace-" + tag + "@example.org");
      assertEquals(201, first.press("Send my RSVP"));
      first.assertSees("Going");
      String firstManage = inbox.linkIn("grace-" + tag + "@example.org", "You're going",
          server.baseUrl, "/r/");

      second.open("/e/" + event);
      second.assertSees("Full — new RSVPs join the waitlist");
      second.fill("Your name", "Alan Turing");
      second.fill("Email", "alan-" + tag + "@example.org");
      assertEquals(201, second.press("Send my RSVP"));
      second.assertSees("On the waitlist, number 1 in line");
      String secondManage = inbox.linkIn("alan-" + tag + "@example.org", "waitlist",
          server.baseUrl, "/r/");

      first.open(firstManage);
      assertEquals(200, first.press("Cancel my RSVP"));
      first.assertSees("You cancelled this RSVP.");

      second.open(secondManage);
      assertEquals("Going", second.page.locator(".status-line .badge").innerText());
      // and the promotion's own mail carries the same link
      assertEquals(secondManage, inbox.linkIn("alan-" + tag + "@example.org", "seat",
          server.baseUrl, "/r/"));
      first.assertNoConsoleErrors();
      second.assertNoConsoleErrors();
    }
  }
}
