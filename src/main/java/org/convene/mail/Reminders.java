package org.convene.mail;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/**
 * Queues the reminder 24 hours before an event to each going attendee who has not turned
 * reminders off. Marking the RSVP and writing its mail are one statement, so each attendee gets
 * one reminder whichever instance runs the job, however often it runs or restarts; instances
 * running it at the same moment skip each other's rows. People who answered inside the last 24
 * hours are not reminded: their confirmation just told them everything.
 */
public final class Reminders {
  private final MailStore store;

  public Reminders(Pool pool) {
    this.store = new MailStore(pool);
  }

  /** Queues every reminder now due; answers how many. */
  public Future<Integer> queueDue() {
    return store.queueDueReminders();
  }
}
