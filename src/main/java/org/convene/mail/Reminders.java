package org.convene.mail;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/**
 * Queues the reminder 24 hours before an event to each going attendee who has not turned
 * reminders off. Marking the RSVP and writing its mail are one statement, so each attendee gets
 * one reminder whichever instance runs the job, however often it runs or restarts; instances
 * running it at the same moment skip each other's rows. People who answered inside the last 24
 * hours are not reminded: their confirmation just told them everything.
 */
public final class Reminders {
  private static final String QUEUE_DUE = """
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
      SELECT 'reminder', event_id, id, email FROM marked""";

  private final Pool pool;

  public Reminders(Pool pool) {
    this.pool = pool;
  }

  /** Queues every reminder now due; answers how many. */
  public Future<Integer> queueDue() {
    return pool.query(QUEUE_DUE).execute().map(rows -> rows.rowCount());
  }
}
