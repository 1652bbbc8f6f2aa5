package org.convene.mail;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.StringWriter;
import java.net.URI;
import java.util.UUID;
import net.fortuna.ical4j.data.CalendarOutputter;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.component.VEvent;
import net.fortuna.ical4j.model.parameter.Cn;
import net.fortuna.ical4j.model.parameter.PartStat;
import net.fortuna.ical4j.model.parameter.Role;
import net.fortuna.ical4j.model.parameter.Rsvp;
import net.fortuna.ical4j.model.property.Attendee;
import net.fortuna.ical4j.model.property.Description;
import net.fortuna.ical4j.model.property.Location;
import net.fortuna.ical4j.model.property.Method;
import net.fortuna.ical4j.model.property.Organizer;
import net.fortuna.ical4j.model.property.ProdId;
import net.fortuna.ical4j.model.property.Sequence;
import net.fortuna.ical4j.model.property.Status;
import net.fortuna.ical4j.model.property.Uid;
import net.fortuna.ical4j.model.property.Url;
import net.fortuna.ical4j.model.property.immutable.ImmutableCalScale;
import net.fortuna.ical4j.model.property.immutable.ImmutableVersion;

/**
 * iTIP invites built with iCal4j from the event and RSVP rows, in UTC. Stands in until the
 * calendar feature's Invites is wired in App (same UID scheme: event id @ the public host).
 */
public final class Ical4jInvites implements InviteSource {
  private static final String LOAD = """
      SELECT e.id, e.title, e.description, e.starts_at, e.ends_at, e.venue, e.address,
        e.online_url, e.status, e.sequence, g.name AS group_name, r.email, r.name,
        r.status AS rsvp_status
      FROM rsvps r JOIN events e ON e.id = r.event_id JOIN groups g ON g.id = e.group_id
      WHERE r.id = $1 AND e.id = $2""";

  private final Vertx vertx;
  private final Pool pool;
  private final String baseUrl;
  private final String organizerAddress;

  public Ical4jInvites(Vertx vertx, Pool pool, String baseUrl, String mailFrom) {
    this.vertx = vertx;
    this.pool = pool;
    this.baseUrl = baseUrl;
    this.organizerAddress = Mime.address(mailFrom).getAddress();
  }

  @Override
  public Future<String> request(String eventId, UUID rsvpId) {
    return build(eventId, rsvpId, Method.VALUE_REQUEST);
  }

  @Override
  public Future<String> cancel(String eventId, UUID rsvpId) {
    return build(eventId, rsvpId, Method.VALUE_CANCEL);
  }

  private Future<String> build(String eventId, UUID rsvpId, String method) {
    return pool.preparedQuery(LOAD).execute(Tuple.of(rsvpId, eventId)).compose(rows -> {
      if (rows.size() == 0) return Future.succeededFuture(null);
      Row r = rows.iterator().next();
      // iCal4j loads time zone and validation data on first use: keep that off the event loop
      return vertx.executeBlocking(() -> render(r, method), false);
    });
  }

  private String render(Row r, String method) throws Exception {
    boolean cancel = Method.VALUE_CANCEL.equals(method);
    // this constructor stamps DTSTAMP itself
    VEvent ev = new VEvent(r.getOffsetDateTime("starts_at").toInstant(),
        r.getOffsetDateTime("ends_at").toInstant(), r.getString("title"));
    ev.add(new Uid(r.getString("id") + "@" + URI.create(baseUrl).getHost()));
    // a cancellation must outrank every REQUEST before it (RFC 5546 2.1.4)
    int sequence = r.getInteger("sequence") + (cancel && !"cancelled".equals(r.getString("status")) ? 1 : 0);
    ev.add(new Sequence(sequence));
    Organizer organizer = new Organizer(URI.create("mailto:" + organizerAddress));
    organizer.add(new Cn(r.getString("group_name")));
    ev.add(organizer);
    Attendee attendee = new Attendee(URI.create("mailto:" + r.getString("email")));
    attendee.add(new Cn(r.getString("name")));
    attendee.add(Role.REQ_PARTICIPANT);
    attendee.add("going".equals(r.getString("rsvp_status")) ? PartStat.ACCEPTED : PartStat.TENTATIVE);
    attendee.add(Rsvp.FALSE);
    ev.add(attendee);
    String place = place(r.getString("venue"), r.getString("address"));
    if (place != null) ev.add(new Location(place));
    String description = r.getString("description");
    if (description != null && !description.isBlank()) ev.add(new Description(description));
    ev.add(new Url(URI.create(baseUrl + "/e/" + r.getString("id"))));
    ev.add(cancel || "cancelled".equals(r.getString("status"))
        ? new Status(Status.VALUE_CANCELLED) : new Status(Status.VALUE_CONFIRMED));

    Calendar cal = new Calendar();
    cal.add(new ProdId("-//Convene//Convene//EN"));
    cal.add(ImmutableVersion.VERSION_2_0);
    cal.add(ImmutableCalScale.GREGORIAN);
    cal.add(new Method(method));
    cal.add(ev);
    StringWriter out = new StringWriter();
    new CalendarOutputter(false).output(cal, out);
    return out.toString();
  }

  private static String place(String venue, String address) {
    if (venue == null) return address;
    return address == null ? venue : venue + ", " + address;
  }
}
