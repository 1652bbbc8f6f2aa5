package org.convene.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.convene.events.Event;
import org.junit.jupiter.api.Test;

/**
 * Every kind of calendar we produce, read back by iCal4j (validate() without errors) and by
 * ical.js: the download, both feeds, REQUEST and CANCEL invites, on the cases calendar apps get
 * wrong (a DST day, a half-hour zone, hostile text, cancellation, updates).
 */
class CalendarFormatTest {
  static final String BASE = "https://convene.example.org";
  static final String FROM = "events@example.org";
  static final Instant CREATED = Instant.parse("2029-06-01T09:00:00Z");
  static final String HOSTILE = "Bring: pens, paper; snacks \\ and a backslash\\n that is no newline.\n"
      + "Second line with emoji 😀🎉 and \"quotes\".\n" + "x".repeat(150) + "é".repeat(150);

  static Event event(String id, String title, String zone, String start, String end, int sequence,
                     String status, Instant updated) {
    ZoneId z = ZoneId.of(zone);
    return new Event(id, UUID.fromString("00000000-0000-0000-0000-000000000001"), "alumni",
        "Alumni, Berlin; \"Chapter\"", title, HOSTILE, LocalDateTime.parse(start).atZone(z).toInstant(),
        LocalDateTime.parse(end).atZone(z).toInstant(), z, "Alumni House, Room 2",
        "Unter den Linden 6\n10117 Berlin", "https://meet.example.org/secret-room", null, 0, null,
        status, sequence, CREATED, updated, 0, false);
  }

  static Event newYorkDstDay() {
    // 2030-03-10: clocks in New York jump from 02:00 to 03:00; 01:30 EST to 03:30 EDT is one hour.
    return event("nyDstSpringForward01", "Spring forward, mixer; NYC", "America/New_York",
        "2030-03-10T01:30", "2030-03-10T03:30", 0, Event.PUBLISHED, CREATED);
  }

  static Event newYorkFallBack() {
    // 2030-11-03: clocks go back at 02:00; 00:30 EDT to 03:00 EST lasts three and a half hours.
    return event("nyDstFallBack0000001", "Fall back panel", "America/New_York",
        "2030-11-03T00:30", "2030-11-03T03:00", 0, Event.PUBLISHED, CREATED);
  }

  static Event kolkata() {
    return event("kolkataHalfHour00001", "Mentoring evening", "Asia/Kolkata",
        "2030-01-15T18:30", "2030-01-15T21:00", 0, Event.PUBLISHED, CREATED);
  }

  static RsvpInfo attendee(String status, int calendarSequence, Instant updated) {
    return new RsvpInfo(UUID.randomUUID(), "ann.lee@example.org", "Lee, Ann \"Annie\"", status,
        calendarSequence, updated);
  }

  @Test
  void theDownloadOnTheDayClocksChangeKeepsTheRealTimes() {
    for (Event e : List.of(newYorkDstDay(), newYorkFallBack())) {
      JsonObject read = IcsChecks.valid(Invites.publish(e, FROM, BASE));
      assertEquals("PUBLISH", read.getString("method"));
      JsonObject ev = read.getJsonArray("events").getJsonObject(0);
      assertEquals("America/New_York", ev.getString("startTzid"));
      assertEquals(e.startsAt().toString(), Instant.parse(ev.getString("startUtc")).toString());
      assertEquals(e.endsAt().toString(), Instant.parse(ev.getString("endUtc")).toString());
      assertTrue(read.getJsonArray("timezones").contains("America/New_York"));
    }
    assertEquals("2030-03-10T06:30:00Z", newYorkDstDay().startsAt().toString());
    assertEquals("2030-03-10T07:30:00Z", newYorkDstDay().endsAt().toString());
    assertEquals("2030-11-03T04:30:00Z", newYorkFallBack().startsAt().toString());
    assertEquals("2030-11-03T08:00:00Z", newYorkFallBack().endsAt().toString());
  }

  @Test
  void aHalfHourZoneIsWrittenWithItsOwnTimezone() {
    String ics = Invites.publish(kolkata(), FROM, BASE);
    assertTrue(ics.contains("DTSTART;TZID=Asia/Kolkata:20300115T183000\r\n"), ics);
    assertTrue(ics.contains("TZOFFSETTO:+0530"), ics);
    JsonObject ev = IcsChecks.valid(ics).getJsonArray("events").getJsonObject(0);
    assertEquals("2030-01-15T13:00:00.000Z", ev.getString("startUtc"));
    assertEquals("2030-01-15T15:30:00.000Z", ev.getString("endUtc"));
  }

