package org.convene.calendar;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.ComponentList;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.PropertyList;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.parameter.Value;
import net.fortuna.ical4j.model.property.CalScale;
import net.fortuna.ical4j.model.property.Created;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.LastModified;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Method;
import net.fortuna.ical4j.model.property.Name;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.RefreshInterval;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.Transp;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Url;
import net.fortuna.ical4j.model.property.Version;
import net.fortuna.ical4j.model.property.XProperty;
import org.convene.events.Event;

/**
 * The iCalendar pieces every Convene calendar is made of, built with iCal4j (never by string
 * concatenation, so escaping and line folding are the library's). Output depends only on its
 * inputs (no clock, no random UID), so every instance renders the same bytes.
 */
final class Ics {
  static final String PRODID = "-//Convene//Convene Calendar 1.0//EN";
  static final String CONFIRMED = "CONFIRMED";
  static final String TENTATIVE = "TENTATIVE";
  static final String CANCELLED = "CANCELLED";

  private Ics() {}

  /**
   * One VEVENT as a given reader sees it.
   *
   * @param status CONFIRMED, TENTATIVE or CANCELLED for this reader
   * @param sequence the SEQUENCE this reader's copy carries
   * @param stamp DTSTAMP: when this reader's copy last changed (derived from data, not now)
   * @param onlineLink whether the reader is a confirmed attendee who may see the online link
   * @param extra ORGANIZER / ATTENDEE for invites
   */
  record Entry(Event event, String status, int sequence, Instant stamp, boolean onlineLink,
               List<Property> extra) {
    Entry {
      extra = extra == null ? List.of() : extra;
    }
  }

  /** The stable UID: the event id never changes, whatever the server's address becomes. */
  static String uid(Event e) {
    return e.id() + "@convene";
  }

  static VEvent vevent(Entry en, String baseUrl) {
    Event e = en.event();
    String url = baseUrl + "/e/" + e.id();
    List<Property> p = new ArrayList<>(16);
    p.add(new Uid(uid(e)));
    p.add(new DtStamp(seconds(en.stamp())));
    Optional<VTimeZone> zone = IcsZones.vtimezone(e.zone());
    if (zone.isPresent()) {
      p.add(new ZonedStart(e.startsAt().atZone(e.zone())));
      p.add(new ZonedEnd(e.endsAt().atZone(e.zone())));
    } else {
      p.add(new DtStart<>(seconds(e.startsAt())));
      p.add(new DtEnd<>(seconds(e.endsAt())));
    }
    boolean cancelled = CANCELLED.equals(en.status());
    p.add(new Summary(text((cancelled ? "Cancelled: " : "") + e.title())));
    p.add(new Description(description(e, url, en.onlineLink() && !cancelled)));
    String location = location(e, en.onlineLink() && !cancelled);
    if (location != null) p.add(new Location(location));
    p.add(new Url(URI.create(url)));
    p.add(new Sequence(en.sequence()));
    p.add(new Status(en.status()));
    p.add(new Transp(cancelled ? "TRANSPARENT" : "OPAQUE"));
    p.add(new Created(seconds(e.createdAt())));
    p.add(new LastModified(seconds(e.updatedAt())));
    p.addAll(en.extra());
    return new RenderedEvent(new PropertyList(p));
  }

  /**
   * A VEVENT that keeps its text once iCal4j has produced it: feeds size every event before
   * choosing which fit in 1 MB, and the calendar's own toString() then reuses the same text.
   * Its properties are never changed after construction.
   */
  static final class RenderedEvent extends VEvent {
    private String text;

    RenderedEvent(PropertyList properties) {
      super(properties);
    }

    @Override
    public String toString() {
      if (text == null) text = super.toString();
      return text;
    }
  }

  private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

  /**
   * DTSTART;TZID=...: with the value formatted from its own ZonedDateTime. The text is what
   * iCal4j writes; iCal4j's getValue() resolves the TZID against every zone id the JVM knows on
   * each call, getDate() too (about a millisecond per property), which made a 5,000-event feed take seconds.
   */
  static final class ZonedStart extends DtStart<ZonedDateTime> {
    private final String value;

    ZonedStart(ZonedDateTime t) {
      super(t);
      this.value = LOCAL_TIME.format(t);
    }

    @Override
    public String getValue() {
      return value;
    }
  }

  /** DTEND;TZID=...: as ZonedStart. */
  static final class ZonedEnd extends DtEnd<ZonedDateTime> {
    private final String value;

    ZonedEnd(ZonedDateTime t) {
      super(t);
      this.value = LOCAL_TIME.format(t);
    }

    @Override
    public String getValue() {
      return value;
    }
  }

  /** DESCRIPTION as plain text: what the organizer wrote, then the links a reader needs. */
  static String description(Event e, String url, boolean onlineLink) {
    StringBuilder d = new StringBuilder();
    String own = text(e.description());
    if (!own.isBlank()) d.append(own.strip()).append("\n\n");
    if (onlineLink && e.onlineUrl() != null) d.append("Join online: ").append(e.onlineUrl()).append('\n');
    else if (e.onlineUrl() != null) d.append("Online: the link is sent to confirmed attendees.\n");
    d.append("Event page: ").append(url);
    return d.toString();
  }

