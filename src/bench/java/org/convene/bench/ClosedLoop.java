package org.convene.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Closed-loop load: N requests in flight, each followed at once by the next; every latency after
 * a 3 s warm-up is recorded. Shared by the HTTP driver and the store driver.
 */
final class ClosedLoop {
  private ClosedLoop() {}

  record Result(long requests, long errors, double seconds, long[] latenciesMicros) {}

  /** {@code request} answers whether it succeeded; a failed future counts as an error. */
  static Result run(Vertx vertx, int inFlight, int seconds, IntFunction<Future<Boolean>> request)
      throws Exception {
    long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
    long[] lat = new long[4_000_000];
    AtomicLong count = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong seq = new AtomicLong();
    List<Future<Void>> loops = new ArrayList<>();
    for (int c = 0; c < inFlight; c++) {
      Promise<Void> done = Promise.promise();
      loops.add(done.future());
      vertx.runOnContext(v -> loop(request, seq, warmupEnd, end, lat, count, errors, done));
    }
    Future.all(loops).await(seconds + 60, TimeUnit.SECONDS);
    int n = (int) Math.min(count.get(), lat.length);
    return new Result(count.get(), errors.get(), seconds, Arrays.copyOf(lat, n));
  }

  private static void loop(IntFunction<Future<Boolean>> request, AtomicLong seq, long warmupEnd,
                           long end, long[] lat, AtomicLong count, AtomicLong errors,
                           Promise<Void> done) {
    long start = System.nanoTime();
    if (start >= end) {
      done.complete();
      return;
    }
    request.apply((int) seq.getAndIncrement()).onComplete(ar -> {
      long now = System.nanoTime();
      if (start >= warmupEnd && now <= end) {
        if (ar.failed() || !ar.result()) errors.incrementAndGet();
        long i = count.getAndIncrement();
        if (i < lat.length) lat[(int) i] = (now - start) / 1000;
      }
      loop(request, seq, warmupEnd, end, lat, count, errors, done);
    });
  }

  static void report(String name, String unit, Result r) {
    long[] l = r.latenciesMicros().clone();
    Arrays.sort(l);
    double p50 = l.length == 0 ? 0 : l[(int) (l.length * 0.50)] / 1000.0;
    double p99 = l.length == 0 ? 0 : l[Math.min(l.length - 1, (int) (l.length * 0.99))] / 1000.0;
    System.out.printf("%-44s %8.0f %s   p50 %7.2f ms   p99 %7.2f ms   (%d, %d errors, %.0f s)%n",
        name, r.requests() / r.seconds(), unit, p50, p99, r.requests(), r.errors(), r.seconds());
  }
}
