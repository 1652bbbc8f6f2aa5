package org.convene.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.convene.TestServer;
import org.convene.WebSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The organizer's series on the web, without JavaScript: repeat, edit following, cancel one. */
class SeriesWebFormsTest {
  static TestServer server;
  static WebSession organizer;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    organizer = new WebSession(server);
    assertEquals(302, organizer.signUp("rena@example.org", "Rena", "a long passphrase").statusCode());
    assertEquals(302, organizer.submit("/organize/groups/new", "/organize/groups",
        "slug", "oslo-alumni", "name", "Oslo alumni", "kind", "alumni").statusCode());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static final String[] EVENT = {"title", "Chapter night", "startsAt", "2030-03-19T19:00",
      "endsAt", "2030-03-19T21:00", "timeZone", "Europe/Berlin", "venue", "Hall",
      "guestsAllowed", "0", "status", "published"};

  private static String create() {
    var r = organizer.submit("/organize/g/oslo-alumni/events/new", "/organize/g/oslo-alumni/events", EVENT);
    assertEquals(302, r.statusCode(), r.bodyAsString());
    String l = r.getHeader("Location");
    return l.substring("/organize/e/".length(), l.indexOf('?'));
  }

  private static String[] with(String[] base, String... more) {
    String[] out = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, out, base.length, more.length);
    return out;
  }

  @Test
  void aBadRuleReRendersTheFormWithMessagesAndAGoodOneMakesTheSeries() {
    String id = create();
    String page = organizer.get("/organize/e/" + id).bodyAsString();
    assertTrue(page.contains("id=\"repeat-heading\""), page);

    var bad = organizer.submit("/organize/e/" + id, "/organize/e/" + id + "/series",
        "every", "week", "interval", "1", "weekday", "2", "nth", "3", "ends", "count", "count", "60");
    assertEquals(400, bad.statusCode(), bad.bodyAsString());
    assertTrue(bad.bodyAsString().contains("id=\"count-error\""), bad.bodyAsString());
    assertTrue(bad.bodyAsString().contains("value=\"60\""), "keeps what was typed");

    var ok = organizer.submit("/organize/e/" + id, "/organize/e/" + id + "/series",
        "every", "week", "interval", "1", "weekday", "2", "nth", "3", "ends", "count", "count", "4");
    assertEquals(302, ok.statusCode(), ok.bodyAsString());
    String after = organizer.get(ok.getHeader("Location")).bodyAsString();
    assertTrue(after.contains("Series created: 4 occurrences."), after);
    assertFalse(after.contains("id=\"repeat-heading\""), "a series is not repeated twice");
    assertTrue(after.contains("This and all following occurrences"));
    assertTrue(after.contains("Cancel this occurrence"));

    var again = organizer.submit("/organize/e/" + id, "/organize/e/" + id + "/series",
        "every", "week", "weekday", "2", "nth", "3", "ends", "count", "count", "2");
    // the form is gone once there is a series; a forged second post is refused with a message
    assertEquals(409, again.statusCode(), again.bodyAsString());
    assertTrue(again.bodyAsString().contains("already belongs to a series"), again.bodyAsString());
  }

  @Test
  void thisAndFollowingFromTheFormMovesLaterOccurrencesAndCancelTouchesOnlyOne() {
    String id = create();
    var ok = organizer.submit("/organize/e/" + id, "/organize/e/" + id + "/series",
        "every", "week", "interval", "1", "weekday", "2", "nth", "3", "ends", "count", "count", "3");
    assertEquals(302, ok.statusCode(), ok.bodyAsString());
    // the occurrences, through the organizer's series link on the edit page
    String page = organizer.get("/organize/e/" + id).bodyAsString();
    Matcher m = Pattern.compile("href=\"/s/([A-Za-z0-9_-]+)\"").matcher(page);
    assertTrue(m.find(), page);
    WebSession stranger = new WebSession(server);
    String list = stranger.get("/s/" + m.group(1)).bodyAsString();
    assertTrue(list.contains("Every week on Tuesday"), list);
    assertTrue(list.contains("Tue 26 Mar 2030, 19:00–21:00 (Berlin time)"), list);
    assertTrue(list.contains("Tue 2 Apr 2030, 19:00–21:00 (Berlin time)"), "same local time after DST");
    assertTrue(stranger.get("/e/" + id).bodyAsString().contains("href=\"/s/" + m.group(1) + "\""));
    assertEquals(404, stranger.get("/s/nosuchseriesatall0").statusCode());

    var second = organizer.submit("/organize/e/" + id, "/organize/e/" + id,
        "title", "Chapter night", "startsAt", "2030-03-19T20:00", "endsAt", "2030-03-19T22:00",
        "timeZone", "Europe/Berlin", "venue", "Loft", "guestsAllowed", "0", "status", "published",
        "scope", "following");
    assertEquals(302, second.statusCode(), second.bodyAsString());
    assertTrue(organizer.get(second.getHeader("Location")).bodyAsString()
        .contains("Saved on 3 occurrences."));

    var bad = organizer.submit("/organize/e/" + id, "/organize/e/" + id,
        "title", "", "startsAt", "2030-03-19T20:00", "endsAt", "2030-03-19T22:00",
        "timeZone", "Europe/Berlin", "guestsAllowed", "0", "status", "published", "scope", "following");
    assertEquals(400, bad.statusCode(), bad.bodyAsString());
    assertTrue(bad.bodyAsString().contains("id=\"title-error\""));

    var cancel = organizer.submit("/organize/e/" + id, "/organize/e/" + id + "/cancel");
    assertEquals(302, cancel.statusCode());
    assertTrue(organizer.get("/e/" + id).bodyAsString().contains("This event was cancelled."));
  }
}
