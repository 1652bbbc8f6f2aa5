package org.convene.bench;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.convene.TestDb;
import org.convene.db.Database;
import org.convene.rsvp.Rsvp;
import org.convene.rsvp.RsvpRules;
import org.convene.rsvp.AnswerStore;
import org.convene.rsvp.SeatStore;

/**
 * The flash crowd at the database, without HTTP: N callers answer ONE event through the server's
 * own RSVP store (its statement, its batching, a pool of the server's size), so the rate can be
 * set beside pgbench's single-row counter on the same PostgreSQL (bench/run.sh). Usage:
 * StoreDriver pgPort event seconds inFlight
 */
public final class StoreDriver {
  private StoreDriver() {}

  public static void main(String[] args) throws Exception {
    Database.Target db = new Database.Target("127.0.0.1", Integer.parseInt(args[0]), "postgres",
        "postgres", "postgres", false);
    String event = args[1];
    int seconds = Integer.parseInt(args[2]);
    int inFlight = Integer.parseInt(args[3]);
    Vertx vertx = Vertx.vertx();
    Pool pool = io.vertx.pgclient.PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(16).setMaxWaitQueueSize(4000))
        .connectingTo(db.connectOptions()).using(vertx).build();
    try {
      AnswerStore store = new AnswerStore(pool, new SeatStore());
      String prefix = "store" + Long.toString(System.nanoTime(), 36);
      AtomicLong n = new AtomicLong();
      ClosedLoop.Result r = ClosedLoop.run(vertx, inFlight, seconds, i -> {
        String email = prefix + "-" + n.incrementAndGet() + "@example.org";
        return store.create(event, new RsvpRules.Valid("Store " + i, email, "going", 0,
            Rsvp.Profile.NOTHING)).map(o -> o instanceof AnswerStore.Created);
      });
      ClosedLoop.report("RsvpStore.create, ONE event, " + inFlight + " in flight", "RSVPs/s", r);
      // one transaction stamps its RSVPs with one created_at: how many shared a statement
      String perStatement = TestDb.queryOne(db, "SELECT round(count(*)::numeric / count(DISTINCT"
          + " created_at), 1) FROM rsvps WHERE event_id = '" + event.replace("'", "''")
          + "' AND email LIKE '" + prefix + "-%'");
      System.out.println("  answers per statement: " + perStatement);
    } finally {
      pool.close().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
