package org.convene.db;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.convene.core.Redact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: pieces of work for different keys (RSVP batches for different events) that
 * arrive while earlier transactions are committing share the next transaction, so a spread-out
 * crowd pays one commit (one WAL flush) and one round trip for many answers instead of one each.
 *
 * <p>Each piece sends its statements on the shared connection without waiting for their answers
 * (they are pipelined behind BEGIN and before COMMIT), and must be correct whatever ran before it
 * in the transaction: it takes its own locks and checks its own invariants, as it would alone.
 * The pieces of one transaction run in the order of their keys, so two nodes' transactions take
 * their locks in the same order and cannot deadlock on each other.
 *
 * <p>If a shared transaction fails, nothing of it was stored: its pieces run again, each in its
 * own transaction, and only their own failures reach their callers. A piece that arrives while
 * fewer than {@code inFlight} transactions run starts at once, alone, so a quiet server waits
 * for nobody.
 */
public final class GroupCommit {
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  /** One piece: what it sends on the connection, answering once its statements have. */
  private record Piece<T>(String key, Function<SqlConnection, Future<T>> work, Promise<T> answer,
                          Context context) {
    void complete(io.vertx.core.AsyncResult<T> result) {
      if (context == null) answer.handle(result);
      else context.runOnContext(v -> answer.handle(result));
    }
  }

  private final Pool pool;
  private final int inFlight;
  private final int maxPieces;
  private final ArrayDeque<Piece<?>> waiting = new ArrayDeque<>();
  private int running;

  public GroupCommit(Pool pool, int inFlight, int maxPieces) {
    if (inFlight < 1 || maxPieces < 1) throw new IllegalArgumentException("inFlight, maxPieces >= 1");
    this.pool = pool;
    this.inFlight = inFlight;
    this.maxPieces = maxPieces;
  }

  /**
   * Runs {@code work} in a transaction, perhaps shared with other keys' work; the answer comes
   * after the commit. {@code work} must not wait for one statement before sending the next, and
   * its future must fail only when a statement of it did (PostgreSQL then rolls the whole
   * transaction back): a failure of its own after its statements succeeded would be retried,
   * though the transaction committed.
   */
  public <T> Future<T> submit(String key, Function<SqlConnection, Future<T>> work) {
    Piece<T> p = new Piece<>(key, work, Promise.promise(), Vertx.currentContext());
    boolean startNow;
    synchronized (this) {
      startNow = running < inFlight;
      if (startNow) running++;
      else waiting.add(p);
    }
    if (startNow) start(List.of(p));
    return p.answer().future();
  }

  private void start(List<Piece<?>> pieces) {
    List<Piece<?>> ordered = new ArrayList<>(pieces);
    ordered.sort(Comparator.comparing(Piece::key));
    transaction(ordered).onComplete(ar -> {
      if (ar.succeeded()) {
        List<Object> results = ar.result();
        for (int i = 0; i < ordered.size(); i++) completeOk(ordered.get(i), results.get(i));
        finished();
      } else if (ordered.size() == 1) {
        ordered.get(0).complete(Future.failedFuture(ar.cause()));
        finished();
      } else {
        log.info("a shared transaction of {} failed ({}); each runs alone", ordered.size(),
            Redact.scrub(ar.cause().toString()));
        List<Future<?>> alone = new ArrayList<>();
        for (Piece<?> p : ordered) alone.add(alone(p));
        Future.join(alone).onComplete(x -> finished());
      }
    });
  }

  @SuppressWarnings("unchecked")
  private static <T> void completeOk(Piece<T> p, Object result) {
    p.complete(Future.succeededFuture((T) result));
  }

  private <T> Future<T> alone(Piece<T> p) {
    return transaction(List.of(p)).map(r -> (T) r.get(0)).onComplete(p::complete);
  }

  /** BEGIN, every piece's statements, COMMIT: sent together, answered together. */
  private Future<List<Object>> transaction(List<Piece<?>> pieces) {
    return pool.withConnection(conn -> {
      Future<?> begin = conn.query("BEGIN").execute();
      List<Future<?>> steps = new ArrayList<>(pieces.size());
      boolean threw = false;
      for (Piece<?> p : pieces) {
        try {
          steps.add(p.work().apply(conn));
        } catch (RuntimeException e) {
          // what it sent before throwing must not be committed with the rest
          steps.add(Future.failedFuture(e));
          threw = true;
        }
      }
      Future<?> commit = conn.query(threw ? "ROLLBACK" : "COMMIT").execute();
      List<Future<?>> all = new ArrayList<>(steps.size() + 2);
      all.add(begin);
      all.addAll(steps);
      all.add(commit);
      return Future.join(all).transform(ar -> {
        // PostgreSQL answers the COMMIT of a failed transaction with a rollback: any failure
        // means nothing was stored
        for (Future<?> f : all) if (f.failed()) return Future.failedFuture(f.cause());
        List<Object> out = new ArrayList<>(steps.size());
        for (Future<?> f : steps) out.add(f.result());
        return Future.succeededFuture(out);
      });
    });
  }

  private void finished() {
    List<Piece<?>> next = new ArrayList<>();
    synchronized (this) {
      while (!waiting.isEmpty() && next.size() < maxPieces) next.add(waiting.poll());
      if (next.isEmpty()) running--;
    }
    if (!next.isEmpty()) start(next);
  }
}
