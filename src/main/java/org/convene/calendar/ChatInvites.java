package org.convene.calendar;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.ComponentList;
import net.fortuna.ical4j.model.ParameterList;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.PropertyList;
import net.fortuna.ical4j.model.component.CalendarComponent;
import net.fortuna.ical4j.model.component.VTimeZone;
import net.fortuna.ical4j.model.parameter.Cn;
import net.fortuna.ical4j.model.parameter.CuType;
import net.fortuna.ical4j.model.parameter.PartStat;
import net.fortuna.ical4j.model.parameter.Role;
import net.fortuna.ical4j.model.parameter.Rsvp;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.CalScale;
import net.fortuna.ical4j.model.property.Created;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.DtEnd;
import net.fortuna.ical4j.model.property.DtStamp;
import net.fortuna.ical4j.model.property.DtStart;
import net.fortuna.ical4j.model.property.Method;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Summary;
import net.fortuna.ical4j.model.property.Transp;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Version;
import org.convene.members.CoffeeChat;
import org.convene.members.DirectoryMember;

/**
 * The calendar invite of an accepted coffee chat (RFC 5546 METHOD:REQUEST): both members as
 * ATTENDEEs, both having agreed (PARTSTAT=ACCEPTED, nothing to answer), the ORGANIZER being the
 * sending address named after the group, so no one's client mistakes the other for the host. Each
 * member's copy is written in their own zone (the reader's {@code zone}); a zone iCal4j cannot
 * describe as the JDK does is written in UTC, as events are (IcsZones).
 */
public final class ChatInvites {
  private ChatInvites() {}

  /** The invite for one of the two members, in {@code zone}; null unless the chat was accepted. */
  public static String request(CoffeeChat chat, ZoneId zone, String organizerEmail) {
    if (!chat.accepted() || chat.acceptedTime() == null) return null;
    Instant start = chat.acceptedTime();
    Instant end = start.plusSeconds(60L * chat.minutes());
    DirectoryMember a = chat.requester();
    DirectoryMember b = chat.target();
    List<Property> p = new ArrayList<>();
    // the chat's id: stable, so a resent mail updates the same calendar entry
    p.add(new Uid(chat.id() + "@convene-coffee"));
    p.add(new DtStamp(Ics.seconds(chat.answeredAt() == null ? chat.createdAt() : chat.answeredAt())));
    Optional<VTimeZone> tz = IcsZones.vtimezone(zone);
    if (tz.isPresent()) {
      p.add(new Ics.ZonedStart(start.atZone(zone)));
      p.add(new Ics.ZonedEnd(end.atZone(zone)));
    } else {
      p.add(new DtStart<>(Ics.seconds(start)));
      p.add(new DtEnd<>(Ics.seconds(end)));
    }
    p.add(new Summary(Ics.text("Coffee chat: " + a.name() + " and " + b.name())));
    p.add(new Description(Ics.text(chat.message().strip() + "\n\n" + a.name() + " asked "
        + b.name() + " through the " + a.groupName() + " member directory. Agree between you"
        + " where to meet or which call link to use: " + a.name() + " <" + a.email() + ">, "
        + b.name() + " <" + b.email() + ">.")));
    p.add(new Sequence(0));
    p.add(new Status(Ics.CONFIRMED));
    p.add(new Transp("OPAQUE"));
    p.add(new Created(Ics.seconds(chat.createdAt())));
    p.add(Invites.organizer(organizerEmail, a.groupName()));
    p.add(attendee(a));
    p.add(attendee(b));
    List<Property> head = List.of(new ProdId(Ics.PRODID), new Version(new ParameterList(), "2.0"),
        new CalScale("GREGORIAN"), new Method(Invites.REQUEST));
    List<CalendarComponent> components = new ArrayList<>();
    tz.ifPresent(components::add);
    components.add(new Ics.RenderedEvent(new PropertyList(p)));
    return Ics.write(new Calendar(new PropertyList(head), new ComponentList<>(components)));
  }

  private static Attendee attendee(DirectoryMember m) {
    List<net.fortuna.ical4j.model.Parameter> params = new ArrayList<>();
    params.add(new Cn(Ics.text(m.name()).replace('\n', ' ')));
    params.add(CuType.INDIVIDUAL);
    params.add(Role.REQ_PARTICIPANT);
    params.add(PartStat.ACCEPTED);
    params.add(Rsvp.FALSE);
    return new Attendee(new ParameterList(params), Invites.mailto(m.email()));
  }
}
