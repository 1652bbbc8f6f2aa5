package org.convene.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Requests for one key are gathered while earlier batches run; each still gets its own answer. */
class BatcherTest {
  /** A fake database: records each batch and answers it when the test says so. */
  static final class Runs {
    final List<List<String>> batches = new ArrayList<>();
    final List<Promise<List<String>>> open = new ArrayList<>();

    Future<List<String>> run(String key, List<String> batch) {
      batches.add(List.copyOf(batch));
      Promise<List<String>> p = Promise.promise();
      open.add(p);
      return p.future();
    }

    /** Answers the oldest open batch: "bad" inputs fail it when it holds several. */
    void answerNext() {
      Promise<List<String>> p = open.remove(0);
      List<String> batch = batches.get(batches.size() - open.size() - 1);
      if (batch.contains("bad")) {
        p.fail(new IllegalStateException("bad input"));
      } else {
        p.complete(batch.stream().map(s -> s.toUpperCase()).toList());
      }
    }
  }

  @Test
  void aLoneRequestRunsAtOnceAndLaterOnesWaitForTheNextBatchInArrivalOrder() {
    Runs runs = new Runs();
    Batcher<String, String, String> b = new Batcher<>("test", 3, 1, runs::run);
    Future<String> a = b.submit("event", "a");
    assertEquals(List.of(List.of("a")), runs.batches, "no waiting when nothing runs");
    List<Future<String>> later = new ArrayList<>();
    for (String s : List.of("b", "c", "d", "e")) later.add(b.submit("event", s));
    assertEquals(1, runs.batches.size(), "one batch at a time for this key");

    runs.answerNext();
    assertEquals("A", a.result());
    assertEquals(List.of("b", "c", "d"), runs.batches.get(1), "everyone queued, up to the limit");
    runs.answerNext();
    assertEquals(List.of("e"), runs.batches.get(2));
    runs.answerNext();
    assertEquals(List.of("B", "C", "D", "E"), later.stream().map(Future::result).toList());
    assertEquals(0, b.activeKeys(), "nothing kept once all is answered");
  }

  @Test
  void pastTheBoundOnWaitingRequestsANewOneIsRefusedAtOnceAndTheOthersStillRun() {
    Runs runs = new Runs();
    Batcher<String, String, String> b = new Batcher<>("test", 8, 1, 2, runs::run);
    Future<String> first = b.submit("event", "a");
    Future<String> second = b.submit("event", "b");
    Future<String> third = b.submit("event", "c");
    Future<String> refused = b.submit("event", "d");
    assertTrue(refused.failed(), "refused without waiting");
    assertEquals(org.convene.core.Problem.Kind.UNAVAILABLE,
        ((org.convene.core.Problem) refused.cause()).kind());
    Future<String> other = b.submit("other event", "x");
    assertEquals(List.of("x"), runs.batches.get(1), "another key has its own bound");
    runs.answerNext();
    runs.answerNext();
    runs.answerNext();
    assertEquals("A", first.result());
    assertEquals("X", other.result());
    assertEquals(List.of("B", "C"), List.of(second.result(), third.result()));
    assertEquals(0, b.activeKeys());
  }

  @Test
  void keysDoNotWaitForEachOther() {
    Runs runs = new Runs();
    Batcher<String, String, String> b = new Batcher<>("test", 8, 1, runs::run);
    b.submit("one", "a");
    b.submit("two", "b");
    assertEquals(List.of(List.of("a"), List.of("b")), runs.batches);
  }

  @Test
  void aFailedBatchAnswersEachRequestAloneSoOneBadRequestSpoilsNothingElse() {
    Runs runs = new Runs();
    Batcher<String, String, String> b = new Batcher<>("test", 8, 1, runs::run);
    Future<String> first = b.submit("event", "first");
    Future<String> x = b.submit("event", "x");
    Future<String> bad = b.submit("event", "bad");
    Future<String> y = b.submit("event", "y");
    runs.answerNext();
    assertEquals("FIRST", first.result());
    runs.answerNext(); // [x, bad, y] fails as a whole
    runs.answerNext();
    runs.answerNext();
    runs.answerNext();
    assertEquals(List.of(List.of("x"), List.of("bad"), List.of("y")), runs.batches.subList(2, 5),
        "alone, one after another, in their order");
    assertEquals("X", x.result());
    assertEquals("Y", y.result());
    assertTrue(bad.failed());
    assertEquals("bad input", bad.cause().getMessage());
    assertEquals(0, b.activeKeys());
  }

  @Test
  void aRunnerThatThrowsFailsItsRequestsAndTheKeyGoesOn() {
    Batcher<String, String, String> b = new Batcher<>("test", 8, 1, (k, batch) -> {
      if (batch.contains("boom")) throw new AssertionError("boom");
      return Future.succeededFuture(batch);
    });
    Future<String> boom = b.submit("event", "boom");
    assertTrue(boom.failed());
    assertEquals("boom", boom.cause().getMessage());
    assertEquals("after", b.submit("event", "after").result());
    assertEquals(0, b.activeKeys());
  }

  @Test
  void aRunnerThatAnswersTheWrongNumberOfResultsFailsInsteadOfMixingThemUp() {
    Batcher<String, String, String> b = new Batcher<>("test", 8, 1,
        (k, batch) -> Future.succeededFuture(List.of()));
    Future<String> a = b.submit("event", "a");
    assertTrue(a.failed());
    assertTrue(a.cause().getMessage().contains("0 answers for 1 requests"), a.cause().getMessage());
  }

  @Test
  void theAnswerComesBackOnTheCallersOwnContext() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Runs runs = new Runs();
      Batcher<String, String, String> b = new Batcher<>("test", 8, 1, runs::run);
      Context caller = vertx.getOrCreateContext();
      CompletableFuture<Context> answeredOn = new CompletableFuture<>();
      CompletableFuture<Void> submitted = new CompletableFuture<>();
      caller.runOnContext(v -> {
        b.submit("event", "a").onSuccess(s -> answeredOn.complete(Vertx.currentContext()));
        submitted.complete(null);
      });
      submitted.get(10, TimeUnit.SECONDS);
      runs.answerNext(); // from the test thread, as another event loop's batch would
      assertSame(caller, answeredOn.get(10, TimeUnit.SECONDS));
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
