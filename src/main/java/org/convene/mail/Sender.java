package org.convene.mail;

import org.convene.core.Redact;
import org.convene.outbox.OutboxStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: claims a batch, renders and sends each row, settles it. Any number of
 * senders, on any number of instances, may run against one database; claims keep them apart.
 *
 * <p>Exactly once, as far as SMTP allows: a row is marked sent after the server accepted it (a
 * batch's delivered rows in one statement). A crash (or a lost database) between the two leaves
 * the row 'sending' until its lease runs out, then one sender sends it again, with the same
 * Message-ID, so a receiving server or client that deduplicates on it shows one mail. That is at
 * most one duplicate of a mail per crash: the second send is marked like any other, and a batch's
 * sends (they run side by side) never take longer than the lease, so a slow sender is never
 * overlapped by a retry of its own rows.
 */
public final class Sender {
  private static final Logger LOG = LoggerFactory.getLogger(Sender.class);

  /** How hard to try. Delays double from {@code firstRetrySeconds} up to {@code maxRetrySeconds}. */
  public record Settings(int batchSize, int leaseSeconds, long pollMillis, int firstRetrySeconds,
                         int maxRetrySeconds, int maxAttempts) {
    /** About four hours of tries (1, 2, 4 ... 60 minutes) before a mail counts as failed. */
    public static Settings defaults() {
      return new Settings(20, 300, 1000, 60, 3600, 10);
    }

    int retryDelay(int attempts) {
      long delay = (long) firstRetrySeconds << Math.min(20, Math.max(0, attempts - 1));
      return (int) Math.min(delay, maxRetrySeconds);
    }
  }

  private final Vertx vertx;
  private final OutboxStore store;
  private final MailRenderer renderer;
  private final Delivery delivery;
  private final String mailFrom;
  private final Settings settings;
  private long timer = -1;
  private boolean busy;

  public Sender(Vertx vertx, OutboxStore store, MailRenderer renderer, Delivery delivery,
                String mailFrom, Settings settings) {
    this.vertx = vertx;
    this.store = store;
    this.renderer = renderer;
    this.delivery = delivery;
    this.mailFrom = mailFrom;
    this.settings = settings;
  }

  public void start() {
    timer = vertx.setPeriodic(settings.pollMillis(), t -> poll());
  }

  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    return delivery.close();
  }

  /** One timer tick: sends batches until the queue has nothing due; ticks never overlap. */
  private void poll() {
    if (busy) return;
    busy = true;
    drain().onComplete(r -> {
      busy = false;
      if (r.failed()) LOG.warn("mail round failed, next round in {} ms: {}", settings.pollMillis(),
          Redact.scrub(r.cause().toString()));
    });
  }

  private Future<Void> drain() {
    return sendDue().compose(n -> n < settings.batchSize() ? Future.succeededFuture() : drain());
  }

  /** Claims and settles one batch; answers how many rows it claimed. */
  public Future<Integer> sendDue() {
    return store.claim(settings.batchSize(), settings.leaseSeconds()).compose(rows -> {
      MailRenderer.Batch batch = new MailRenderer.Batch();
      List<OutboxStore.Claimed> delivered = new ArrayList<>();
      // Should marking fail after the server took the mails, the rows stay claimed and are sent
      // once more when the lease runs out: the one duplicate the class comment allows.
      return renderer.prepare(rows, batch).compose(p -> {
        List<Future<Void>> each = rows.stream().map(row -> send(row, batch, delivered)).toList();
        return Future.join(each);
      }).transform(x -> store.sent(delivered)).map(x -> rows.size());
    });
  }

  /** Renders and delivers one row; a delivered row joins {@code delivered}, to be marked sent. */
  private Future<Void> send(OutboxStore.Claimed row, MailRenderer.Batch batch,
                            List<OutboxStore.Claimed> delivered) {
    String messageId = Mime.messageId(row.messageId(), mailFrom);
    return renderer.render(row, batch).transform(rendered -> {
      if (rendered.failed()) return retryLater(row, rendered.cause());
      MailRenderer.Outcome out = rendered.result();
      if (out.mail() == null) return store.skipped(row, out.skipped());
      return delivery.deliver(out.mail(), messageId).transform(sent -> {
        if (sent.failed()) return retryLater(row, sent.cause());
        delivered.add(row);
        return Future.succeededFuture();
      });
    });
  }

  private Future<Void> retryLater(OutboxStore.Claimed row, Throwable e) {
    boolean last = row.attempts() >= settings.maxAttempts();
    String error = describe(e);
    if (last) {
      // SMTP refusals quote the address ("550 <a@b.example> unknown"): the row id finds it
      LOG.warn("mail {} ({}) failed for good: {}", row.id(), row.kind(), Redact.scrub(error));
    }
    return store.retryOrFail(row, last, error, settings.retryDelay(row.attempts()));
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    String s = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    return s.length() > 500 ? s.substring(0, 500) : s;
  }
}