  @Test
  void hostileTextSurvivesEscapingAndFolding() {
    Event e = kolkata();
    String ics = Invites.publish(e, FROM, BASE);
    JsonObject ev = IcsChecks.valid(ics).getJsonArray("events").getJsonObject(0);
    String expected = HOSTILE.strip() + "\n\nOnline: the link is sent to confirmed attendees.\n"
        + "Event page: " + BASE + "/e/" + e.id();
    assertEquals(expected, ev.getString("description"));
    assertEquals("Alumni House, Room 2, Unter den Linden 6, 10117 Berlin", ev.getString("location"));
    assertEquals("Mentoring evening", ev.getString("summary"));
    assertEquals(BASE + "/e/" + e.id(), ev.getString("url"));
    assertEquals("kolkataHalfHour00001@convene", ev.getString("uid"));
  }

  @Test
  void thePublicDownloadNeverCarriesTheOnlineLink() {
    String ics = Invites.publish(kolkata(), FROM, BASE);
    assertFalse(ics.replace("\r\n ", "").contains("meet.example.org"), ics);
  }

  @Test
  void aCancelledEventIsMarkedCancelledEverywhere() {
    Instant later = CREATED.plusSeconds(3600);
    Event e = event("cancelledEvent000001", "Reunion", "Europe/Berlin", "2030-05-01T18:00",
        "2030-05-01T21:00", 1, Event.CANCELLED, later);
    JsonObject ev = IcsChecks.valid(Invites.publish(e, FROM, BASE)).getJsonArray("events").getJsonObject(0);
    assertEquals("CANCELLED", ev.getString("status"));
    assertEquals("Cancelled: Reunion", ev.getString("summary"));
    assertEquals(1, ev.getInteger("sequence"));

    String invite = Invites.request(e, attendee(RsvpInfo.GOING, 0, CREATED), "events@example.org",
        "Alumni", BASE);
    JsonObject read = IcsChecks.valid(invite);
    assertEquals("CANCEL", read.getString("method"), "an invite to a cancelled event is a CANCEL");
    assertEquals("CANCELLED", read.getJsonArray("events").getJsonObject(0).getString("status"));
  }

  @Test
  void anUpdateRaisesSequenceKeepsUidAndStampsLater() {
    Event before = kolkata();
    Instant later = CREATED.plusSeconds(86_400);
    Event after = event(before.id(), before.title(), "Asia/Kolkata", "2030-01-15T19:00",
        "2030-01-15T21:30", before.sequence() + 1, Event.PUBLISHED, later);
    RsvpInfo going = attendee(RsvpInfo.GOING, 0, CREATED);
    for (boolean invite : new boolean[] {false, true}) {
      String a = invite ? Invites.request(before, going, "events@example.org", "Alumni", BASE)
          : Invites.publish(before, FROM, BASE);
      String b = invite ? Invites.request(after, going, "events@example.org", "Alumni", BASE)
          : Invites.publish(after, FROM, BASE);
      JsonObject first = IcsChecks.valid(a).getJsonArray("events").getJsonObject(0);
      JsonObject second = IcsChecks.valid(b).getJsonArray("events").getJsonObject(0);
      assertEquals(first.getString("uid"), second.getString("uid"));
      assertTrue(second.getInteger("sequence") > first.getInteger("sequence"));
      assertTrue(Instant.parse(second.getString("dtstamp")).isAfter(Instant.parse(first.getString("dtstamp"))));
      assertEquals("2030-01-15T13:30:00.000Z", second.getString("startUtc"));
    }
  }

  @Test
  void aRequestNamesOrganizerAndAttendeeAndGivesTheLinkToConfirmedAttendeesOnly() {
    Event e = newYorkFallBack();
    String ics = Invites.request(e, attendee(RsvpInfo.GOING, 0, CREATED), "events@example.org",
        "Alumni, Berlin; \"Chapter\"", BASE);
    JsonObject read = IcsChecks.valid(ics);
    assertEquals("REQUEST", read.getString("method"));
    JsonObject ev = read.getJsonArray("events").getJsonObject(0);
    assertEquals("mailto:events@example.org", ev.getJsonObject("organizer").getString("value"));
    assertEquals("Alumni, Berlin; \"Chapter\"", ev.getJsonObject("organizer").getString("cn"));
    JsonObject who = ev.getJsonArray("attendees").getJsonObject(0);
    assertEquals("mailto:ann.lee@example.org", who.getString("value"));
    assertEquals("Lee, Ann \"Annie\"", who.getString("cn"));
    assertEquals("ACCEPTED", who.getString("partstat"));
    assertTrue(ev.getString("description").contains("Join online: https://meet.example.org/secret-room"));

    for (String status : List.of(RsvpInfo.WAITLISTED, RsvpInfo.MAYBE)) {
      String tentative = Invites.request(e, attendee(status, 0, CREATED), "events@example.org",
          "Alumni", BASE);
      JsonObject t = IcsChecks.valid(tentative).getJsonArray("events").getJsonObject(0);
      assertEquals("TENTATIVE", t.getJsonArray("attendees").getJsonObject(0).getString("partstat"));
      assertEquals("TENTATIVE", t.getString("status"));
      assertFalse(tentative.replace("\r\n ", "").contains("secret-room"), status);
    }
  }

