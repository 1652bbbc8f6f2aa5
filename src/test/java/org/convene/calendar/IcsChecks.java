package org.convene.calendar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.validate.ValidationResult;

/** Every calendar we serve passes these: iCal4j, ical.js and the RFC 5545 line rules. */
final class IcsChecks {
  private static final Pattern TIME_PROPERTY =
      Pattern.compile("^(DTSTART|DTEND)(;TZID=([^:;]+))?:(\\d{8}T\\d{6})(Z?)$", Pattern.MULTILINE);
  private static final Pattern TZID = Pattern.compile("^TZID:(.+)$", Pattern.MULTILINE);

  private IcsChecks() {}

  /** Parses with iCal4j (validate() without errors) and with ical.js; answers ical.js's reading. */
  static JsonObject valid(String ics) {
    lines(ics);
    Calendar cal;
    try {
      cal = new CalendarBuilder().build(new StringReader(ics));
    } catch (Exception e) {
      return fail("iCal4j could not parse:\n" + ics, e);
    }
    ValidationResult result;
    try {
      result = cal.validate();
    } catch (Exception e) {
      return fail("iCal4j validation threw:\n" + ics, e);
    }
    assertFalse(result.hasErrors(), () -> "iCal4j validation: " + result + "\n" + ics);
    JsonObject read = IcalJs.parse(ics);
    assertEquals("2.0", read.getString("version"));
    for (Object o : read.getJsonArray("events")) {
      JsonObject ev = (JsonObject) o;
      assertFalse(ev.getBoolean("startFloating"), () -> "floating time in " + ev.encodePrettily());
    }
    return read;
  }

  /** CRLF line ends, lines folded at 75 octets, and no floating or unmatched TZID times. */
  static void lines(String ics) {
    assertTrue(ics.startsWith("BEGIN:VCALENDAR\r\n"), "starts with BEGIN:VCALENDAR");
    assertTrue(ics.endsWith("END:VCALENDAR\r\n"), "ends with END:VCALENDAR and CRLF");
    assertFalse(ics.replace("\r\n", "").contains("\n"), "bare LF in output");
    assertFalse(ics.replace("\r\n", "").contains("\r"), "bare CR in output");
    for (String line : ics.split("\r\n")) {
      int octets = line.getBytes(StandardCharsets.UTF_8).length;
      assertTrue(octets <= 75, () -> "line of " + octets + " octets: " + line);
    }
    String unfolded = ics.replace("\r\n ", "").replace("\r\n", "\n");
    Set<String> zones = new HashSet<>();
    Matcher z = TZID.matcher(unfolded);
    while (z.find()) zones.add(z.group(1));
    Matcher vevent = Pattern.compile("BEGIN:VEVENT\n(.*?)END:VEVENT", Pattern.DOTALL).matcher(unfolded);
    int events = 0;
    int times = 0;
    while (vevent.find()) {
      events++;
      Matcher m = TIME_PROPERTY.matcher(vevent.group(1));
      while (m.find()) {
        times++;
        boolean utc = !m.group(5).isEmpty();
        String tzid = m.group(3);
        assertTrue(utc != (tzid != null), "time must be UTC or have a TZID: " + m.group());
        if (tzid != null) assertTrue(zones.contains(tzid), "no VTIMEZONE for " + tzid);
      }
    }
    assertEquals(events * 2, times,
        "every VEVENT has DTSTART and DTEND in a known form");
  }
}
