package org.convene.calendar;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.parameter.Cn;
import net.fortuna.ical4j.model.parameter.CuType;
import net.fortuna.ical4j.model.parameter.PartStat;
import net.fortuna.ical4j.model.parameter.Role;
import net.fortuna.ical4j.model.parameter.Rsvp;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.Organizer;
import org.convene.events.Event;

/**
 * Calendar objects for one event: the "Add to calendar" download (PUBLISH) and the iTIP
 * invites mailed to one attendee (RFC 5546 REQUEST / CANCEL). Plain functions of their inputs:
 * the mail sender calls them when it renders a message, on any thread. Each answer is a complete
 * VCALENDAR (CRLF line ends) to attach as {@code text/calendar; charset=utf-8; method=...}, the
 * method in the Content-Type matching the one inside, or Outlook rejects it.
 */
public final class Invites {
  public static final String PUBLISH = "PUBLISH";
  public static final String REQUEST = "REQUEST";
  public static final String CANCEL = "CANCEL";

  private Invites() {}

  /**
   * The public download: no attendees, no online link, the event's own SEQUENCE. ORGANIZER (the
   * sending address, named after the group) is required in PUBLISH by RFC 5546 3.2.1.
   */
  public static String publish(Event e, String organizerEmail, String baseUrl) {
    String status = e.isCancelled() ? Ics.CANCELLED : Ics.CONFIRMED;
    Ics.Entry en = new Ics.Entry(e, status, e.sequence(), e.updatedAt(), false,
        List.of(organizer(organizerEmail, e.groupName())));
    return Ics.write(Ics.calendar(PUBLISH, List.of(), List.of(en), baseUrl));
  }

  /**
   * METHOD:REQUEST for one attendee: ORGANIZER is the sending address named after the group,
   * ATTENDEE carries PARTSTAT from the RSVP (going = ACCEPTED, waitlisted and maybe = TENTATIVE).
   * The online link is included only for a going attendee. If the event or the RSVP is
   * cancelled this answers the CANCEL instead, so a caller can never invite someone who left.
   */
  public static String request(Event e, RsvpInfo attendee, String organizerEmail, String groupName,
                               String baseUrl) {
    if (e.isCancelled() || attendee.removed()) {
      return cancel(e, attendee, organizerEmail, groupName, baseUrl);
    }
    boolean going = RsvpInfo.GOING.equals(attendee.status());
    Ics.Entry en = new Ics.Entry(e, going ? Ics.CONFIRMED : Ics.TENTATIVE, sequence(e, attendee),
        stamp(e, attendee), going,
        List.of(organizer(organizerEmail, groupName), attendee(attendee, partStat(attendee))));
    return Ics.write(Ics.calendar(REQUEST, List.of(), List.of(en), baseUrl));
  }

  /**
   * METHOD:CANCEL, same UID, for when the event is cancelled or this attendee's RSVP is
   * cancelled (or turned to not going). Its SEQUENCE is higher than any REQUEST this attendee got
   * before: the event's SEQUENCE rose when it was cancelled, the attendee's offset when they left.
   */
  public static String cancel(Event e, RsvpInfo attendee, String organizerEmail, String groupName,
                              String baseUrl) {
    Ics.Entry en = new Ics.Entry(e, Ics.CANCELLED, sequence(e, attendee), stamp(e, attendee),
        false, List.of(organizer(organizerEmail, groupName), attendee(attendee, PartStat.DECLINED)));
    return Ics.write(Ics.calendar(CANCEL, List.of(), List.of(en), baseUrl));
  }

  /** The method a rendered invite carries, for the mail's Content-Type parameter. */
  public static String methodFor(Event e, RsvpInfo attendee) {
    return e.isCancelled() || attendee.removed() ? CANCEL : REQUEST;
  }

  static int sequence(Event e, RsvpInfo a) {
    return e.sequence() + a.calendarSequence();
  }

  /** The later of the event's and the RSVP's last change: a newer copy always has a later DTSTAMP. */
  static Instant stamp(Event e, RsvpInfo a) {
    return a.updatedAt() != null && a.updatedAt().isAfter(e.updatedAt()) ? a.updatedAt() : e.updatedAt();
  }

  static PartStat partStat(RsvpInfo a) {
    return switch (a.status()) {
      case RsvpInfo.GOING -> PartStat.ACCEPTED;
      case RsvpInfo.WAITLISTED, RsvpInfo.MAYBE -> PartStat.TENTATIVE;
      default -> PartStat.DECLINED;
    };
  }

  static Organizer organizer(String email, String groupName) {
    return new Organizer(new ParameterList(List.of(new Cn(Ics.text(groupName).replace('\n', ' ')))),
        mailto(email));
  }

  static Attendee attendee(RsvpInfo a, PartStat partStat) {
    List<net.fortuna.ical4j.model.Parameter> params = new java.util.ArrayList<>();
    if (a.name() != null && !a.name().isBlank()) params.add(new Cn(Ics.text(a.name()).replace('\n', ' ')));
    params.add(CuType.INDIVIDUAL);
    params.add(Role.REQ_PARTICIPANT);
    params.add(partStat);
    params.add(Rsvp.FALSE);
    return new Attendee(new ParameterList(params), mailto(a.email()));
  }

  /** The bare address of a MAIL_FROM that may read "Convene <events@example.org>". */
  public static String organizerAddress(String mailFrom) {
    int lt = mailFrom.lastIndexOf('<');
    int gt = mailFrom.lastIndexOf('>');
    return (lt >= 0 && gt > lt ? mailFrom.substring(lt + 1, gt) : mailFrom).trim();
  }

  /** mailto: with the address percent-encoded where URI syntax needs it. */
  static URI mailto(String email) {
    try {
      return new URI("mailto", email, null);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("not an address: " + email, e);
    }
  }
}
