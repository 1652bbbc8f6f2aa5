package org.convene.rsvp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.convene.TestServer;
import org.convene.WebSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The organizers' charts against the real server and PostgreSQL: an empty, a small and a
 * 5,000-RSVP event, came vs said going after the event, the group's year, and nobody else sees them.
 */
class ChartsTest {
  static final String PASSWORD = "correct horse battery";
  static final ZoneId ROME = ZoneId.of("Europe/Rome");
  static TestServer server;
  static String token;
  static WebSession organizer;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    token = server.organizerToken("charts-org@example.org");
    server.createGroup(token, "charts-group");
    organizer = new WebSession(server);
    assertEquals(302, organizer.logIn("charts-org@example.org", PASSWORD).statusCode());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void anEventWithoutRsvpsSaysSoInsteadOfAnEmptyChart() {
    String event = event("charts-group", new JsonObject().put("title", "Quiet evening"));
    String page = organizerPage(event);
    assertTrue(page.contains("No RSVPs yet."), page);
    assertFalse(page.contains("<svg"), "no chart at all, not an empty one");
    assertFalse(page.contains("over-time-table"));
    // not begun: no came vs going yet
    assertFalse(page.contains("Came vs said going"));
  }

  @Test
  void aSmallEventsChartCountsEachDayInTheEventsZone() {
    String event = event("charts-group", new JsonObject().put("title", "Aperitivo")
        .put("capacity", 2).put("timeZone", "Europe/Rome"));
    for (String who : List.of("alice", "bob", "carol")) rsvp(event, who, "going");
    rsvp(event, "dan", "maybe");
    rsvp(event, "eve", "not_going");
    LocalDate today = LocalDate.now(ROME);
    LocalDate d0 = today.minusDays(6);
    LocalDate d2 = today.minusDays(4);
    LocalDate d4 = today.minusDays(2);
    answeredAt(event, "alice", d0, "10:00");
    answeredAt(event, "bob", d0, "23:30");
    // half past midnight in Rome is still the day before in UTC: counted on d2, not d2 - 1
    answeredAt(event, "carol", d2, "00:30");
    answeredAt(event, "dan", d4, "12:00");
    answeredAt(event, "eve", d4, "13:00");

    String page = organizerPage(event);
    String svg = svg(page, "over-time-chart");
    assertTrue(svg.contains("role=\"img\""));
    assertTrue(svg.contains("aria-labelledby=\"over-time-title over-time-desc\""));
    assertTrue(svg.contains(">Going 2</text>"), svg);
    assertTrue(svg.contains(">Waitlisted 1</text>"), svg);
    assertTrue(svg.contains(">Maybe 1</text>"), svg);
    assertTrue(svg.contains("2 going, 1 waitlisted, 1 maybe."), svg);
    assertEquals(3, count(svg, "<path"), "one band each for going, waitlisted and maybe");
    // the text equivalent: one row per day on which answers came in, with the day's totals
    List<String> rows = rows(page, "over-time-table");
    assertEquals(3, rows.size(), rows.toString());
    assertRow(rows.get(0), d0, 2, 2, 0, 0);
    assertRow(rows.get(1), d2, 1, 2, 1, 0);
    assertRow(rows.get(2), d4, 1, 2, 1, 1);
    assertFalse(page.contains("datetime=\"" + d2.minusDays(1) + "\""), "the day in UTC is not used");

    // the API has the same numbers
    JsonObject stats = server.get("/api/v1/events/" + event + "/stats", "Authorization",
        "Bearer " + token).bodyAsJsonObject();
    assertEquals(new JsonObject().put("going", 2).put("waitlisted", 1).put("maybe", 1),
        stats.getJsonObject("totals"));
    JsonArray byDay = stats.getJsonArray("rsvpsByDay");
    assertEquals(List.of(d0.toString(), d2.toString(), d4.toString()),
        byDay.stream().map(d -> ((JsonObject) d).getString("day")).toList());
    assertEquals(1, byDay.getJsonObject(1).getInteger("waitlisted"));
    assertEquals("Europe/Rome", stats.getString("timeZone"));
  }

