package org.convene.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every page, at phone and desktop width: an axe-core scan with no serious or critical
 * violations, no console errors, and a screenshot in target/screenshots for people to look at.
 */
class PageScanTest {
  static final Path REPORT = Paths.get("target", "axe-report.txt");
  static final java.util.concurrent.atomic.AtomicInteger SENT = new java.util.concurrent.atomic.AtomicInteger();
  static TestServer server;
  static Visitor publicPhone;
  static Visitor publicDesktop;
  static Visitor organizerPhone;
  static Visitor organizerDesktop;
  static String event;
  static String fullEvent;
  static String goingToken;
  static String waitlistedToken;
  static String cancelledToken;
  static String pastEvent;
  static String pastToken;
  static String connectAnswer;

  @BeforeAll
  static void scene() throws IOException {
    server = TestServer.start();
    String token = server.organizerToken("office@alumni.example.org");
    var g = server.postJson("/api/v1/groups", new JsonObject().put("slug", "tum-alumni-berlin")
        .put("name", "TUM Alumni Berlin").put("kind", "alumni")
        .put("description", "Graduates of the **Technical University** living in and around Berlin. "
            + "We meet every month."), "Authorization", "Bearer " + token);
    assertEquals(201, g.statusCode(), g.bodyAsString());
    event = server.createEvent(token, "tum-alumni-berlin", new JsonObject()
        .put("title", "Winter reunion at the Alumni House").put("capacity", 80).put("guestsAllowed", 1)
        .put("address", "Hauptstraße 1\n10827 Berlin")
        .put("description", "Drinks, a short talk by **Prof. Weber** on the new campus, and plenty of "
            + "time to catch up.\n\n- 18:30 doors\n- 19:15 talk\n- 20:00 dinner")).getString("id");
    fullEvent = server.createEvent(token, "tum-alumni-berlin", new JsonObject()
        .put("title", "Chef's table dinner").put("capacity", 1)
        .put("startsAt", "2030-02-06T19:00").put("endsAt", "2030-02-06T22:30")).getString("id");
    goingToken = rsvp(fullEvent, "Grace Hopper", "grace@example.org");
    waitlistedToken = rsvp(fullEvent, "Alan Turing", "alan@example.org");
    cancelledToken = rsvp(event, "Ada Lovelace", "ada@example.org");
    rsvp(event, "Katherine Johnson", "katherine@example.org");
    assertEquals(204, server.delete("/api/v1/rsvps/" + cancelledToken).statusCode());
    pastEvent = server.createEvent(token, "tum-alumni-berlin", new JsonObject()
        .put("title", "Autumn networking evening")).getString("id");
    pastToken = rsvp(pastEvent, "Mary Jackson", "mary@example.org");
    var grace = new JsonObject().put("name", "Grace Hopper").put("email", "grace@example.org")
        .put("response", "going").put("listed", true).put("shareEmail", true)
        .put("profile", new JsonObject().put("headline", "Computer scientist").put("company", "US Navy")
            .put("url", "https://example.org/grace")
            .put("goals", new io.vertx.core.json.JsonArray().add("offer_mentoring").add("hiring"))
            .put("topics", new io.vertx.core.json.JsonArray().add("compilers").add("teaching")));
    assertEquals(201, server.postJson("/api/v1/events/" + pastEvent + "/rsvps", grace).statusCode());
    // both opened their confirmation mails, and came (the organizer marked everyone going)
    server.open(pastToken);
    server.open(server.mailedToken(pastEvent, "grace@example.org"));
    org.convene.TestDb.execute(server.db, "UPDATE events SET starts_at = now() - interval '26 hours',"
        + " ends_at = now() - interval '24 hours' WHERE id = '" + pastEvent + "'");
    assertEquals(200, server.postJson("/api/v1/events/" + pastEvent + "/attendance",
        new JsonObject().put("allGoing", true), "Authorization", "Bearer " + token).statusCode());
    // Mary asks Grace to connect; the page Grace's mail links to is only in that mail.
    String graceId = org.convene.TestDb.queryOne(server.db,
        "SELECT id FROM rsvps WHERE email = 'grace@example.org' AND event_id = '" + pastEvent + "'");
    var ask = server.postJson("/api/v1/rsvps/" + pastToken + "/connect-requests",
        new JsonObject().put("rsvpId", graceId));
    assertEquals(201, ask.statusCode(), ask.bodyAsString());
    // the mail is rendered when sent; its answer link is made of the token its row carries
    String answer = org.convene.TestDb.queryOne(server.db,
        "SELECT payload ->> 'answerToken' FROM outbox WHERE kind = 'connect_request' LIMIT 1");
    assertTrue(answer != null && answer.matches("[A-Za-z0-9_-]{20,64}"), "the connect mail's link: " + answer);
    connectAnswer = "/c/" + answer + "/accept";

    publicPhone = new Visitor(server.baseUrl, Visitor.Input.MOUSE, Chromium.PHONE);
    publicDesktop = new Visitor(server.baseUrl, Visitor.Input.MOUSE, Chromium.DESKTOP);
    organizerPhone = logIn(new Visitor(server.baseUrl, Visitor.Input.MOUSE, Chromium.PHONE));
    organizerDesktop = logIn(new Visitor(server.baseUrl, Visitor.Input.MOUSE, Chromium.DESKTOP));
    Files.createDirectories(REPORT.getParent());
    Files.writeString(REPORT, "axe-core violations by page (all impacts)\n");
  }

