package org.convene.members;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.convene.outbox.Outbox;

/**
 * Telling members of new events: one mail per event to those who chose "each event", one mail a
 * week to those who chose "weekly digest", nothing to "none". The rows hold ids only; the mail
 * is rendered when sent (mail.AnnouncementMails), after reading the member's choice and the
 * group's unsubscribes again, so a change of mind stops even the mails already queued.
 */
public final class AnnouncementStore {
  // Marks the event announced and queues its mails in one statement, inside the transaction that
  // published it: a rollback takes both back, and every later save finds it marked. Only members
  // whose address is verified hear of it; an event already under way is not news.
  private static final String ANNOUNCE = """
      WITH e AS (
        UPDATE events SET announced_at = now()
        WHERE id = $1 AND status = 'published' AND announced_at IS NULL AND starts_at > now()
        RETURNING id, group_id)
      INSERT INTO outbox (kind, event_id, recipient, payload)
      SELECT $2, e.id, m.email, jsonb_build_object('member', m.id::text)
      FROM e JOIN members m ON m.group_id = e.group_id
      WHERE m.verified_at IS NOT NULL AND m.announcements = 'each'
      ORDER BY m.created_at""";
  // Weekly members whose week is up and whose group announced something since their last digest
  // (or since they joined). SKIP LOCKED: two nodes running the job at once split the members,
  // and digest_at moves in the same statement, so nobody gets two.
  private static final String DIGESTS = """
      WITH due AS (
        SELECT m.id, m.email, coalesce(m.digest_at, m.verified_at) AS since
        FROM members m
        WHERE m.announcements = 'weekly' AND m.verified_at IS NOT NULL
          AND coalesce(m.digest_at, m.verified_at) <= $1::timestamptz - interval '7 days'
          AND EXISTS (SELECT 1 FROM events e
            WHERE e.group_id = m.group_id AND e.status = 'published' AND e.starts_at > $1::timestamptz
              AND e.announced_at > coalesce(m.digest_at, m.verified_at) AND e.announced_at <= $1::timestamptz)
        FOR UPDATE OF m SKIP LOCKED),
      marked AS (
        UPDATE members m SET digest_at = $1::timestamptz FROM due WHERE m.id = due.id)
      INSERT INTO outbox (kind, recipient, payload)
      SELECT $2, due.email, jsonb_build_object('member', due.id::text,
        'since', to_char(due.since AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'until', to_char($1 AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
      FROM due""";
  private static final String STOP = """
      UPDATE members SET announcements = 'none', updated_at = now()
      WHERE email = lower(btrim($1)) AND ($2::uuid IS NULL OR group_id = $2::uuid)
        AND announcements <> 'none'""";

  private final Pool pool;

  public AnnouncementStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Announces a published event to the members who chose "each event", once; called by the events
   * feature inside the transaction that saves an event (a draft, a past or an announced event is
   * left alone).
   */
  public static Future<Void> announce(SqlClient conn, String eventId) {
    return conn.preparedQuery(ANNOUNCE).execute(Tuple.of(eventId, Outbox.MEMBER_ANNOUNCEMENT))
        .mapEmpty();
  }

  /** Queues the weekly digests due at {@code now}; answers how many. */
  public Future<Integer> queueDigests(Instant now) {
    return pool.preparedQuery(DIGESTS)
        .execute(Tuple.of(now.atOffset(ZoneOffset.UTC), Outbox.MEMBER_DIGEST))
        .map(rows -> rows.rowCount());
  }

  /**
   * An unsubscribe from the group's mail (or from all mail, {@code groupId} null) is also the
   * member's "no announcements", so their page says what they get.
   */
  public static Future<Void> stop(SqlClient conn, String email, UUID groupId) {
    return conn.preparedQuery(STOP).execute(Tuple.of(email, groupId)).mapEmpty();
  }
}
