package org.convene.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import org.convene.core.Config;

/** The instance's connection pool, whether the database answers, and the shared signing key. */
public final class Pools {
  private Pools() {}

  /** Waiting for a connection is bounded in count and time: past either, requests get a 503. */
  public static Pool create(Vertx vertx, Database.Target db, Config.Limits limits) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(Math.max(1, limits.dbPoolSize())).setName("convene-db")
            .setMaxWaitQueueSize(limits.dbPoolWaitQueue() > 0 ? limits.dbPoolWaitQueue() : -1)
            .setConnectionTimeout(5))
        .connectingTo(db.connectOptions())
        .using(vertx)
        .build();
  }

  /** One round trip; fails while the database does not answer. */
  public static Future<Void> ping(SqlClient db) {
    return db.query("SELECT 1").execute().mapEmpty();
  }

  /** The signing key every instance must share, created by whichever instance starts first. */
  public static Future<byte[]> sharedSecret(Pool pool) {
    return pool.preparedQuery("""
            INSERT INTO server_secrets (name, value) VALUES ('csrf', $1)
            ON CONFLICT (name) DO NOTHING""")
        .execute(Tuple.of(Buffer.buffer(Ids.randomBytes(32))))
        .compose(v -> pool.query("SELECT value FROM server_secrets WHERE name = 'csrf'").execute())
        .map(rows -> rows.iterator().next().getBuffer("value").getBytes());
  }
}
