package org.convene.web;

import org.convene.core.Problem;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.convene.db.Ids;

/**
 * Attempts per key per minute, counted in PostgreSQL so that every instance sees the same counts.
 * A limit of 0 turns a limiter off (load tests).
 */
public final class RateLimiter {
  private final RateLimitStore store;

  public RateLimiter(Pool pool) {
    this.store = new RateLimitStore(pool);
  }

  /** Counts one attempt; fails with 429 when the key is over its limit this minute. */
  public Future<Void> hit(String key, int limitPerMinute) {
    if (limitPerMinute <= 0) return Future.succeededFuture();
    return store.hit(keyOf(key))
        .compose(hits -> hits > limitPerMinute
            ? Future.failedFuture(tooMany()) : Future.succeededFuture());
  }

  /** Takes back an attempt counted by {@link #hit} that turned out not to count (a success). */
  public Future<Void> undo(String key, int limitPerMinute) {
    if (limitPerMinute <= 0) return Future.succeededFuture();
    return store.undo(keyOf(key));
  }

  public Future<Void> forgetOld() {
    return store.forgetOld();
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
