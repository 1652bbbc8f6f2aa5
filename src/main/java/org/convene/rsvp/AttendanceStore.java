package org.convene.rsvp;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What other features record on an RSVP: that the person came (checked in at the door, or marked
 * by an organizer), that they were reminded, that their details were erased. The rsvps table has
 * one writer, this feature; people and mail ask it here.
 */
public final class AttendanceStore {
  // Guarded: of two helpers scanning the same ticket at once, exactly one records the time.
  private static final String CHECK_IN = """
      UPDATE rsvps SET checked_in_at = now(), attendance_source = 'door', updated_at = now()
      WHERE id = $1 AND event_id = $2 AND checked_in_at IS NULL AND erased_at IS NULL
        AND status NOT IN ('cancelled', 'not_going')
      RETURNING checked_in_at""";
  // Marks who came as a check-in does; only rows not yet marked, so a door check-in keeps its time.
  private static final String MARK_CAME = """
      UPDATE rsvps SET checked_in_at = now(), attendance_source = 'organizer', updated_at = now()
      WHERE event_id = $1 AND checked_in_at IS NULL AND erased_at IS NULL
        AND CASE WHEN $2 THEN status = 'going'
                 ELSE id = ANY($3::uuid[]) AND status NOT IN ('cancelled', 'not_going') END
      RETURNING id""";
  // Erasure keeps what anonymous counts need (status, guests, check-in time) and nothing else.
  // The manage token is replaced, so the old private link leads nowhere.
  private static final String ERASE = """
      UPDATE rsvps SET email = 'erased+' || id::text || '@invalid', name = 'Erased',
        headline = NULL, company = NULL, profile_url = NULL, goals = '{}', topics = '{}',
        listed = false, share_email = false, reminders = false,
        token = 'x' || replace(gen_random_uuid()::text, '-', ''),
        erased_at = now(), updated_at = now()
      WHERE id = ANY($1::uuid[]) AND erased_at IS NULL""";
  // Marking the RSVP and writing its mail are one statement (see Reminders).
  private static final String QUEUE_DUE_REMINDERS = """
      WITH due AS (
        SELECT r.id FROM rsvps r JOIN events e ON e.id = r.event_id
        WHERE e.status = 'published'
          AND e.starts_at > now() AND e.starts_at <= now() + interval '24 hours'
          AND r.status = 'going' AND r.reminders AND r.reminded_at IS NULL
          AND r.erased_at IS NULL
          AND r.created_at < e.starts_at - interval '24 hours'
        ORDER BY e.starts_at
        LIMIT 1000
        FOR UPDATE OF r SKIP LOCKED),
      marked AS (
        UPDATE rsvps r SET reminded_at = now() FROM due WHERE r.id = due.id
        RETURNING r.id, r.event_id, r.email)
      INSERT INTO outbox (kind, event_id, rsvp_id, recipient)
      SELECT $1, event_id, id, email FROM marked""";
  // A reminder already sent named the old time: the new time earns a new one.
  private static final String REMIND_AGAIN = "UPDATE rsvps SET reminded_at = NULL WHERE event_id = $1";

  private AttendanceStore() {}

  /** Checks one RSVP in; answers its check-in time, or null when it was not checked in now. */
  public static Future<Instant> checkIn(SqlClient db, UUID rsvpId, String eventId) {
    return db.preparedQuery(CHECK_IN).execute(Tuple.of(rsvpId, eventId)).map(rows ->
        rows.size() == 0 ? null : rows.iterator().next().getOffsetDateTime("checked_in_at").toInstant());
  }

  /** Marks who came after the event (everyone going, or {@code ids}); answers how many were new. */
  public static Future<Integer> markCame(SqlClient db, String eventId, boolean allGoing,
                                         List<UUID> ids) {
    return db.preparedQuery(MARK_CAME)
        .execute(Tuple.of(eventId, allGoing).addArrayOfUUID(ids.toArray(new UUID[0])))
        .map(rows -> rows.rowCount());
  }

  /** Erases the details of these RSVPs (inside the caller's erasure transaction). */
  public static Future<Void> erase(SqlClient db, List<UUID> ids) {
    return db.preparedQuery(ERASE).execute(Tuple.tuple().addArrayOfUUID(ids.toArray(new UUID[0])))
        .mapEmpty();
  }

  /** Marks the reminders now due as sent and queues them as mails of {@code kind}, in one statement. */
  public static Future<Integer> queueDueReminders(SqlClient db, String kind) {
    return db.preparedQuery(QUEUE_DUE_REMINDERS).execute(Tuple.of(kind)).map(rows -> rows.rowCount());
  }

  /** The event's time changed: everyone going is reminded again before the new time. */
  public static Future<Void> remindAgain(SqlClient db, String eventId) {
    return db.preparedQuery(REMIND_AGAIN).execute(Tuple.of(eventId)).mapEmpty();
  }
}
