package org.convene.calendar;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.fortuna.ical4j.model.TimeZone;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.VTimeZone;

/**
 * The VTIMEZONE for an event's zone, from iCal4j's Outlook-compatible registry (compact RRULE
 * definitions, see ical4j.properties). Our instants are computed with the JDK's zone rules, so a
 * definition is used only when it gives the same offsets as the JDK over the years events live
 * in; otherwise (or for UTC) the event is written in UTC, which every calendar reads the same
 * way. Never floating times.
 */
final class IcsZones {
  private static final TimeZoneRegistry REGISTRY =
      TimeZoneRegistryFactory.getInstance().createRegistry();
  private static final Map<String, Optional<VTimeZone>> CHECKED = new ConcurrentHashMap<>();
  // A fixed span, not one around now: every instance must decide alike, whenever it started.
  private static final Instant CHECK_FROM = Instant.parse("2020-01-01T00:00:00Z");
  private static final Instant CHECK_TO = Instant.parse("2045-01-01T00:00:00Z");

  private IcsZones() {}

  /** The VTIMEZONE to write for {@code zone}, or empty when times must be written in UTC. */
  static Optional<VTimeZone> vtimezone(ZoneId zone) {
    return CHECKED.computeIfAbsent(zone.getId(), id -> load(zone));
  }

  private static Optional<VTimeZone> load(ZoneId zone) {
    if (zone.normalized() instanceof ZoneOffset) return Optional.empty();
    TimeZone tz;
    try {
      tz = REGISTRY.getTimeZone(zone.getId());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (tz == null || tz.getVTimeZone() == null || !agrees(tz, zone.getRules())) {
      return Optional.empty();
    }
    return Optional.of(tz.getVTimeZone());
  }

  /** True when the definition and the JDK give the same offset around every transition. */
  private static boolean agrees(TimeZone tz, ZoneRules jdk) {
    Instant from = CHECK_FROM;
    Instant to = CHECK_TO;
    if (!sameOffset(tz, jdk, from) || !sameOffset(tz, jdk, to)) return false;
    for (Instant t = from; ; ) {
      ZoneOffsetTransition next = jdk.nextTransition(t);
      if (next == null || next.getInstant().isAfter(to)) break;
      Instant at = next.getInstant();
      if (!sameOffset(tz, jdk, at.minusSeconds(3600)) || !sameOffset(tz, jdk, at.plusSeconds(3600))) {
        return false;
      }
      t = at;
    }
    // Zones without transitions (Asia/Kolkata) still get a check every half year.
    for (Instant t = from; t.isBefore(to); t = t.plusSeconds(182L * 86400)) {
      if (!sameOffset(tz, jdk, t)) return false;
    }
    return true;
  }

  private static boolean sameOffset(TimeZone tz, ZoneRules jdk, Instant t) {
    return tz.getOffset(t.toEpochMilli()) == jdk.getOffset(t).getTotalSeconds() * 1000;
  }
}
