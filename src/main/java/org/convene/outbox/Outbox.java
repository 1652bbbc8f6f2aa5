package org.convene.outbox;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * Writes mails to the outbox inside the caller's transaction: the mail exists if and only if the
 * change that causes it committed. The sender renders and delivers rows later (see V3 migration).
 */
public final class Outbox {
  /** What a mail is about; the sender renders each kind from its references and payload. */
  public static final String RSVP_CONFIRMATION = "rsvp_confirmation";
  public static final String WAITLISTED = "waitlisted";
  public static final String PROMOTED = "promoted";
  public static final String ALREADY_REGISTERED = "already_registered";
  public static final String RSVP_CANCELLED = "rsvp_cancelled";
  public static final String EVENT_UPDATED = "event_updated";
  public static final String EVENT_CANCELLED = "event_cancelled";
  public static final String REMINDER = "reminder";
  public static final String ORGANIZER_MESSAGE = "organizer_message";
  /**
   * A mail rendered by the feature that queued it (payload: subject, text, html, replyTo?), for
   * mails whose content is fixed when they are caused (connect requests, follow-ups).
   */
  public static final String PREPARED = "prepared";
  /** A person's (new) calendar feed link; the calendar feature queues it with no event. */
  public static final String FEED_LINK = "feed_link";

  private static final String INSERT = """
      INSERT INTO outbox (kind, event_id, rsvp_id, recipient, payload)
      VALUES ($1, $2, $3, $4, $5)""";

  /** Besides the RSVP statuses: who came (checked in) and who said going but did not come. */
  public static final String CHECKED_IN = "checked_in";
  public static final String NO_SHOW = "no_show";

  // One row per attendee: every mail has one recipient, so no one sees another's address.
  private static final String INSERT_FOR_ATTENDEES = """
      INSERT INTO outbox (kind, event_id, rsvp_id, recipient, payload)
      SELECT $1, r.event_id, r.id, r.email, $3 FROM rsvps r
      WHERE r.event_id = $2 AND r.erased_at IS NULL
        AND (r.status = ANY($4)
          OR ('checked_in' = ANY($4) AND r.checked_in_at IS NOT NULL)
          OR ('no_show' = ANY($4) AND r.status = 'going' AND r.checked_in_at IS NULL))
      ORDER BY r.arrival""";

  private Outbox() {}

  public static Future<Void> enqueue(SqlConnection conn, String kind, String eventId, UUID rsvpId,
                                     String recipient, JsonObject payload) {
    return conn.preparedQuery(INSERT)
        .execute(Tuple.of(kind, eventId, rsvpId, recipient, payload == null ? new JsonObject() : payload))
        .mapEmpty();
  }

  /**
   * One mail per attendee of the event in any of {@code audiences} (RSVP statuses, or
   * {@link #CHECKED_IN} / {@link #NO_SHOW}); answers how many.
   */
  public static Future<Integer> enqueueForAttendees(SqlConnection conn, String kind, String eventId,
                                                    List<String> statuses, JsonObject payload) {
    return conn.preparedQuery(INSERT_FOR_ATTENDEES)
        .execute(Tuple.of(kind, eventId, payload == null ? new JsonObject() : payload,
            statuses.toArray(new String[0])))
        .map(rows -> rows.rowCount());
  }
}
