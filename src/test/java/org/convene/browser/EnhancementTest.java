package org.convene.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The little JavaScript there is helps, and everything still works without it. */
class EnhancementTest {
  static TestServer server;
  static String event;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    String organizer = server.organizerToken("office@alumni.example.org");
    server.createGroup(organizer, "alumni-nyc");
    event = server.createEvent(organizer, "alumni-nyc", new JsonObject().put("title", "Founders' dinner"))
        .getString("id");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aVisitorInAnotherZoneAlsoSeesTheTimeOnTheirOwnClock() {
    try (Visitor ny = new Visitor(server.baseUrl, Visitor.Input.MOUSE, Chromium.PHONE, "America/New_York", true);
         Visitor berlin = new Visitor(server.baseUrl, Visitor.Input.MOUSE, Chromium.PHONE, "Europe/Berlin", true);
         Visitor paris = new Visitor(server.baseUrl, Visitor.Input.MOUSE, Chromium.PHONE, "Europe/Paris", true)) {
      ny.open("/e/" + event);
      ny.assertSees("Tue 15 Jan 2030, 18:30–21:00 (Berlin time)");
      assertEquals("Your time: Tue 15 Jan, 12:30–15:00 (New York time)",
          ny.page.locator(".local-time").innerText());
      berlin.open("/e/" + event);
      assertEquals(0, berlin.page.locator(".local-time").count(), "same zone: nothing added");
      paris.open("/e/" + event);
      assertEquals(0, paris.page.locator(".local-time").count(), "same clock: nothing added");
      ny.assertNoConsoleErrors();
    }
  }

  @Test
  void theCopyButtonPutsThePrivateLinkOnTheClipboard() {
    var r = server.postJson("/api/v1/events/" + event + "/rsvps", new JsonObject()
        .put("name", "Copy Tester").put("email", "copy@example.org").put("response", "going"));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    String token = server.mailedToken(event, "copy@example.org");
    try (Visitor v = new Visitor(server.baseUrl, Visitor.Input.KEYBOARD, Chromium.DESKTOP)) {
      v.context.grantPermissions(List.of("clipboard-read", "clipboard-write"),
          new BrowserContext.GrantPermissionsOptions().setOrigin(server.baseUrl));
      v.open("/r/" + token);
      String link = v.page.locator("code.copyable").innerText();
      assertTrue(link.endsWith("/r/" + token), link);
      v.tabTo(v.button("Copy link"));
      v.page.keyboard().press("Enter");
      v.page.locator("[role=status]:has-text('Copied to the clipboard.')").waitFor();
      assertEquals(link, v.page.evaluate("() => navigator.clipboard.readText()"));
      assertEquals("Copied", v.button("Copied").innerText());
      v.assertNoConsoleErrors();
    }
  }

  @Test
  void theRsvpJourneyWorksWithoutJavaScript() {
    try (Visitor v = new Visitor(server.baseUrl, Visitor.Input.MOUSE, Chromium.PHONE, "America/New_York", false)) {
      v.open("/e/" + event);
      v.fill("Email", "no-script@example.org");
      assertEquals(400, v.press("Send my RSVP"));
      v.assertFieldError("Your name", "Enter your name.");
      assertEquals("no-script@example.org", v.field("Email").inputValue());
      v.fill("Your name", "Noor Script");
      assertEquals(201, v.press("Send my RSVP"));
      v.assertSees("Check your inbox");
      // on from the mailed link
      assertEquals(200, v.open("/r/" + server.mailedToken(event, "no-script@example.org")));
      v.assertSees("Thanks, Noor Script!");
      assertEquals(0, v.page.locator(".copy-button, .local-time").count(), "no script, no extras");
      v.choose("Can't go");
      assertEquals(200, v.press("Save changes"));
      v.assertSees("Your changes are saved.");
      v.assertSees("Not going");
      v.assertNoConsoleErrors();
    }
  }
}
