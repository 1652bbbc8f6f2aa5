package org.convene.people;

import org.convene.core.Redact;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily erasure of attendee details after each group's retention period. Every instance
 * asks every minute; the daily_jobs row lets one of them run it once a day. The erase itself is
 * idempotent and skips rows another transaction holds, so even an overlap would be harmless.
 */
public final class Retention {
  static final String JOB = "people-retention";
  private static final Logger log = LoggerFactory.getLogger(Retention.class);
  private final PeopleStore people;

  public Retention(PeopleStore people) {
    this.people = people;
  }

  public Future<Integer> maybeRun() {
    return people.claimDaily(JOB)
        .compose(mine -> !mine ? Future.succeededFuture(0) : people.eraseDue()
            .recover(e -> people.releaseDaily(JOB).transform(x -> Future.failedFuture(e))))
        .onSuccess(n -> {
          if (n > 0) log.info("Retention: erased the details of {} RSVPs", n);
        })
        .onFailure(e -> log.warn("Retention run failed: {}", Redact.scrub(e.toString())));
  }
}
