package org.convene.db;

import io.vertx.core.AsyncResult;
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
import org.convene.core.Redact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: pieces of work for different keys (RSVP batches for different events) that
 * arrive while earlier transactions are committing share the next transaction, so a spread-out
 * crowd pays one commit (one WAL flush), one round trip and, when the caller's statements take
 * many keys at once, one statement for many answers instead of one each.
 *
 * <p>The caller's {@link Statements} get the pieces of one transaction in the order of their
 * keys, so two nodes' transactions take their locks in the same order and cannot deadlock on each
 * other. They send their statements without waiting for the answers (pipelined behind BEGIN and
 * before COMMIT), and must be correct whatever else is in the transaction: they take their own
 * locks and check their own invariants, as they would for one piece alone.
 *
 * <p>If a shared transaction fails, nothing of it was stored: its pieces run again, each in its
 * own transaction, and only their own failures reach their callers. A piece that arrives while
 * fewer than {@code inFlight} transactions run starts at once, alone, so a quiet server waits
 * for nobody.
 *
 * @param <I> one piece's input
 * @param <O> one piece's result
 */
public final class GroupCommit<I, O> {
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  /** What one piece is about (its key, what it locks) and what it brings. */
  public record Piece<I>(String key, I input) {}

  /** Sends one transaction's statements for its pieces; answers one result per piece, in order. */
  @FunctionalInterface
  public interface Statements<I, O> {
    /**
     * Must not wait for one statement before sending the next, and its future must fail only
     * when a statement did (PostgreSQL then rolls the whole transaction back): a failure of its
     * own after its statements succeeded would be retried, though the transaction committed.
     */
    Future<List<O>> send(SqlConnection conn, List<Piece<I>> pieces);
  }

  private record Waiting<I, O>(Piece<I> piece, Promise<O> answer, Context context) {
    void complete(AsyncResult<O> result) {
      if (context == null) answer.handle(result);
      else context.runOnContext(v -> answer.handle(result));
    }
  }

  private final Pool pool;
  private final int inFlight;
  private final int maxPieces;
  private final Statements<I, O> statements;
  private final ArrayDeque<Waiting<I, O>> waiting = new ArrayDeque<>();
  private int running;

  public GroupCommit(Pool pool, int inFlight, int maxPieces, Statements<I, O> statements) {
    if (inFlight < 1 || maxPieces < 1) throw new IllegalArgumentException("inFlight, maxPieces >= 1");
    this.pool = pool;
    this.inFlight = inFlight;
    this.maxPieces = maxPieces;
    this.statements = statements;
  }

  /** Stores {@code input} in a transaction, perhaps shared with other keys' pieces; answers after the commit. */
  public Future<O> submit(String key, I input) {
    Waiting<I, O> w = new Waiting<>(new Piece<>(key, input), Promise.promise(), Vertx.currentContext());
    boolean startNow;
    synchronized (this) {
      startNow = running < inFlight;
      if (startNow) running++;
      else waiting.add(w);
    }
    if (startNow) start(List.of(w));
    return w.answer().future();
  }

  private void start(List<Waiting<I, O>> batch) {
    List<Waiting<I, O>> ordered = new ArrayList<>(batch);
    ordered.sort(Comparator.comparing(w -> w.piece().key()));
    transaction(ordered).onComplete(ar -> {
      if (ar.succeeded()) {
        for (int i = 0; i < ordered.size(); i++) {
          ordered.get(i).complete(Future.succeededFuture(ar.result().get(i)));
        }
        finished();
      } else if (ordered.size() == 1) {
        ordered.get(0).complete(Future.failedFuture(ar.cause()));
        finished();
      } else {
        log.info("a shared transaction of {} failed ({}); each runs alone", ordered.size(),
            Redact.scrub(ar.cause().toString()));
        List<Future<?>> alone = new ArrayList<>();
        for (Waiting<I, O> w : ordered) {
          alone.add(transaction(List.of(w)).map(r -> r.get(0)).onComplete(w::complete));
        }
        Future.join(alone).onComplete(x -> finished());
      }
    });
  }

  /** BEGIN, the pieces' statements, COMMIT: sent together, answered together. */
  private Future<List<O>> transaction(List<Waiting<I, O>> batch) {
    List<Piece<I>> pieces = new ArrayList<>(batch.size());
    for (Waiting<I, O> w : batch) pieces.add(w.piece());
    return pool.withConnection(conn -> {
      Future<?> begin = conn.query("BEGIN").execute();
      Future<List<O>> sent;
      boolean threw = false;
      try {
        sent = statements.send(conn, pieces);
      } catch (RuntimeException e) {
        // what it sent before throwing must not be committed
        sent = Future.failedFuture(e);
        threw = true;
      }
      Future<?> commit = conn.query(threw ? "ROLLBACK" : "COMMIT").execute();
      Future<List<O>> results = sent;
      return Future.join(begin, results, commit).transform(ar -> {
        // PostgreSQL answers the COMMIT of a failed transaction with a rollback: any failure
        // means nothing was stored
        for (Future<?> f : List.of(begin, results, commit)) {
          if (f.failed()) return Future.failedFuture(f.cause());
        }
        return Future.succeededFuture(results.result());
      });
    });
  }

  private void finished() {
    List<Waiting<I, O>> next = new ArrayList<>();
    synchronized (this) {
      while (!waiting.isEmpty() && next.size() < maxPieces) next.add(waiting.poll());
      if (next.isEmpty()) running--;
    }
    if (!next.isEmpty()) start(next);
  }
}
