package org.convene.db;

import org.convene.core.Redact;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import org.convene.core.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers concurrent requests for one key into one database statement, so a crowd pays one
 * transaction, one commit and one round trip per batch instead of one per request.
 *
 * <p>A request starts at once while fewer than {@code inFlight} batches run for its key, so a
 * quiet server adds no wait. Otherwise it queues, and the next batch for that key takes everyone
 * queued (up to {@code maxBatch}), in arrival order. Only throughput is decided here: every
 * invariant stays in the statement and the database, so two nodes batching independently stay
 * correct.
 *
 * <p>If a batch of several fails, its requests are retried alone, one after another in their
 * order, so one bad request (or a deadlock between two nodes' batches) costs the others nothing
 * but time. The runner must therefore fail only when nothing of the batch was stored.
 *
 * @param <K> what requests are grouped by (an event id)
 * @param <I> one request
 * @param <O> one request's answer
 */
public final class Batcher<K, I, O> {
  private static final Logger log = LoggerFactory.getLogger(Batcher.class);
  private static final long REPORT_EVERY_NANOS = 10_000_000_000L;

  /** Runs one batch; answers one result per request, in the order given. */
  private final BiFunction<K, List<I>, Future<List<O>>> run;
  private final int maxBatch;
  private final int inFlight;
  private final int maxWaiting;
  private final String name;
  private final Map<K, Lane<I, O>> lanes = new ConcurrentHashMap<>();

  // batch sizes for the periodic log line (approximate under races; only for reading)
  private long reportStart = System.nanoTime();
  private long batches;
  private long requests;
  private int largest;

  public Batcher(String name, int maxBatch, int inFlight,
                 BiFunction<K, List<I>, Future<List<O>>> run) {
    this(name, maxBatch, inFlight, 0, run);
  }

  /**
   * @param maxWaiting how many requests may wait for one key on this node (0: no bound); past it
   *     a request is refused at once as unavailable (a 503 with Retry-After), so a flood on one
   *     event can neither grow this node's memory without end nor make people wait minutes
   */
  public Batcher(String name, int maxBatch, int inFlight, int maxWaiting,
                 BiFunction<K, List<I>, Future<List<O>>> run) {
    if (maxBatch < 1 || inFlight < 1 || maxWaiting < 0) {
      throw new IllegalArgumentException("maxBatch, inFlight >= 1, maxWaiting >= 0");
    }
    this.name = name;
    this.maxBatch = maxBatch;
    this.inFlight = inFlight;
    this.maxWaiting = maxWaiting;
    this.run = run;
  }

  private static final class Lane<I, O> {
    int running;
    final ArrayDeque<Pending<I, O>> waiting = new ArrayDeque<>();
  }

  /** One request, and where its answer goes: back on the caller's own context. */
  private record Pending<I, O>(I input, Promise<O> answer, Context context) {
    void complete(AsyncResult<O> result) {
      if (context == null) answer.handle(result);
      else context.runOnContext(v -> answer.handle(result));
    }
  }

  public Future<O> submit(K key, I input) {
    Pending<I, O> p = new Pending<>(input, Promise.promise(), Vertx.currentContext());
    boolean[] startNow = {false};
    boolean[] full = {false};
    lanes.compute(key, (k, lane) -> {
      if (lane == null) lane = new Lane<>();
      if (lane.running < inFlight) {
        lane.running++;
        startNow[0] = true;
      } else if (maxWaiting > 0 && lane.waiting.size() >= maxWaiting) {
        full[0] = true;
      } else {
        lane.waiting.add(p);
      }
      return lane;
    });
    if (full[0]) {
      return Future.failedFuture(new Problem(Problem.Kind.UNAVAILABLE, "busy",
          "So many answers are arriving for this right now that we could not take yours. "
              + "Please try again in a few seconds."));
    }
    if (startNow[0]) start(key, List.of(p));
    return p.answer().future();
  }

  /** How many keys have batches running or waiting (zero once all is answered). */
  public int activeKeys() {
    return lanes.size();
  }

  private void start(K key, List<Pending<I, O>> batch) {
    count(batch.size());
    List<I> inputs = new ArrayList<>(batch.size());
    for (Pending<I, O> p : batch) inputs.add(p.input());
    Future<List<O>> results = apply(key, inputs);
    results.onComplete(ar -> {
      if (ar.succeeded()) {
        for (int i = 0; i < batch.size(); i++) {
          batch.get(i).complete(Future.succeededFuture(ar.result().get(i)));
        }
        finished(key);
      } else if (batch.size() == 1) {
        batch.get(0).complete(Future.failedFuture(ar.cause()));
        finished(key);
      } else {
        log.info("{}: a batch of {} failed ({}); answering each alone, in order", name,
            batch.size(), Redact.scrub(ar.cause().toString()));
        aloneInOrder(key, batch, 0);
      }
    });
  }

  /** One after another, so the requests keep their order (an earlier one may take a seat). */
  private void aloneInOrder(K key, List<Pending<I, O>> batch, int i) {
    if (i == batch.size()) {
      finished(key);
      return;
    }
    Pending<I, O> p = batch.get(i);
    apply(key, List.of(p.input())).map(out -> out.get(0)).onComplete(ar -> {
      p.complete(ar);
      aloneInOrder(key, batch, i + 1);
    });
  }

  /** The runner's answers, or its failure: a throw must not leave the key's lane stuck. */
  private Future<List<O>> apply(K key, List<I> inputs) {
    try {
      return run.apply(key, inputs).compose(out -> out.size() == inputs.size()
          ? Future.succeededFuture(out)
          : Future.failedFuture(new IllegalStateException(
              name + ": " + out.size() + " answers for " + inputs.size() + " requests")));
    } catch (Throwable e) {
      return Future.failedFuture(e);
    }
  }

  /** A batch for this key is done: start the next one with everyone who queued meanwhile. */
  private void finished(K key) {
    List<Pending<I, O>> next = new ArrayList<>();
    lanes.computeIfPresent(key, (k, lane) -> {
      while (!lane.waiting.isEmpty() && next.size() < maxBatch) next.add(lane.waiting.poll());
      if (next.isEmpty()) lane.running--;
      return lane.running == 0 ? null : lane;
    });
    if (!next.isEmpty()) start(key, next);
  }

  private void count(int size) {
    long now = System.nanoTime();
    String report = null;
    synchronized (this) {
      batches++;
      requests += size;
      largest = Math.max(largest, size);
      if (now - reportStart >= REPORT_EVERY_NANOS) {
        if (requests > batches) {
          report = String.format("%s: %d requests in %d statements over %d s (%.1f per statement, largest %d)",
              name, requests, batches, (now - reportStart) / 1_000_000_000L,
              (double) requests / batches, largest);
        }
        reportStart = now;
        batches = 0;
        requests = 0;
        largest = 0;
      }
    }
    if (report != null) log.info(report);
  }
}
