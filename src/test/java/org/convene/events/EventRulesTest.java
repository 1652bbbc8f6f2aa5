package org.convene.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventRulesTest {
  private static final EventRules.Input VALID = new EventRules.Input("Winter mixer", "Hi",
      "2030-01-15T18:30", "2030-01-15T21:00", "Europe/Berlin", "Alumni House", "Main St 1",
      "https://meet.example.org/x", "40", "2", "2030-01-14T12:00", "published", "false");

  private static EventRules.Checked with(String field, String value) {
    Map<String, String> m = new HashMap<>();
    m.put(field, value);
    return EventRules.check(VALID.with(m));
  }

  private static String error(String field, String value) {
    return with(field, value).errors().getString(field);
  }

  @Test
  void aValidEventBecomesInstantsInItsZone() {
    var c = EventRules.check(VALID);
    assertTrue(c.ok(), c.errors().encode());
    assertEquals(Instant.parse("2030-01-15T17:30:00Z"), c.fields().startsAt());
    assertEquals(Instant.parse("2030-01-15T20:00:00Z"), c.fields().endsAt());
    assertEquals(ZoneId.of("Europe/Berlin"), c.fields().zone());
    assertEquals(40, c.fields().capacity());
    assertEquals(2, c.fields().guestsAllowed());
  }

  @Test
  void theEndComesAfterTheStart() {
    assertEquals("The end must be after the start.", error("endsAt", "2030-01-15T18:30"));
    assertNotNull(error("endsAt", "2030-01-15T17:00"));
    assertNotNull(error("endsAt", "2030-03-15T17:00"), "at most 31 days");
  }

  @Test
  void zonesAreIanaNames() {
    assertNotNull(error("timeZone", "Mars/Olympus"));
    assertNotNull(error("timeZone", "EST"));
    assertNotNull(error("timeZone", "+02:00"));
    assertNotNull(error("timeZone", ""));
    assertNull(error("timeZone", "America/New_York"));
    assertNull(error("timeZone", "UTC"));
  }

  @Test
  void capacityIsAtLeastOneWhenSet() {
    assertNotNull(error("capacity", "0"));
    assertNotNull(error("capacity", "-3"));
    assertNotNull(error("capacity", "ten"));
    assertTrue(with("capacity", "").ok());
    assertNull(with("capacity", null).fields().capacity());
    assertTrue(with("capacity", "1").ok());
  }

  @Test
  void theRsvpDeadlineIsBeforeTheEnd() {
    assertEquals("The RSVP deadline must be before the event ends.",
        error("rsvpDeadline", "2030-01-15T21:30"));
    assertTrue(with("rsvpDeadline", "2030-01-15T20:00").ok());
    assertNull(with("rsvpDeadline", "").fields().rsvpDeadline());
  }

  @Test
  void onlineLinksAreHttpOrHttps() {
    assertNotNull(error("onlineUrl", "javascript:alert(1)"));
    assertNotNull(error("onlineUrl", "ftp://files.example.org"));
    assertNotNull(error("onlineUrl", "//example.org/x"));
    assertNotNull(error("onlineUrl", "meet.example.org"));
    assertNull(error("onlineUrl", "http://meet.example.org/room?id=1"));
  }

  @Test
  void lengthsStaySane() {
    assertNotNull(error("title", ""));
    assertNotNull(error("title", "x".repeat(201)));
    assertNotNull(error("venue", "x".repeat(201)));
    assertNotNull(error("address", "x".repeat(501)));
    assertNotNull(error("description", "x".repeat(EventRules.MAX_DESCRIPTION + 1)));
    assertNotNull(error("guestsAllowed", "11"));
    assertNotNull(error("status", "maybe"));
  }

  @Test
  void timesAreLocalWallClockTimesWithoutOffsets() {
    assertNotNull(error("startsAt", "2030-01-15T18:30+01:00"));
    assertNotNull(error("startsAt", "2030-01-15T17:30:00Z"));
    assertNotNull(error("startsAt", "15/01/2030 18:30"));
    assertNull(error("startsAt", "2030-01-15T18:30:00"), "seconds :00 are fine");
    assertNotNull(error("startsAt", "1999-12-31T18:30"));
  }

  @Test
  void aTimeSkippedByTheSpringForwardGapIsRefusedWithTheReason() {
    // Europe/Berlin, 31 March 2030: clocks jump from 02:00 to 03:00
    var c = EventRules.check(VALID.with(Map.of("startsAt", "2030-03-31T02:30",
        "endsAt", "2030-03-31T05:00", "rsvpDeadline", "2030-03-30T12:00")));
    String msg = c.errors().getString("startsAt");
    assertNotNull(msg, c.errors().encode());
    assertTrue(msg.contains("does not exist in Europe/Berlin"), msg);
    assertTrue(msg.contains("02:00") && msg.contains("03:00"), msg);
  }

  @Test
  void anAmbiguousFallBackTimeMeansTheEarlierOffset() {
    // Europe/Berlin, 27 October 2030: 02:30 happens twice (CEST +02:00, then CET +01:00)
    var c = EventRules.check(VALID.with(Map.of("startsAt", "2030-10-27T02:30",
        "endsAt", "2030-10-27T04:00", "rsvpDeadline", "2030-10-26T12:00")));
    assertTrue(c.ok(), c.errors().encode());
    assertEquals(Instant.parse("2030-10-27T00:30:00Z"), c.fields().startsAt());
    assertEquals(Instant.parse("2030-10-27T03:00:00Z"), c.fields().endsAt());
    // and it reads back as the same wall-clock time
    assertEquals("2030-10-27T02:30", EventRules.local(c.fields().startsAt(), c.fields().zone()));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    JsonObject errors = EventRules.check(new EventRules.Input("", null, "x", "y", "Nowhere/City",
        null, null, "mailto:a@b.c", "0", "-1", null, "nope", null)).errors();
    for (String f : new String[] {"title", "timeZone", "onlineUrl", "capacity", "guestsAllowed",
        "status"}) {
      assertTrue(errors.containsKey(f), f + " in " + errors.encode());
    }
  }

  @Test
  void pagesNameTheZoneAndShowLocalTimes() {
    ZoneId berlin = ZoneId.of("Europe/Berlin");
    assertEquals("Fri 15 Jan 2027, 18:30–21:00 (Berlin time)", EventViews.when(
        Instant.parse("2027-01-15T17:30:00Z"), Instant.parse("2027-01-15T20:00:00Z"), berlin));
    assertEquals("New York time", EventViews.zoneLabel(ZoneId.of("America/New_York")));
    assertEquals("UTC", EventViews.zoneLabel(ZoneId.of("UTC")));
  }
}