  @Test
  void aFiveThousandRsvpEventDrawsADayNotAPersonPerPoint() {
    String event = event("charts-group", new JsonObject().put("title", "Homecoming"));
    // 5,000 answers over 40 days: 7 in 10 going, 2 maybe, 1 waitlisted
    sql("""
        INSERT INTO rsvps (event_id, token, email, name, response, status, created_at)
        SELECT $1, 'big-' || i, 'guest' || i || '@example.org', 'Guest ' || i,
               CASE WHEN i % 10 IN (7, 8) THEN 'maybe' ELSE 'going' END,
               CASE WHEN i % 10 IN (7, 8) THEN 'maybe' WHEN i % 10 = 9 THEN 'waitlisted'
                    ELSE 'going' END,
               now() - make_interval(days => i % 40, mins => i % 600)
        FROM generate_series(1, 5000) AS i""", event);
    long started = System.nanoTime();
    var r = organizer.get("/organize/e/" + event);
    long ms = (System.nanoTime() - started) / 1_000_000;
    assertEquals(200, r.statusCode());
    String page = r.bodyAsString();
    String svg = svg(page, "over-time-chart");
    assertTrue(svg.contains(">Going 3500</text>"), svg);
    assertTrue(svg.contains(">Waitlisted 500</text>"), svg);
    assertTrue(svg.contains(">Maybe 1000</text>"), svg);
    int shapes = count(svg, "<path") + count(svg, "<rect") + count(svg, "<line") + count(svg, "<text")
        + count(svg, "<circle");
    assertTrue(shapes < 60, "a bounded picture, not one shape per RSVP: " + shapes);
    assertTrue(svg.length() < 20_000, "the SVG is " + svg.length() + " characters");
    List<String> rows = rows(page, "over-time-table");
    assertTrue(rows.size() <= 41, "one row per day: " + rows.size());
    assertTrue(rows.get(rows.size() - 1).contains("<td>3500</td><td>500</td><td>1000</td>"),
        rows.get(rows.size() - 1));
    assertTrue(ms < 5000, "the page took " + ms + " ms");
  }

  @Test
  void afterTheEventCameIsDrawnAgainstSaidGoing() {
    String event = event("charts-group", new JsonObject().put("title", "Autumn mixer"));
    for (String who : List.of("ann", "ben", "cat", "dov")) rsvp(event, who, "going");
    rsvp(event, "eli", "maybe");
    pastEvent(event, 30);
    sql("""
        UPDATE rsvps SET checked_in_at = now(), attendance_source = 'door'
        WHERE event_id = $1 AND email IN ('ann@example.org', 'ben@example.org', 'cat@example.org')""",
        event);
    String page = organizerPage(event);
    String svg = svg(page, "turnout-chart");
    assertTrue(svg.contains(">Said going</text>"), svg);
    assertTrue(svg.contains(">4</text>"), svg);
    assertTrue(svg.contains(">Came (checked in or marked attended)</text>"), svg);
    assertTrue(svg.contains(">3</text>"), svg);
    assertTrue(svg.contains("4 said going; 3 came (75% of those going)."), svg);
    assertEquals(2, count(svg, "<rect class=\"chart-bar "), "two bars");
    assertTrue(page.contains("<li>Said going: 4</li>"), page);
    assertTrue(page.contains("<li>Came (checked in or marked attended): 3</li>"), page);
    // the RSVPs-over-time chart is still there, ending at the start
    assertTrue(page.contains("over-time-chart"));
  }