  /** One line: venue and address, or the online link for a confirmed attendee, or "Online". */
  static String location(Event e, boolean onlineLink) {
    List<String> parts = new ArrayList<>();
    if (e.venue() != null && !e.venue().isBlank()) parts.add(e.venue().strip());
    // with approval on, the address is for approved attendees only, like the online link
    if (e.address() != null && !e.address().isBlank() && (!e.approval() || onlineLink)) {
      parts.add(e.address().strip().replaceAll("\\s*\\n\\s*", ", "));
    }
    if (parts.isEmpty() && e.onlineUrl() != null) return onlineLink ? e.onlineUrl() : "Online";
    return parts.isEmpty() ? null : text(String.join(", ", parts));
  }

  /** Calendar-level properties for a subscription feed (RFC 7986 plus the X-WR-* clients read). */
  static List<Property> feedProperties(String name, String description) {
    List<Property> p = new ArrayList<>();
    p.add(new Name(text(name)));
    p.add(new XProperty("X-WR-CALNAME", text(name)));
    p.add(new Description(text(description)));
    p.add(new XProperty("X-WR-CALDESC", text(description)));
    p.add(new RefreshInterval(new ParameterList(List.of(Value.DURATION)), java.time.Duration.ofHours(1)));
    p.add(new XProperty("X-PUBLISHED-TTL", "PT1H"));
    return p;
  }

  /** The calendar object: header, one VTIMEZONE per zone used (sorted), then the events. */
  static Calendar calendar(String method, List<Property> extraProperties, List<Entry> entries,
                           String baseUrl) {
    List<VEvent> events = new ArrayList<>(entries.size());
    for (Entry en : entries) events.add(vevent(en, baseUrl));
    return assemble(method, extraProperties, entries, events);
  }

  /** As calendar(), with the VEVENTs of {@code entries} already built (same order). */
  static Calendar assemble(String method, List<Property> extraProperties, List<Entry> entries,
                           List<VEvent> events) {
    List<Property> props = new ArrayList<>();
    props.add(new ProdId(PRODID));
    props.add(new Version(new ParameterList(), "2.0"));
    props.add(new CalScale("GREGORIAN"));
    props.add(new Method(method));
    props.addAll(extraProperties);

    TreeMap<String, VTimeZone> zones = new TreeMap<>();
    for (Entry en : entries) {
      ZoneId z = en.event().zone();
      IcsZones.vtimezone(z).ifPresent(tz -> zones.putIfAbsent(z.getId(), tz));
    }
    List<CalendarComponent> components = new ArrayList<>(zones.size() + events.size());
    components.addAll(zones.values());
    components.addAll(events);
    return new Calendar(new PropertyList(props), new ComponentList<>(components));
  }

  /** The calendar as text, folded at 75 octets with CRLF line ends (RFC 5545 3.1). */
  static String write(Calendar cal) {
    // What CalendarOutputter writes, minus its FoldingWriter: iCal4j's folding counts
    // characters, not octets (an emoji is 4 octets in UTF-8), so fold() does it by octets.
    return fold(cal.toString());
  }

  /** The length in octets of {@code unfolded} once folded, without building it. */
  static long foldedOctets(String unfolded) {
    long total = 0;
    int octets = 0;
    for (int i = 0; i < unfolded.length(); ) {
      int cp = unfolded.codePointAt(i);
      if (cp == '\r' && i + 1 < unfolded.length() && unfolded.charAt(i + 1) == '\n') {
        total += 2;
        octets = 0;
        i += 2;
        continue;
      }
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (octets + size > 75) {
        total += 3;
        octets = 1;
      }
      total += size;
      octets += size;
      i += Character.charCount(cp);
    }
    return total;
  }

  /**
   * Folds every content line longer than 75 octets of UTF-8 (RFC 5545 3.1): continuation lines
   * start with one space, and a fold never falls inside a character (surrogate pairs stay whole).
   */
  static String fold(String unfolded) {
    StringBuilder out = new StringBuilder(unfolded.length() + unfolded.length() / 32);
    int lineStart = 0;
    while (lineStart < unfolded.length()) {
      int end = unfolded.indexOf("\r\n", lineStart);
      if (end < 0) end = unfolded.length();
      int octets = 0;
      int limit = 75;
      for (int i = lineStart; i < end; ) {
        int cp = unfolded.codePointAt(i);
        int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        if (octets + size > limit) {
          out.append("\r\n ");
          octets = 1;
          limit = 75;
        }
        out.appendCodePoint(cp);
        octets += size;
        i += Character.charCount(cp);
      }
      if (end < unfolded.length()) out.append("\r\n");
      lineStart = end + 2;
    }
    return out.toString();
  }

  private static final java.util.regex.Pattern CONTROL =
      java.util.regex.Pattern.compile("[\\p{Cntrl}&&[^\\n\\t]]");

  /** Plain text safe for any TEXT value: no control characters but newline and tab. */
  static String text(String s) {
    if (s == null) return "";
    return CONTROL.matcher(s.replace("\r\n", "\n").replace('\r', '\n')).replaceAll("");
  }

  /** iCalendar times have whole seconds; truncating keeps DTSTAMP and LAST-MODIFIED stable. */
  static Instant seconds(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS);
  }
}
