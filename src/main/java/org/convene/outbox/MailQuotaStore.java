package org.convene.outbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import org.convene.db.Ids;

/**
 * Bounds on mail that someone other than its recipient caused (see V9 mail_quotas): a send is
 * taken from the quota of a key for the current window in one statement, so concurrent requests
 * and several instances together never exceed it. Keys may hold addresses; only hashes are kept.
 */
public final class MailQuotaStore {
  // Inserts the window's first send, or counts one more while under the limit; no row back means
  // the quota is used up. Windows are aligned to the epoch (whole hours, UTC days).
  private static final String TAKE = """
      INSERT INTO mail_quotas (key, window_start, sent)
      VALUES ($1, to_timestamp(floor(extract(epoch FROM now()) / $2) * $2), 1)
      ON CONFLICT (key, window_start) DO UPDATE SET sent = mail_quotas.sent + 1
        WHERE mail_quotas.sent < $3
      RETURNING sent""";
  private static final String FORGET_OLD = """
      DELETE FROM mail_quotas WHERE window_start < now() - interval '2 days'""";

  private MailQuotaStore() {}

  /**
   * Takes one send from {@code key}'s quota of {@code limit} per {@code window}; answers false when
   * it is used up. A limit of 0 means no limit. Works on a pool or inside the caller's transaction
   * (then the send is only counted if the mail is written).
   */
  public static Future<Boolean> take(SqlClient db, String key, int limit, Duration window) {
    if (limit <= 0) return Future.succeededFuture(true);
    return db.preparedQuery(TAKE)
        .execute(Tuple.of(hashed(key), window.toSeconds(), limit))
        .map(rows -> rows.size() > 0);
  }

  public static Future<Void> forgetOld(SqlClient db) {
    return db.query(FORGET_OLD).execute().mapEmpty();
  }

  private static String hashed(String key) {
    int colon = key.indexOf(':');
    String kind = colon < 0 ? "" : key.substring(0, colon + 1);
    return kind + Ids.sha256Hex(key).substring(0, 32);
  }
}