  @Test
  void theGroupPageShowsGoingAndCameForEachEventOfTheLastYear() {
    server.createGroup(token, "charts-history");
    String recent = event("charts-history", new JsonObject().put("title", "<script>\"&'</script> Gala"));
    String older = event("charts-history", new JsonObject().put("title", "Spring picnic"));
    String tooOld = event("charts-history", new JsonObject().put("title", "Ancient reunion"));
    String upcoming = event("charts-history", new JsonObject().put("title", "Next gathering"));
    String draft = event("charts-history", new JsonObject().put("title", "Never published")
        .put("status", "draft"));
    for (String who : List.of("fay", "gus", "hal")) rsvp(recent, who, "going");
    for (String who : List.of("ida", "jon")) rsvp(older, who, "going");
    rsvp(tooOld, "kim", "going");
    rsvp(upcoming, "lea", "going");
    pastEvent(recent, 24 * 7);
    pastEvent(older, 24 * 60);
    pastEvent(tooOld, 24 * 400);
    pastEvent(draft, 24 * 3);
    sql("UPDATE rsvps SET checked_in_at = now(), attendance_source = 'organizer' "
        + "WHERE event_id = $1 AND email <> 'hal@example.org'", recent);

    var r = organizer.get("/organize/g/charts-history");
    assertEquals(200, r.statusCode());
    String page = r.bodyAsString();
    String svg = svg(page, "group-chart");
    assertFalse(page.contains("<script>\""), "the title is escaped");
    assertTrue(svg.contains("&lt;script&gt;&quot;&amp;&#x27;&lt;/script&gt; Gala"), svg);
    assertTrue(svg.contains("Spring picnic"));
    assertFalse(svg.contains("Ancient reunion"), "more than a year ago");
    assertFalse(svg.contains("Next gathering"), "not yet happened");
    assertFalse(svg.contains("Never published"), "drafts are not events people came to");
    assertEquals(4, count(svg, "<rect class=\"chart-bar "), "two bars per event");
    assertEquals(2, count(svg, "<rect class=\"chart-swatch "), "a legend of two");
    assertTrue(svg.contains("2 events in the last year: 5 said going; 2 came (40% of those going)."),
        svg);
    List<String> rows = rows(page, "group-chart-table");
    assertEquals(2, rows.size(), rows.toString());
    assertTrue(rows.get(0).contains("Spring picnic") && rows.get(0).contains("<td>2</td><td>0</td>"),
        rows.get(0));
    assertTrue(rows.get(1).contains("Gala") && rows.get(1).contains("<td>3</td><td>2</td>"),
        rows.get(1));

    // a group with no past events says so
    server.createGroup(token, "charts-new");
    String fresh = organizer.get("/organize/g/charts-new").bodyAsString();
    assertTrue(fresh.contains("No event of the group ended in the last year yet."), fresh);
    assertFalse(fresh.contains("<svg"));
  }

  @Test
  void theChartsAreForTheGroupsOrganizersOnly() {
    String event = event("charts-group", new JsonObject().put("title", "Members' dinner"));
    rsvp(event, "mia", "going");
    pastEvent(event, 48);

    // a visitor of the event page
    WebSession visitor = new WebSession(server);
    String pub = visitor.get("/e/" + event).bodyAsString();
    assertFalse(pub.contains("chart-svg"), pub);
    assertFalse(pub.contains("RSVPs over time"));
    assertEquals(302, visitor.get("/organize/e/" + event).statusCode(), "to the login page");

    // an organizer of another group
    String otherToken = server.organizerToken("stranger-org@example.org");
    WebSession stranger = new WebSession(server);
    assertEquals(302, stranger.logIn("stranger-org@example.org", PASSWORD).statusCode());
    var r = stranger.get("/organize/e/" + event);
    assertEquals(403, r.statusCode());
    assertFalse(r.bodyAsString().contains("chart-svg"));
    assertEquals(403, stranger.get("/organize/g/charts-group").statusCode());
    assertEquals(403, server.get("/api/v1/events/" + event + "/stats", "Authorization",
        "Bearer " + otherToken).statusCode());
    assertEquals(401, server.get("/api/v1/events/" + event + "/stats").statusCode());

    // a check-in helper of the group sees its page, without the charts
    server.organizerToken("door-helper@example.org");
    var added = server.postJson("/api/v1/groups/charts-group/organizers", new JsonObject()
        .put("email", "door-helper@example.org").put("role", "checkin"), "Authorization", "Bearer " + token);
    assertEquals(201, added.statusCode(), added.bodyAsString());
    WebSession helper = new WebSession(server);
    assertEquals(302, helper.logIn("door-helper@example.org", PASSWORD).statusCode());
    var manage = helper.get("/organize/g/charts-group");
    assertEquals(200, manage.statusCode());
    assertFalse(manage.bodyAsString().contains("chart-svg"), manage.bodyAsString());
    assertFalse(manage.bodyAsString().contains("Came vs said going"));
    assertEquals(403, helper.get("/organize/e/" + event).statusCode());

    // while the group's organizer does see both
    assertTrue(organizer.get("/organize/g/charts-group").bodyAsString().contains("group-chart"));
    assertTrue(organizerPage(event).contains("turnout-chart"));
  }

