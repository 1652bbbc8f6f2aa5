package org.convene.web;

import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import org.convene.db.Pools;

/** /health: the process runs. /ready: the database answers (503 while it does not). */
public final class Health {
  private final Pool pool;

  public Health(Pool pool) {
    this.pool = pool;
  }

  public void alive(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store").end("{\"status\":\"ok\"}");
  }

  public void ready(RoutingContext ctx) {
    Pools.ping(pool)
        .timeout(2, TimeUnit.SECONDS)
        .onSuccess(rows -> ctx.response().putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store").end("{\"status\":\"ready\"}"))
        .onFailure(e -> ctx.response().setStatusCode(503)
            .putHeader("Content-Type", "application/json")
            .putHeader("Cache-Control", "no-store")
            .end("{\"status\":\"database unavailable\"}"));
  }
}
