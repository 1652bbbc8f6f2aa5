package org.convene.calendar;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.IntFunction;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.component.VEvent;
import org.convene.events.Event;

/**
 * Subscription feeds (METHOD:PUBLISH): a group's public events and a person's own events.
 * Google Calendar drops feeds over 1 MB, so a feed that would be larger keeps the events nearest
 * to today (upcoming first, then the most recent past) and says so in its description.
 */
final class Feeds {
  static final int MAX_BYTES = 1_000_000;
  // Room for the VCALENDAR header and description, which are sized after the events are chosen.
  private static final int HEADER_RESERVE = 4_096;

  private Feeds() {}

  /** A group's public feed: no online links, the event's own status and SEQUENCE. */
  static String group(String groupName, String groupUrl, List<Event> events,
                      String organizerEmail, FeedWindow window, String baseUrl) {
    List<Ics.Entry> entries = new ArrayList<>(events.size());
    for (Event e : events) {
      entries.add(new Ics.Entry(e, e.isCancelled() ? Ics.CANCELLED : Ics.CONFIRMED, e.sequence(),
          e.updatedAt(), false, List.of(Invites.organizer(organizerEmail, groupName))));
    }
    String name = groupName + " (Convene)";
    IntFunction<String> description = left -> "Events of " + groupName + ", from " + groupUrl
        + ". " + window.describe() + trimmed(left);
    return fit(name, description, entries, window, baseUrl);
  }

  /**
   * A person's feed: entries already carry their status, SEQUENCE and online-link right; the
   * ORGANIZER (RFC 5546 requires one in PUBLISH) is added here.
   */
  static String personal(List<Ics.Entry> mine, String organizerEmail, FeedWindow window,
                         String baseUrl) {
    List<Ics.Entry> entries = new ArrayList<>(mine.size());
    for (Ics.Entry en : mine) {
      entries.add(new Ics.Entry(en.event(), en.status(), en.sequence(), en.stamp(),
          en.onlineLink(), List.of(Invites.organizer(organizerEmail, en.event().groupName()))));
    }
    IntFunction<String> description = left -> "The events you answered going or maybe to, with "
        + "waitlisted places shown as tentative. " + window.describe() + trimmed(left)
        + " This link is private: anyone who has it sees these events.";
    return fit("My events (Convene)", description, entries, window, baseUrl);
  }

  private static String trimmed(int left) {
    return left == 0 ? "" : " To stay under 1 MB, " + left + " events furthest from today are "
        + "left out; see the web page for all of them.";
  }

  /**
   * Builds events in the order they are kept (nearest to today first) and stops at the first
   * that no longer fits, so a huge group costs only the events it shows; then writes them in
   * start order.
   */
  private static String fit(String name, IntFunction<String> description, List<Ics.Entry> entries,
                            FeedWindow window, String baseUrl) {
    long budget = MAX_BYTES - HEADER_RESERVE - zoneBytes(entries);
    long used = 0;
    TreeMap<Integer, VEvent> kept = new TreeMap<>();
    for (int i : byNearness(entries, window)) {
      VEvent v = Ics.vevent(entries.get(i), baseUrl);
      long size = Ics.foldedOctets(v.toString());
      if (used + size > budget) break;
      used += size;
      kept.put(i, v);
    }
    List<Ics.Entry> keptEntries = new ArrayList<>(kept.size());
    for (int i : kept.keySet()) keptEntries.add(entries.get(i));
    return Ics.write(Ics.assemble(Invites.PUBLISH,
        Ics.feedProperties(name, description.apply(entries.size() - kept.size())), keptEntries,
        new ArrayList<>(kept.values())));
  }

  /** Indexes in the order they are kept: upcoming by start, then past from the most recent. */
  private static List<Integer> byNearness(List<Ics.Entry> entries, FeedWindow window) {
    List<Integer> upcoming = new ArrayList<>();
    List<Integer> past = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      (entries.get(i).event().endsAt().isBefore(window.dayStart()) ? past : upcoming).add(i);
    }
    // entries arrive ordered by start; the past is taken newest first
    List<Integer> order = new ArrayList<>(upcoming);
    for (int i = past.size() - 1; i >= 0; i--) order.add(past.get(i));
    return order;
  }

  private static long zoneBytes(List<Ics.Entry> entries) {
    return entries.stream().map(en -> en.event().zone()).distinct()
        .map(IcsZones::vtimezone).filter(java.util.Optional::isPresent)
        .mapToLong(tz -> foldedBytes(tz.get())).sum();
  }

  private static long foldedBytes(Component c) {
    return Ics.foldedOctets(c.toString());
  }
}
