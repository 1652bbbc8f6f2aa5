package org.convene.rsvp;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import org.convene.core.Redact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claim window's clock: offers whose window has passed go to the next in line. Every instance
 * runs it periodically and holds nothing in memory; the work is claimed in the database. Each
 * event is expired under its exclusive seat lock by one guarded statement (status 'offered' and
 * the expiry passed), so two instances finding the same event serialize on the lock and the
 * second finds nothing left: each lapsed offer is expired, mailed and passed on exactly once.
 */
public final class OfferExpiry {
  private static final Logger log = LoggerFactory.getLogger(OfferExpiry.class);
  /** Events handled per run; the rest wait for the next run. */
  static final int EVENTS_PER_RUN = 100;

  private final Pool pool;
  private final SeatStore seats;

  public OfferExpiry(Pool pool) {
    this(pool, new SeatStore());
  }

  OfferExpiry(Pool pool, SeatStore seats) {
    this.pool = pool;
    this.seats = seats;
  }

  /** Expires every lapsed offer now; answers how many. */
  public Future<Integer> runOnce() {
    return seats.withLapsedOffers(pool, EVENTS_PER_RUN).compose(events -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (String eventId : events) {
        chain = chain.compose(n -> pool.withTransaction(conn -> seats.lockExclusive(conn, eventId)
                .compose(x -> seats.expireOffers(conn, eventId)))
            .map(expired -> n + expired.size()));
      }
      return chain;
    });
  }

  /** For the periodic timer: failures are logged, the next run tries again. */
  public void runQuietly() {
    runOnce()
        .onSuccess(n -> {
          if (n > 0) log.info("claim window: {} offers ran out and moved on", n);
        })
        .onFailure(e -> log.warn("claim window round failed, next soon: {}",
            Redact.scrub(e.toString())));
  }
}
