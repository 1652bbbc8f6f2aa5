package org.convene.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An organizer signs up, creates a group and publishes an event, in Chromium. */
class OrganizerJourneyTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest
  @EnumSource(Visitor.Input.class)
  void signUpCreateAGroupAndPublishAnEvent(Visitor.Input input) {
    String who = input.name().toLowerCase();
    try (Visitor org = new Visitor(server.baseUrl, input, Chromium.DESKTOP)) {
      org.open("/");
      assertEquals(200, org.follow("Organize"));
      assertTrue(org.path().startsWith("/login"), "not logged in: " + org.path());
      assertEquals(200, org.follow("Create an organizer account"));

      // a first try with a short password: the error shows at the field, the rest is kept
      org.fill("Your name", "Maria Keller");
      org.fill("Email", "maria-" + who + "@alumni.example.org");
      org.fill("Password", "short");
      assertEquals(400, org.press("Create account"));
      org.assertFieldError("Password", "10");
      assertTrue(org.page.title().startsWith("Error: "), org.page.title());
      // the focus starts at the field to fix (moved there once the page has loaded)
      org.page.waitForFunction("() => document.activeElement.id === 'password'");
      assertEquals("Maria Keller", org.field("Your name").inputValue());
      org.fill("Password", "a long enough passphrase");
      assertEquals(200, org.press("Create account"));
      assertEquals("/organize", org.path());

      assertEquals(200, org.follow(org.link("New group").first()));
      org.fill("Name", "Class of 2015 " + who);
      org.choose("Alumni association");
      org.fill("Description", "Alumni of the **class of 2015**.");
      org.fill("Web address", "class-2015-" + who);
      assertEquals(200, org.press("Create group"));
      assertEquals("/organize/g/class-2015-" + who, org.path());

      assertEquals(200, org.follow(org.link("New event").first()));
      org.fill("Title", "Winter reunion");
      org.fill("Description", "Drinks and *old friends*.");
      org.fillDateTime("Starts", "2030-01-15T18:30");
      org.fillDateTime("Ends", "2030-01-15T21:00");
      org.select("Time zone of the event", "Europe/Berlin");
      org.fill("Venue", "Alumni House");
      org.fill("Capacity", "40");
      org.choose("Published");
      assertEquals(200, org.press("Create event"));
      org.assertSees("Saved.");
      assertTrue(org.path().startsWith("/organize/e/"), org.path());

      assertEquals(200, org.follow("View the page"));
      assertEquals("Winter reunion", org.heading());
      org.assertSees("Tue 15 Jan 2030, 18:30–21:00 (Berlin time)");
      org.assertSees("40 of 40 left");
      org.assertNoConsoleErrors();
    }
  }
}