  @Test
  void leavingSendsACancelWithAHigherSequenceAndComingBackAHigherOneStill() {
    Event e = kolkata();
    Instant t0 = CREATED.plusSeconds(60);
    String invite = Invites.request(e, attendee(RsvpInfo.GOING, 0, t0), "events@example.org",
        "Alumni", BASE);
    // the trigger raises calendar_sequence when an RSVP leaves and when it comes back
    String cancel = Invites.cancel(e, attendee(RsvpInfo.CANCELLED, 1, t0.plusSeconds(60)),
        "events@example.org", "Alumni", BASE);
    String again = Invites.request(e, attendee(RsvpInfo.GOING, 2, t0.plusSeconds(120)),
        "events@example.org", "Alumni", BASE);
    JsonObject a = IcsChecks.valid(invite).getJsonArray("events").getJsonObject(0);
    JsonObject c = IcsChecks.valid(cancel);
    JsonObject b = IcsChecks.valid(again).getJsonArray("events").getJsonObject(0);
    assertEquals("CANCEL", c.getString("method"));
    JsonObject ce = c.getJsonArray("events").getJsonObject(0);
    assertEquals(a.getString("uid"), ce.getString("uid"));
    assertEquals("CANCELLED", ce.getString("status"));
    assertEquals("DECLINED", ce.getJsonArray("attendees").getJsonObject(0).getString("partstat"));
    assertTrue(ce.getInteger("sequence") > a.getInteger("sequence"));
    assertTrue(b.getInteger("sequence") > ce.getInteger("sequence"));
    assertEquals(Invites.CANCEL, Invites.methodFor(e, attendee(RsvpInfo.NOT_GOING, 1, t0)));
  }

  @Test
  void feedsCarryNameRefreshHintsAndOneTimezonePerZone() {
    FeedWindow w = new FeedWindow(LocalDate.parse("2030-01-01"));
    List<Event> events = List.of(kolkata(), newYorkDstDay(), newYorkFallBack(),
        event("utcEvent000000000001", "Online call", "UTC", "2030-02-01T10:00", "2030-02-01T11:00",
            0, Event.PUBLISHED, CREATED));
    String ics = Feeds.group("Alumni, Berlin", BASE + "/g/alumni", events, FROM, w, BASE);
    JsonObject read = IcsChecks.valid(ics);
    // TEXT values, escaped (RFC 5545 3.3.11); ical.js knows neither property and shows them raw
    assertTrue(ics.contains("\r\nNAME:Alumni\\, Berlin (Convene)\r\n"), ics);
    assertEquals("Alumni\\, Berlin (Convene)", read.getString("calname"));
    assertEquals("PT1H", read.getString("refreshInterval"));
    assertEquals("PT1H", read.getString("publishedTtl"));
    assertTrue(read.getString("description").contains("last 90 days"), read.getString("description"));
    assertTrue(ics.contains("REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"));
    assertEquals(List.of("America/New_York", "Asia/Kolkata"), read.getJsonArray("timezones").getList());
    assertEquals(4, read.getJsonArray("events").size());
    JsonObject utc = read.getJsonArray("events").getJsonObject(3);
    assertTrue(utc.getBoolean("startIsUtc"));
    assertNull(utc.getString("startTzid"));
    assertFalse(ics.replace("\r\n ", "").contains("secret-room"), "no online link in a group feed");

    List<Ics.Entry> mine = List.of(
        new Ics.Entry(kolkata(), Ics.CONFIRMED, 0, CREATED, true, List.of()),
        new Ics.Entry(newYorkFallBack(), Ics.TENTATIVE, 0, CREATED, false, List.of()));
    String personal = Feeds.personal(mine, FROM, w, BASE);
    JsonObject p = IcsChecks.valid(personal);
    assertEquals("CONFIRMED", p.getJsonArray("events").getJsonObject(0).getString("status"));
    assertTrue(p.getJsonArray("events").getJsonObject(0).getString("description").contains("secret-room"));
    assertEquals("TENTATIVE", p.getJsonArray("events").getJsonObject(1).getString("status"));
    assertFalse(p.getJsonArray("events").getJsonObject(1).getString("description").contains("secret-room"));
  }

