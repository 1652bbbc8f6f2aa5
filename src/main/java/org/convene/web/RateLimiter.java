package org.convene.web;

import org.convene.core.Problem;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.convene.db.Ids;

/**
 * Attempts per key per minute, counted in PostgreSQL so that every instance sees the same counts.
 * A limit of 0 turns a limiter off (load tests).
 */
public final class RateLimiter {
  private static final String HIT = """
      INSERT INTO rate_limits (key, window_start, hits)
      VALUES ($1, date_trunc('minute', now()), 1)
      ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limits.hits + 1
      RETURNING hits""";
  private static final String PEEK = """
      SELECT coalesce(max(hits), 0) AS hits FROM rate_limits
      WHERE key = $1 AND window_start = date_trunc('minute', now())""";
  private static final String FORGET_OLD = """
      DELETE FROM rate_limits WHERE window_start < now() - interval '10 minutes'""";

  private final Pool pool;

  public RateLimiter(Pool pool) {
    this.pool = pool;
  }

  /** Counts one attempt; fails with 429 when the key is over its limit this minute. */
  public Future<Void> hit(String key, int limitPerMinute) {
    if (limitPerMinute <= 0) return Future.succeededFuture();
    return pool.preparedQuery(HIT).execute(Tuple.of(keyOf(key)))
        .compose(rows -> rows.iterator().next().getInteger("hits") > limitPerMinute
            ? Future.failedFuture(tooMany()) : Future.succeededFuture());
  }

  /** Checks without counting: for limits on failures, counted only once an attempt failed. */
  public Future<Void> check(String key, int limitPerMinute) {
    if (limitPerMinute <= 0) return Future.succeededFuture();
    return pool.preparedQuery(PEEK).execute(Tuple.of(keyOf(key)))
        .compose(rows -> rows.iterator().next().getInteger("hits") >= limitPerMinute
            ? Future.failedFuture(tooMany()) : Future.succeededFuture());
  }

  public Future<Void> record(String key, int limitPerMinute) {
    if (limitPerMinute <= 0) return Future.succeededFuture();
    return pool.preparedQuery(HIT).execute(Tuple.of(keyOf(key))).mapEmpty();
  }

  public Future<Void> forgetOld() {
    return pool.query(FORGET_OLD).execute().mapEmpty();
  }

  /** Keys may hold addresses or emails; only their hash is stored. */
  private static String keyOf(String key) {
    int colon = key.indexOf(':');
    String kind = colon < 0 ? "" : key.substring(0, colon + 1);
    return kind + Ids.sha256Hex(key).substring(0, 32);
  }

  private static Problem tooMany() {
    return new Problem(Problem.Kind.RATE_LIMITED, "rate_limited",
        "Too many attempts from here. Please wait a minute and try again.");
  }
}
