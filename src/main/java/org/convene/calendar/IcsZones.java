package org.convene.calendar;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.TreeMap;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.TimeZone;
import net.fortuna.ical4j.model.TimeZoneRegistry;
import net.fortuna.ical4j.model.TimeZoneRegistryFactory;
import net.fortuna.ical4j.model.component.Observance;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.RDate;
import net.fortuna.ical4j.model.property.RRule;
import net.fortuna.ical4j.model.property.TzOffsetFrom;
import net.fortuna.ical4j.model.property.TzOffsetTo;

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
  private static final LocalDateTime CHECK_TO_LOCAL = LocalDateTime.parse("2045-01-02T00:00:00");

  private IcsZones() {}

  /** The VTIMEZONE to write for {@code zone}, or empty when times must be written in UTC. */
  static Optional<VTimeZone> vtimezone(ZoneId zone) {
    return CHECKED.computeIfAbsent(zone.getId(), id -> load(zone));
  }

  private static Optional<VTimeZone> load(ZoneId zone) {
    if (zone.normalized() instanceof ZoneOffset) return Optional.empty();
    try {
      TimeZone tz = REGISTRY.getTimeZone(zone.getId());
      if (tz == null || tz.getVTimeZone() == null) return Optional.empty();
      VTimeZone vtz = tz.getVTimeZone();
      return agrees(onsets(vtz), zone.getRules()) ? Optional.of(vtz) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * When each observance of the definition begins, as instants, with the offset it brings.
   * Evaluated here (DTSTART, RRULE, RDATE in local time before the change, RFC 5545 3.6.5)
   * rather than with iCal4j's TimeZone.getOffset, which places onsets hours off.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static TreeMap<Instant, ZoneOffset> onsets(VTimeZone vtz) {
    TreeMap<Instant, ZoneOffset> out = new TreeMap<>();
    for (Observance o : vtz.getObservances()) {
      ZoneOffset fromOffset = ((TzOffsetFrom) o.getProperty(Property.TZOFFSETFROM).orElseThrow()).getOffset();
      ZoneOffset toOffset = ((TzOffsetTo) o.getProperty(Property.TZOFFSETTO).orElseThrow()).getOffset();
      LocalDateTime first = LocalDateTime.from(((DtStart) o.getProperty(Property.DTSTART).orElseThrow()).getDate());
      out.put(first.toInstant(fromOffset), toOffset);
      for (Object p : o.getProperties(Property.RRULE)) {
        List<LocalDateTime> dates = ((RRule) p).getRecur().getDates(first, first, CHECK_TO_LOCAL);
        for (LocalDateTime d : dates) out.put(d.toInstant(fromOffset), toOffset);
      }
      for (Object p : o.getProperties(Property.RDATE)) {
        for (Object d : ((RDate) p).getDates()) {
          out.put(LocalDateTime.from((Temporal) d).toInstant(fromOffset), toOffset);
        }
      }
    }
    return out;
  }

  /** True when the definition and the JDK give the same offset around every transition. */
  private static boolean agrees(TreeMap<Instant, ZoneOffset> onsets, ZoneRules jdk) {
    Instant from = CHECK_FROM;
    Instant to = CHECK_TO;
    if (!sameOffset(onsets, jdk, from) || !sameOffset(onsets, jdk, to)) return false;
    for (Instant t = from; ; ) {
      ZoneOffsetTransition next = jdk.nextTransition(t);
      if (next == null || next.getInstant().isAfter(to)) break;
      Instant at = next.getInstant();
      if (!sameOffset(onsets, jdk, at.minusSeconds(3600)) || !sameOffset(onsets, jdk, at)
          || !sameOffset(onsets, jdk, at.plusSeconds(3600))) {
        return false;
      }
      t = at;
    }
    // Zones without transitions (Asia/Kolkata) still get a check every half year.
    for (Instant t = from; t.isBefore(to); t = t.plusSeconds(182L * 86400)) {
      if (!sameOffset(onsets, jdk, t)) return false;
    }
    return true;
  }

  private static boolean sameOffset(TreeMap<Instant, ZoneOffset> onsets, ZoneRules jdk, Instant t) {
    var in = onsets.floorEntry(t);
    return in != null && in.getValue().equals(jdk.getOffset(t));
  }
}
