package org.convene.mail;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.convene.outbox.Outbox;
import org.convene.rsvp.AttendanceStore;

/**
 * What mail reads to render (the RSVP a mail is for, who replies go to) and what it writes beside
 * the outbox: the due reminders, and the folding of queued event updates.
 */
public final class MailStore {
  private static final String RSVP = """
      SELECT r.id, r.event_id, r.token, r.email, r.name, r.status, r.guests, r.reminders,
        r.checked_in_at IS NOT NULL AS checked_in, r.offer_expires_at,
        (SELECT count(*) FROM rsvps w WHERE w.event_id = r.event_id AND w.status = 'waitlisted'
           AND w.arrival <= r.arrival) AS waitlist_position
      FROM rsvps r WHERE r.id = $1""";
  // Replies go to a person: the event's creator, or the group's first owner if that account is gone.
  private static final String ORGANIZER = """
      SELECT coalesce(
        (SELECT a.email FROM accounts a WHERE a.id = e.created_by),
        (SELECT a.email FROM group_members m JOIN accounts a ON a.id = m.account_id
          WHERE m.group_id = e.group_id AND m.role = 'owner' ORDER BY m.added_at LIMIT 1)) AS email
      FROM events e WHERE e.id = $1""";
  // Mails are rendered when sent, so a queued update would say the same as the new one: the
  // queued ones are folded into it, and three quick edits make one mail, not three.
  private static final String FOLD_QUEUED_UPDATES = """
      DELETE FROM outbox WHERE event_id = $1 AND kind = $2 AND status = 'pending'
      RETURNING payload""";

  /** The RSVP a mail is for, as it is now. */
  record Rsvp(String eventId, String token, String email, String name, String status, int guests,
              boolean reminders, boolean checkedIn, long waitlistPosition,
              java.time.Instant offerExpiresAt) {
    /** Whether this attendee is (still) in one of an organizer message's audiences. */
    boolean in(JsonArray audiences) {
      return audiences.contains(status)
          || audiences.contains(Outbox.CHECKED_IN) && checkedIn
          || audiences.contains(Outbox.NO_SHOW) && "going".equals(status) && !checkedIn;
    }
  }

  private final Pool pool;

  public MailStore(Pool pool) {
    this.pool = pool;
  }

  Future<Rsvp> rsvp(UUID id) {
    if (id == null) return Future.succeededFuture(null);
    return pool.preparedQuery(RSVP).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) return null;
      Row r = rows.iterator().next();
      return new Rsvp(r.getString("event_id"), r.getString("token"), r.getString("email"),
          r.getString("name"), r.getString("status"), r.getInteger("guests"),
          r.getBoolean("reminders"), r.getBoolean("checked_in"), r.getLong("waitlist_position"),
          r.getOffsetDateTime("offer_expires_at") == null ? null
              : r.getOffsetDateTime("offer_expires_at").toInstant());
    });
  }

  /** Where replies to the event's mails go. */
  Future<String> organizer(String eventId) {
    return pool.preparedQuery(ORGANIZER).execute(Tuple.of(eventId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("email"));
  }

  /** Queues every reminder now due; answers how many. */
  Future<Integer> queueDueReminders() {
    return AttendanceStore.queueDueReminders(pool, Outbox.REMINDER);
  }

  /** Deletes the event's queued update mails; answers what they said changed. */
  static Future<Set<String>> foldQueuedUpdates(SqlConnection conn, String eventId) {
    return conn.preparedQuery(FOLD_QUEUED_UPDATES).execute(Tuple.of(eventId, Outbox.EVENT_UPDATED))
        .map(queued -> {
          Set<String> changed = new LinkedHashSet<>();
          for (Row r : queued) {
            Object p = r.getValue("payload");
            JsonObject payload = p instanceof JsonObject j ? j : new JsonObject(String.valueOf(p));
            payload.getJsonArray("changed", new JsonArray()).forEach(c -> changed.add((String) c));
          }
          return changed;
        });
  }

  static Future<Void> remindAgain(SqlConnection conn, String eventId) {
    return AttendanceStore.remindAgain(conn, eventId);
  }
}