  // ---- helpers ----

  static String event(String group, JsonObject fields) {
    return server.createEvent(token, group, fields).getString("id");
  }

  static void rsvp(String event, String who, String response) {
    var r = server.postJson("/api/v1/events/" + event + "/rsvps", new JsonObject()
        .put("name", who).put("email", who + "@example.org").put("response", response));
    assertEquals(201, r.statusCode(), r.bodyAsString());
  }

  /** Sets when the person answered: a local time on a day, in Rome. */
  static void answeredAt(String event, String who, LocalDate day, String time) {
    sql("UPDATE rsvps SET created_at = ($3::date + $4::time) AT TIME ZONE 'Europe/Rome' "
        + "WHERE event_id = $1 AND email = $2", event, who + "@example.org", day, java.time.LocalTime.parse(time));
  }

  /** The event started {@code hoursAgo} hours ago and lasted two hours. */
  static void pastEvent(String event, int hoursAgo) {
    sql("""
        UPDATE events SET rsvp_deadline = NULL, starts_at = now() - make_interval(hours => $2),
          ends_at = now() - make_interval(hours => $2) + interval '2 hours' WHERE id = $1""",
        event, hoursAgo);
  }

  static String organizerPage(String event) {
    var r = organizer.get("/organize/e/" + event);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsString();
  }

  /** The svg element with this class. */
  static String svg(String page, String cssClass) {
    Matcher m = Pattern.compile("<svg class=\"chart-svg " + cssClass + "\"[\\s\\S]*?</svg>").matcher(page);
    assertTrue(m.find(), "no " + cssClass + " in " + page);
    return m.group();
  }

  /** The body rows of the table with this id. */
  static List<String> rows(String page, String tableId) {
    int at = page.indexOf("id=\"" + tableId + "\"");
    assertTrue(at > 0, "no table " + tableId);
    String table = page.substring(at, page.indexOf("</table>", at));
    String body = table.substring(table.indexOf("<tbody>"));
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("<tr>[\\s\\S]*?</tr>").matcher(body);
    while (m.find()) out.add(m.group());
    return out;
  }

  static void assertRow(String row, LocalDate day, int answered, int going, int waitlisted, int maybe) {
    assertTrue(row.contains("datetime=\"" + day + "\""), day + " in " + row);
    assertTrue(row.contains("<td>" + answered + "</td><td>" + going + "</td><td>" + waitlisted
        + "</td><td>" + maybe + "</td>"), row);
  }

  static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
    return n;
  }

  static List<Row> sql(String sql, Object... args) {
    try {
      var rows = server.app.pool().preparedQuery(sql).execute(Tuple.from(args))
          .await(30, TimeUnit.SECONDS);
      List<Row> out = new ArrayList<>();
      rows.forEach(out::add);
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
