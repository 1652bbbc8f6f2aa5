package org.convene.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.convene.TestDb;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Series as an organizer makes and edits them, and as a calendar app then reads them. */
class SeriesTest {
  static TestServer server;
  static String token;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestDb.fresh(), Map.of());
    token = server.organizerToken("sena@example.org");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static JsonObject series(String eventId, JsonObject rule) {
    var r = server.postJson("/api/v1/events/" + eventId + "/series", rule,
        "Authorization", "Bearer " + token);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static List<String> starts(JsonObject s) {
    return s.getJsonArray("occurrences").stream()
        .map(o -> ((JsonObject) o).getString("startsAt")).toList();
  }

  /** UID to the DTSTART line as the group feed says it, read by iCal4j. */
  static Map<String, VEvent> feed(String group) throws Exception {
    var r = server.get("/g/" + group + "/calendar.ics");
    assertEquals(200, r.statusCode(), r.bodyAsString());
    Calendar cal = new CalendarBuilder().build(new StringReader(r.bodyAsString()));
    Map<String, VEvent> out = new HashMap<>();
    for (VEvent e : cal.<VEvent>getComponents("VEVENT")) {
      out.put(e.<Property>getProperty("UID").orElseThrow().getValue(), e);
    }
    return out;
  }

  static String prop(VEvent e, String name) {
    Property p = e.<Property>getProperty(name).orElseThrow();
    String tz = p.getParameter("TZID").map(x -> ((net.fortuna.ical4j.model.Parameter) x).getValue())
        .orElse("");
    return tz + ":" + p.getValue();
  }

  @Test
  void aWeeklySeriesStaysAtSevenInTheEveningAcrossTheChangeToSummerTime() throws Exception {
    server.createGroup(token, "weekly");
    // Berlin moves its clocks forward on Sunday 31 March 2030
    JsonObject first = server.createEvent(token, "weekly", new JsonObject()
        .put("startsAt", "2030-03-19T19:00").put("endsAt", "2030-03-19T21:00")
        .put("rsvpDeadline", "2030-03-19T12:00"));
    JsonObject s = series(first.getString("id"), new JsonObject().put("every", "week").put("count", 4));

    assertEquals(List.of("2030-03-19T19:00", "2030-03-26T19:00", "2030-04-02T19:00",
        "2030-04-09T19:00"), starts(s));
    JsonArray occ = s.getJsonArray("occurrences");
    assertEquals(first.getString("id"), occ.getJsonObject(0).getString("id"));
    // the same local time is another instant in UTC once summer time starts
    assertEquals("2030-03-26T18:00:00Z", occ.getJsonObject(1).getString("startsAtUtc"));
    assertEquals("2030-04-02T17:00:00Z", occ.getJsonObject(2).getString("startsAtUtc"));
    assertEquals("2030-04-02T12:00", occ.getJsonObject(2).getString("rsvpDeadline"));

    Map<String, VEvent> feed = feed("weekly");
    assertEquals(4, feed.size(), "one VEVENT per occurrence, each with its own UID");
    for (Object o : occ) {
      JsonObject e = (JsonObject) o;
      VEvent v = feed.get(e.getString("id") + "@convene");
      String day = e.getString("startsAt").substring(0, 10).replace("-", "");
      assertEquals("Europe/Berlin:" + day + "T190000", prop(v, "DTSTART"));
      assertEquals("Europe/Berlin:" + day + "T210000", prop(v, "DTEND"));
    }
  }

  @Test
  void aMonthlySeriesFallsOnTheLastTuesdayUntilTheEndDate() {
    server.createGroup(token, "monthly");
    JsonObject first = server.createEvent(token, "monthly", new JsonObject()
        .put("startsAt", "2030-01-15T18:30").put("endsAt", "2030-01-15T20:00"));
    JsonObject s = series(first.getString("id"), new JsonObject().put("every", "month")
        .put("nth", -1).put("until", "2030-05-31"));
    assertEquals(List.of("2030-01-15T18:30", "2030-02-26T18:30", "2030-03-26T18:30",
        "2030-04-30T18:30", "2030-05-28T18:30"), starts(s));
    assertEquals("Monthly on the last Tuesday", s.getString("repeats"));

    JsonObject second = server.createEvent(token, "monthly", new JsonObject()
        .put("startsAt", "2030-01-08T18:30").put("endsAt", "2030-01-08T20:00"));
    JsonObject every2 = series(second.getString("id"), new JsonObject().put("every", "month")
        .put("interval", 2).put("count", 3));
    // 8 January is the second Tuesday; so are 12 March and 14 May
    assertEquals(List.of("2030-01-08T18:30", "2030-03-12T18:30", "2030-05-14T18:30"), starts(every2));
  }

  @Test
  void aSeriesRefusesAnOpenEndTooManyAndASecondSeries() {
    server.createGroup(token, "limits");
    JsonObject first = server.createEvent(token, "limits", new JsonObject());
    String path = "/api/v1/events/" + first.getString("id") + "/series";
    var open = server.postJson(path, new JsonObject().put("every", "week"), "Authorization", "Bearer " + token);
    assertEquals(400, open.statusCode(), open.bodyAsString());
    var many = server.postJson(path, new JsonObject().put("every", "week").put("until", "2032-01-01"),
        "Authorization", "Bearer " + token);
    assertEquals(400, many.statusCode(), many.bodyAsString());
    series(first.getString("id"), new JsonObject().put("every", "week").put("count", 52));
    var again = server.postJson(path, new JsonObject().put("every", "week").put("count", 2),
        "Authorization", "Bearer " + token);
    assertEquals(409, again.statusCode(), again.bodyAsString());
    var stranger = server.organizerToken("stranger@example.org");
    var other = server.postJson(path, new JsonObject().put("every", "week").put("count", 2),
        "Authorization", "Bearer " + stranger);
    assertEquals(403, other.statusCode(), other.bodyAsString());
  }

  @Test
  void thisAndFollowingMovesTheLaterOccurrencesByAnHourOnTheClockAndLeavesEarlierOnes() throws Exception {
    server.createGroup(token, "following");
    JsonObject first = server.createEvent(token, "following", new JsonObject()
        .put("startsAt", "2030-03-19T19:00").put("endsAt", "2030-03-19T21:00"));
    JsonArray occ = series(first.getString("id"), new JsonObject().put("every", "week").put("count", 4))
        .getJsonArray("occurrences");
    String third = occ.getJsonObject(2).getString("id");
    // the third is after the DST change, the edit is made on it and not on the first
    var r = server.patchJson("/api/v1/events/" + third + "?scope=following", new JsonObject()
        .put("startsAt", "2030-04-02T20:00").put("endsAt", "2030-04-02T22:00").put("venue", "Loft"),
        "Authorization", "Bearer " + token);
    assertEquals(200, r.statusCode(), r.bodyAsString());

    List<String> expected = List.of("2030-03-19T19:00", "2030-03-26T19:00", "2030-04-02T20:00",
        "2030-04-09T20:00");
    Map<String, VEvent> feed = feed("following");
    for (int i = 0; i < 4; i++) {
      JsonObject e = server.get("/api/v1/events/" + occ.getJsonObject(i).getString("id"),
          "Authorization", "Bearer " + token).bodyAsJsonObject();
      assertEquals(expected.get(i), e.getString("startsAt"));
      assertEquals(i < 2 ? "Alumni House" : "Loft", e.getString("venue"));
      VEvent v = feed.get(e.getString("id") + "@convene");
      assertEquals(i < 2 ? "0" : "1", v.<Property>getProperty("SEQUENCE").map(Property::getValue).orElse("0"),
          "SEQUENCE of occurrence " + i);
      assertEquals("Europe/Berlin:" + expected.get(i).substring(0, 10).replace("-", "")
          + (i < 2 ? "T190000" : "T200000"), prop(v, "DTSTART"));
    }

    // without a scope only the one changes
    var one = server.patchJson("/api/v1/events/" + occ.getJsonObject(3).getString("id"),
        new JsonObject().put("title", "Last one"), "Authorization", "Bearer " + token);
    assertEquals(200, one.statusCode(), one.bodyAsString());
    assertEquals("Winter mixer", server.get("/api/v1/events/" + third, "Authorization", "Bearer " + token)
        .bodyAsJsonObject().getString("title"));
    var bad = server.patchJson("/api/v1/events/" + third + "?scope=all", new JsonObject(),
        "Authorization", "Bearer " + token);
    assertEquals(400, bad.statusCode(), bad.bodyAsString());
  }

  @Test
  void theSeriesIsReadableByAnyoneWithoutItsDrafts() {
    server.createGroup(token, "readable");
    JsonObject first = server.createEvent(token, "readable", new JsonObject()
        .put("startsAt", "2030-06-04T19:00").put("endsAt", "2030-06-04T21:00"));
    JsonObject s = series(first.getString("id"), new JsonObject().put("every", "week").put("count", 3));
    String second = s.getJsonArray("occurrences").getJsonObject(1).getString("id");
    var draft = server.patchJson("/api/v1/events/" + second, new JsonObject().put("status", "draft"),
        "Authorization", "Bearer " + token);
    assertEquals(200, draft.statusCode(), draft.bodyAsString());

    var pub = server.get("/api/v1/series/" + s.getString("id"));
    assertEquals(200, pub.statusCode(), pub.bodyAsString());
    assertEquals(List.of("2030-06-04T19:00", "2030-06-18T19:00"), starts(pub.bodyAsJsonObject()));
    var org = server.get("/api/v1/series/" + s.getString("id"), "Authorization", "Bearer " + token);
    assertEquals(3, org.bodyAsJsonObject().getJsonArray("occurrences").size());
    assertEquals(404, server.get("/api/v1/series/nosuchseriesatall0").statusCode());
  }

  @Test
  void aTimeThatDoesNotExistOnADateMovesForwardByTheGap() {
    server.createGroup(token, "night");
    // 02:30 does not exist in Berlin on 31 March 2030: clocks jump from 02:00 to 03:00
    JsonObject first = server.createEvent(token, "night", new JsonObject()
        .put("startsAt", "2030-03-24T02:30").put("endsAt", "2030-03-24T04:00"));
    JsonObject s = series(first.getString("id"), new JsonObject().put("every", "week").put("count", 3));
    assertEquals(List.of("2030-03-24T02:30", "2030-03-31T03:30", "2030-04-07T02:30"), starts(s));
  }
}