  @Test
  void zonesGetACompactRruleTimezoneOrUtcWhenTheDefinitionWouldDisagreeWithOurTimes() {
    String ny = IcsZones.vtimezone(ZoneId.of("America/New_York")).orElseThrow().toString();
    assertTrue(ny.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU"), ny);
    assertTrue(ny.contains("RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU"), ny);
    assertTrue(ny.split("BEGIN:STANDARD").length == 2 && ny.split("BEGIN:DAYLIGHT").length == 2,
        "one STANDARD and one DAYLIGHT rule, the form Outlook accepts: " + ny);
    assertTrue(IcsZones.vtimezone(ZoneId.of("Europe/Berlin")).isPresent());
    assertTrue(IcsZones.vtimezone(ZoneId.of("Asia/Kolkata")).isPresent());
    assertTrue(IcsZones.vtimezone(ZoneId.of("UTC")).isEmpty());
    // Paraguay dropped daylight saving in 2024; where the JDK knows it and the bundled
    // definition does not, the zone must fall back to UTC rather than shift times by an hour.
    ZoneId asuncion = ZoneId.of("America/Asuncion");
    boolean jdkKnowsNoDst = asuncion.getRules().nextTransition(Instant.parse("2025-06-01T00:00:00Z")) == null;
    String def = IcsZones.vtimezone(asuncion).map(Object::toString).orElse("");
    boolean definitionHasDst = def.contains("BEGIN:DAYLIGHT");
    if (jdkKnowsNoDst && definitionHasDst) fail("a stale definition was kept for America/Asuncion");
  }

  @Test
  void aHugeGroupFeedKeepsTheEventsNearestTodayUnderOneMegabyte() {
    FeedWindow w = new FeedWindow(LocalDate.parse("2030-01-01"));
    List<Event> events = new java.util.ArrayList<>();
    LocalDateTime first = LocalDateTime.parse("2029-10-10T18:00");
    // every 3 hours: about 650 in the last 90 days, 350 upcoming; 1.3 MB in all
    for (int i = 0; i < 1000; i++) {
      LocalDateTime start = first.plusHours(3L * i);
      events.add(event(String.format("huge%016d", i), "Evening " + i, "Europe/Berlin",
          start.toString(), start.plusHours(2).toString(), 0, Event.PUBLISHED, CREATED));
    }
    String ics = Feeds.group("Big", BASE + "/g/big", events, FROM, w, BASE);
    int bytes = ics.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    assertTrue(bytes <= Feeds.MAX_BYTES, bytes + " bytes");
    assertTrue(bytes > Feeds.MAX_BYTES * 9 / 10, "the budget is used, not wasted: " + bytes);
    JsonObject read = IcsChecks.valid(ics);
    var kept = read.getJsonArray("events");
    assertTrue(kept.size() < 1000);
    assertTrue(read.getString("description").contains("To stay under 1 MB, " + (1000 - kept.size())),
        read.getString("description"));
    // every upcoming event stays; the past is trimmed from the oldest
    Instant firstKept = Instant.parse(kept.getJsonObject(0).getString("startUtc"));
    Instant lastKept = Instant.parse(kept.getJsonObject(kept.size() - 1).getString("startUtc"));
    assertEquals(events.get(999).startsAt(), lastKept);
    assertTrue(firstKept.isBefore(w.dayStart()), "recent past events stay: " + firstKept);
    assertTrue(events.get(0).startsAt().isBefore(firstKept), "the oldest go first");
    int keptFrom = 1000 - kept.size();
    assertEquals(events.get(keptFrom).startsAt(), firstKept, "a contiguous run up to the newest");
  }

  @Test
  void renderingIsDeterministic() {
    FeedWindow w = new FeedWindow(LocalDate.parse("2030-01-01"));
    List<Event> events = List.of(kolkata(), newYorkDstDay());
    assertEquals(Feeds.group("A", BASE, events, FROM, w, BASE), Feeds.group("A", BASE, events, FROM, w, BASE));
  }
}