  static String rsvp(String event, String name, String email) {
    var r = server.postJson("/api/v1/events/" + event + "/rsvps", new JsonObject().put("name", name)
        .put("email", email).put("response", "going").put("listed", true));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return server.mailedToken(event, email);
  }

  static Visitor logIn(Visitor v) {
    v.open("/login");
    v.fill("Email", "office@alumni.example.org");
    v.fill("Password", "correct horse battery");
    assertEquals(200, v.press("Log in"));
    return v;
  }

  @AfterAll
  static void stop() {
    for (Visitor v : new Visitor[] {publicPhone, publicDesktop, organizerPhone, organizerDesktop}) {
      if (v != null) v.close();
    }
    server.close();
  }

  /** A page to scan: how to get there (from any page), as whom, and the status it answers. */
  record Shot(String name, boolean organizer, int status, Consumer<Visitor> go) {}

  static Shot page(String name, String path) {
    return new Shot(name, false, 200, v -> assertEquals(200, v.open(path), path));
  }

  static Shot organizerPage(String name, String path) {
    return new Shot(name, true, 200, v -> assertEquals(200, v.open(path), path));
  }

  @TestFactory
  Stream<DynamicTest> everyPageIsAccessibleAtPhoneAndDesktopWidth() {
    List<Shot> shots = new ArrayList<>(List.of(
        page("home", "/"),
        page("group", "/g/tum-alumni-berlin"),
        page("event", "/e/" + event),
        page("event-full", "/e/" + fullEvent),
        new Shot("event-rsvp-errors", false, 400, v -> {
          v.open("/e/" + event);
          v.fill("Email", "ada@");
          assertEquals(400, v.press("Send my RSVP"));
        }),
        new Shot("rsvp-sent", false, 201, v -> {
          v.open("/e/" + event);
          v.fill("Your name", "Sent Page");
          v.fill("Email", "sent-" + SENT.incrementAndGet() + "@example.org");
          assertEquals(201, v.press("Send my RSVP"));
        }),
        page("rsvp-welcome", "/r/" + goingToken),
        page("rsvp-waitlisted", "/r/" + waitlistedToken),
        page("rsvp-cancelled", "/r/" + cancelledToken),
        page("signup", "/signup"),
        new Shot("signup-errors", false, 400, v -> {
          v.open("/signup");
          v.fill("Email", "not an email");
          assertEquals(400, v.press("Create account"));
        }),
        page("login", "/login"),
        new Shot("not-found", false, 404, v -> assertEquals(404, v.open("/e/no-such-event"))),
        organizerPage("organize", "/organize"),
        organizerPage("group-new", "/organize/groups/new"),
        organizerPage("group-manage", "/organize/g/tum-alumni-berlin"),
        new Shot("members-import-preview", true, 200, v -> {
          v.open("/organize/g/tum-alumni-berlin/members/import");
          v.fill("CSV", "name,email,class_year,chapter\nAda Lovelace,ada@office.example.org,2012,"
              + "Berlin\nNo Address,not-an-address,19x,Munich\n");
          assertEquals(200, v.press("Preview"));
        }),
        organizerPage("members", "/organize/g/tum-alumni-berlin/members"),
        organizerPage("event-new", "/organize/g/tum-alumni-berlin/events/new"),
        organizerPage("event-edit", "/organize/e/" + event),
        // after the event: RSVPs over time and came vs said going (the group page has its year)
        organizerPage("event-edit-after", "/organize/e/" + pastEvent),
        organizerPage("attendees", "/organize/e/" + fullEvent + "/attendees"),
        organizerPage("checkin", "/organize/e/" + event + "/checkin"),
        organizerPage("checkin-search", "/organize/e/" + event + "/checkin?q=kath"),
        organizerPage("people-organizer", "/e/" + pastEvent + "/people"),
        page("people-attendee", "/r/" + pastToken + "/people"),
        page("rsvp-after-event", "/r/" + pastToken),
        page("connect-answer", connectAnswer),
        organizerPage("event-mail", "/organize/e/" + event + "/mail"),
        organizerPage("event-message", "/organize/e/" + event + "/message"),
        organizerPage("follow-up", "/organize/e/" + pastEvent + "/follow-up")));
    return shots.stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> scan(s)));
  }

  private static void scan(Shot s) throws IOException {
    List<String> problems = new ArrayList<>();
    for (Visitor v : s.organizer()
        ? new Visitor[] {organizerPhone, organizerDesktop}
        : new Visitor[] {publicPhone, publicDesktop}) {
      String width = v == publicPhone || v == organizerPhone ? "phone" : "desktop";
      s.go().accept(v);
      v.screenshot(s.name() + "-" + width);
      v.assertNoSidewaysScrolling();
      List<Axe.Violation> found = Axe.run(v.page);
      Files.writeString(REPORT, s.name() + " (" + width + "): "
          + (found.isEmpty() ? "none" : found.stream().map(f -> f.impact() + " " + f.id()).toList())
          + "\n", StandardOpenOption.APPEND);
      for (Axe.Violation f : found) if (f.serious()) problems.add(width + ": " + f);
      v.assertNoConsoleErrors();
    }
    assertTrue(problems.isEmpty(), s.name() + " has serious accessibility problems:\n"
        + String.join("\n", problems));
  }
}
