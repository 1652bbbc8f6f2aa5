package org.convene.web;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/** The rate-limit counters, in PostgreSQL so that every instance sees the same counts. */
final class RateLimitStore {
  private static final String HIT = """
      INSERT INTO rate_limits (key, window_start, hits)
      VALUES ($1, date_trunc('minute', now()), 1)
      ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1
      RETURNING hits""";
  private static final String FORGET_OLD = """
      DELETE FROM rate_limits WHERE window_start < now() - interval '10 minutes'""";

  private final Pool pool;

  RateLimitStore(Pool pool) {
    this.pool = pool;
  }

  /** Counts one hit on the key this minute and answers the minute's count. */
  Future<Integer> hit(String key) {
    return pool.preparedQuery(HIT).execute(Tuple.of(key))
        .map(rows -> rows.iterator().next().getInteger("hits"));
  }

  private static final String UNDO = """
      UPDATE rate_limits SET hits = hits - 1
      WHERE key = $1 AND window_start = date_trunc('minute', now()) AND hits > 0""";

  /** Takes back one hit of this minute (an attempt that turned out not to count). */
  Future<Void> undo(String key) {
    return pool.preparedQuery(UNDO).execute(Tuple.of(key)).mapEmpty();
  }

  Future<Void> forgetOld() {
    return pool.query(FORGET_OLD).execute().mapEmpty();
  }
}
