package org.convene.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.convene.TestServer;
import org.convene.WebSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The organizer's whole path on the web: sign up, group, event, edit, cancel; a stranger looks. */
class EventWebFormsTest {
  static TestServer server;
  static WebSession organizer;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    organizer = new WebSession(server);
    assertEquals(302, organizer.signUp("rosa@example.org", "Rosa", "a long passphrase").statusCode());
    assertEquals(302, organizer.submit("/organize/groups/new", "/organize/groups",
        "slug", "rome-alumni", "name", "Rome alumni", "kind", "alumni").statusCode());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String create(String... fields) {
    var r = organizer.submit("/organize/g/rome-alumni/events/new", "/organize/g/rome-alumni/events",
        fields);
    assertEquals(302, r.statusCode(), r.bodyAsString());
    String location = r.getHeader("Location");
    assertTrue(location.startsWith("/organize/e/"), location);
    return location.substring("/organize/e/".length(), location.indexOf('?'));
  }

  @Test
  void anOrganizerPublishesEditsAndCancelsAnEventOnTheWeb() {
    String id = create("title", "Aperitivo", "description", "See you *there*",
        "startsAt", "2030-05-20T19:00", "endsAt", "2030-05-20T22:00", "timeZone", "Europe/Rome",
        "venue", "Bar Centrale", "capacity", "30", "guestsAllowed", "1", "status", "published");
    var saved = organizer.get("/organize/e/" + id + "?saved=1");
    assertEquals(200, saved.statusCode());
    assertTrue(saved.bodyAsString().contains("Saved."));
    assertTrue(saved.bodyAsString().contains("value=\"2030-05-20T19:00\""));
    assertTrue(saved.bodyAsString().contains("<option value=\"Europe/Rome\" selected>"));

    WebSession stranger = new WebSession(server);
    String page = stranger.get("/e/" + id).bodyAsString();
    assertTrue(page.contains("Aperitivo"));
    assertTrue(page.contains("Mon 20 May 2030, 19:00–22:00 (Rome time)"), page);
    assertTrue(page.contains("30 of 30 left"));
    assertFalse(page.contains("Edit this event"));
    assertTrue(organizer.get("/e/" + id).bodyAsString().contains("Edit this event"));
    assertTrue(stranger.get("/").bodyAsString().contains("Aperitivo"));
    assertTrue(stranger.get("/g/rome-alumni").bodyAsString().contains("Aperitivo"));
    assertTrue(organizer.get("/organize").bodyAsString().contains("Aperitivo"));

    var edit = organizer.submit("/organize/e/" + id, "/organize/e/" + id, "title", "Aperitivo grande",
        "startsAt", "2030-05-20T19:30", "endsAt", "2030-05-20T23:00", "timeZone", "Europe/Rome",
        "venue", "Bar Centrale", "capacity", "40", "guestsAllowed", "2", "status", "published");
    assertEquals(302, edit.statusCode(), edit.bodyAsString());
    page = stranger.get("/e/" + id).bodyAsString();
    assertTrue(page.contains("Aperitivo grande"));
    assertTrue(page.contains("19:30–23:00 (Rome time)"));

    var cancel = organizer.submit("/organize/e/" + id, "/organize/e/" + id + "/cancel");
    assertEquals(302, cancel.statusCode());
    assertTrue(organizer.get(cancel.getHeader("Location")).bodyAsString()
        .contains("The event is cancelled."));
    page = stranger.get("/e/" + id).bodyAsString();
    assertTrue(page.contains("This event was cancelled."), page);
    assertTrue(page.contains("Aperitivo grande"));
  }

  @Test
  void formErrorsShowNextToTheirFieldsWithWhatWasTyped() {
    var r = organizer.submit("/organize/g/rome-alumni/events/new", "/organize/g/rome-alumni/events",
        "title", "Gala <dinner>", "startsAt", "2030-03-31T02:30", "endsAt", "2030-03-31T05:00",
        "timeZone", "Europe/Rome", "venue", "Villa", "capacity", "0",
        "onlineUrl", "javascript:alert(1)", "rsvpDeadline", "", "status", "published");
    assertEquals(400, r.statusCode());
    String page = r.bodyAsString();
    assertTrue(page.contains("value=\"Gala &lt;dinner&gt;\""), "title kept, escaped");
    assertTrue(page.contains("value=\"2030-03-31T02:30\""), "start kept");
    assertTrue(page.contains("value=\"Villa\""));
    assertTrue(page.contains("value=\"0\""));
    assertTrue(page.contains("value=\"javascript:alert(1)\""));
    assertTrue(page.contains("<option value=\"Europe/Rome\" selected>"));
    assertTrue(page.contains("value=\"published\" checked"));
    assertTrue(page.contains("id=\"startsAt-error\""));
    assertTrue(page.contains("does not exist in Europe/Rome"));
    assertTrue(page.contains("aria-describedby=\"capacity-error\""));
    assertTrue(page.contains("id=\"onlineUrl-error\""));
    assertFalse(page.contains("id=\"title-error\""));
  }

  @Test
  void draftsAndOrganizerPagesStayWithTheOrganizers() {
    String id = create("title", "Board meeting", "startsAt", "2030-09-01T18:00",
        "endsAt", "2030-09-01T19:00", "timeZone", "Europe/Rome", "status", "draft");
    assertEquals(200, organizer.get("/e/" + id).statusCode(), "organizers preview drafts");
    WebSession stranger = new WebSession(server);
    assertEquals(404, stranger.get("/e/" + id).statusCode());
    stranger.signUp("snoop@example.org", "Snoop", "a long passphrase");
    assertEquals(404, stranger.get("/e/" + id).statusCode());
    assertEquals(404, stranger.get("/organize/e/" + id).statusCode());
    assertEquals(403, stranger.get("/organize/g/rome-alumni/events/new").statusCode());

    String pub = create("title", "Open day", "startsAt", "2030-09-02T18:00",
        "endsAt", "2030-09-02T19:00", "timeZone", "Europe/Rome", "status", "published");
    assertEquals(403, stranger.get("/organize/e/" + pub).statusCode());
    stranger.get("/organize");
    assertEquals(403, stranger.post("/organize/e/" + pub + "/cancel").statusCode());
    assertEquals(403, stranger.post("/organize/e/" + pub, "title", "Hacked",
        "startsAt", "2030-09-02T18:00", "endsAt", "2030-09-02T19:00", "timeZone", "Europe/Rome")
        .statusCode());
    assertTrue(stranger.get("/e/" + pub).bodyAsString().contains("Open day"));
  }
}
