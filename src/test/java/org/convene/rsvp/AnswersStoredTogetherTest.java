package org.convene.rsvp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.core.Problem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * New RSVPs for one event that arrive while earlier ones are being written are stored together
 * by one statement. They must come out exactly as if each had been stored alone.
 */
class AnswersStoredTogetherTest {
  static TestServer server;
  static String token;
  static AnswerStore answerStore;
  static RsvpStore store;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    token = server.organizerToken("batch@example.org");
    server.createGroup(token, "batch");
    // a store of its own, so only these tests' answers queue in it
    SeatStore seats = new SeatStore();
    answerStore = new AnswerStore(server.app.pool(), seats);
    store = new RsvpStore(server.app.pool(), seats);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static RsvpRules.Valid answer(String email, String response, int guests) {
    return new RsvpRules.Valid("Person " + email, email, response, guests, Rsvp.Profile.NOTHING);
  }

  static String event(JsonObject extra) {
    return server.createEvent(token, "batch", extra).getString("id");
  }

  /**
   * Submits all at once, without waiting: all but the first few queue and share statements. From
   * one task on one context, so the first answer's result (delivered on that context) cannot free
   * its lane before the rest are queued, however slow this thread is.
   */
  static List<Future<AnswerStore.Outcome>> submitAll(String event, List<RsvpRules.Valid> answers)
      throws Exception {
    CompletableFuture<List<Future<AnswerStore.Outcome>>> submitted = new CompletableFuture<>();
    server.app.vertx().getOrCreateContext().runOnContext(x -> {
      List<Future<AnswerStore.Outcome>> all = new ArrayList<>();
      for (RsvpRules.Valid v : answers) all.add(answerStore.create(event, v));
      submitted.complete(all);
    });
    List<Future<AnswerStore.Outcome>> out = submitted.get(10, TimeUnit.SECONDS);
    Future.join(new ArrayList<>(out)).otherwiseEmpty().await(60, TimeUnit.SECONDS);
    return out;
  }

  @Test
  void aCrowdOfMixedAnswersFillsTheSeatsExactlyAndQueuesTheRestInOrder() throws Exception {
    String id = event(new JsonObject().put("capacity", 12).put("guestsAllowed", 2));
    List<RsvpRules.Valid> answers = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      String response = i % 7 == 3 ? "maybe" : i % 7 == 5 ? "not_going" : "going";
      answers.add(answer("p" + i + "@example.org", response, "going".equals(response) ? i % 3 : 0));
    }
    // the same person three times in a row, so in one batch: stored once
    for (int i = 0; i < 3; i++) answers.add(answer("twice@example.org", "going", 0));
    List<Future<AnswerStore.Outcome>> outcomes = submitAll(id, answers);

    Map<String, Integer> statuses = new HashMap<>();
    int already = 0;
    long lastArrival = 0;
    for (int i = 0; i < outcomes.size(); i++) {
      Future<AnswerStore.Outcome> f = outcomes.get(i);
      assertTrue(f.succeeded(), "answer " + i + ": " + f.cause());
      if (f.result() instanceof AnswerStore.Created c) {
        statuses.merge(c.rsvp().status(), 1, Integer::sum);
        if (!"waitlisted".equals(c.rsvp().status())) assertEquals(null, c.rsvp().waitlistPosition());
        // each answer got its own row's result, and the line keeps the order they came in
        Rsvp stored = store.byToken(c.rsvp().token()).await(10, TimeUnit.SECONDS);
        assertEquals(stored.arrival(), c.rsvp().arrival(), "answer " + i);
        assertTrue(c.rsvp().arrival() > lastArrival, "answer " + i + " arrived in order");
        lastArrival = c.rsvp().arrival();
      } else {
        already++;
      }
    }
    assertEquals(2, already, "the second and third answer from one email change nothing");
    assertEquals(9, statuses.get("maybe"));
    assertEquals(8, statuses.get("not_going"));

    String ev = "'" + id + "'";
    assertEquals("12", TestDb.queryOne(server.db,
        "SELECT count(*) FROM seats WHERE event_id = " + ev + " AND rsvp_id IS NOT NULL"));
    assertEquals("12", TestDb.queryOne(server.db,
        "SELECT sum(1 + guests) FROM rsvps WHERE event_id = " + ev + " AND status = 'going'"));
    assertEquals("0", TestDb.queryOne(server.db, """
        SELECT count(*) FROM rsvps r WHERE r.event_id = %s AND
          (SELECT count(*) FROM seats s WHERE s.rsvp_id = r.id)
            <> CASE WHEN r.status = 'going' THEN 1 + r.guests ELSE 0 END""".formatted(ev)));
    assertEquals("1", TestDb.queryOne(server.db,
        "SELECT count(*) FROM rsvps WHERE email = 'twice@example.org' AND event_id = " + ev));
    // one mail per stored answer, plus the manage link once for the repeats (at most one such
    // notice per address and event an hour: see MailCapsTest)
    assertEquals("61", TestDb.queryOne(server.db, "SELECT count(*) FROM outbox WHERE event_id = "
        + ev + " AND kind IN ('rsvp_confirmation', 'waitlisted')"));
    assertEquals("1", TestDb.queryOne(server.db, "SELECT count(*) FROM outbox WHERE event_id = "
        + ev + " AND kind = 'already_registered'"));

    // the waitlist: everyone in line once, positions 1..n without gaps or duplicates (read back:
    // a party that did not fit a batch's last seats can have let a later, smaller one in since)
    List<Integer> positions = new ArrayList<>();
    for (Future<AnswerStore.Outcome> f : outcomes) {
      if (f.result() instanceof AnswerStore.Created c) {
        Rsvp now = store.byToken(c.rsvp().token()).await(10, TimeUnit.SECONDS);
        if ("waitlisted".equals(now.status())) positions.add(now.waitlistPosition());
      }
    }
    assertEquals(TestDb.queryOne(server.db, "SELECT count(*) FROM rsvps WHERE event_id = " + ev
        + " AND status = 'waitlisted'"), Integer.toString(positions.size()));
    assertTrue(positions.size() > 10, "the crowd overflowed into the waitlist");
    positions.sort(Integer::compare);
    for (int i = 0; i < positions.size(); i++) assertEquals(i + 1, positions.get(i));

    // and they really were stored together: one transaction stamps its RSVPs with one time
    String largest = TestDb.queryOne(server.db, "SELECT max(n) FROM (SELECT count(*) AS n FROM rsvps"
        + " WHERE event_id = " + ev + " GROUP BY created_at) t");
    assertTrue(Integer.parseInt(largest) >= 10, "answers shared a statement: " + largest);
  }

  @Test
  void eachAnswerInABatchIsDecidedAsIfItHadComeAlone() throws Exception {
    String id = event(new JsonObject().put("capacity", 4).put("guestsAllowed", 2));
    assertTrue(answerStore.create(id, answer("old@example.org", "going", 0))
        .await(10, TimeUnit.SECONDS) instanceof AnswerStore.Created);
    List<RsvpRules.Valid> answers = List.of(
        answer("a@example.org", "going", 0),      // runs at once, alone: 2 seats left
        answer("big@example.org", "going", 2),    // needs 3: waits, first in line
        answer("old@example.org", "going", 0),    // answered before: no seat, no change
        answer("a@example.org", "going", 0),      // answered a moment ago
        answer("small@example.org", "going", 0),  // fits after all: 1 seat left
        answer("small@example.org", "going", 1),  // the same person again, in the same batch
        answer("maybe@example.org", "maybe", 0),
        answer("small2@example.org", "going", 0), // the last seat
        answer("late@example.org", "going", 0));  // second in line
    List<Future<AnswerStore.Outcome>> outcomes = submitAll(id, answers);
    List<String> expected = List.of("going", "waitlisted", "already", "already", "going",
        "already", "maybe", "going", "waitlisted");
    List<Integer> expectedPositions = List.of(0, 1, 0, 0, 0, 0, 0, 0, 2);
    for (int i = 0; i < answers.size(); i++) {
      AnswerStore.Outcome o = outcomes.get(i).result();
      if (o instanceof AnswerStore.Created c) {
        assertEquals(expected.get(i), c.rsvp().status(), "answer " + i);
        Integer position = expectedPositions.get(i) == 0 ? null : expectedPositions.get(i);
        assertEquals(position, c.rsvp().waitlistPosition(), "answer " + i);
        // what the person was told is what is stored
        Rsvp stored = store.byToken(c.rsvp().token()).await(10, TimeUnit.SECONDS);
        assertEquals(c.rsvp().status(), stored.status(), "answer " + i);
        assertEquals(c.rsvp().waitlistPosition(), stored.waitlistPosition(), "answer " + i);
        assertEquals(c.rsvp().arrival(), stored.arrival(), "answer " + i);
      } else {
        assertEquals(expected.get(i), "already", "answer " + i);
      }
    }
    String ev = "'" + id + "'";
    assertEquals("4", TestDb.queryOne(server.db,
        "SELECT count(*) FROM seats WHERE event_id = " + ev + " AND rsvp_id IS NOT NULL"));
    assertEquals("0", TestDb.queryOne(server.db, "SELECT count(*) FROM outbox WHERE event_id = "
        + ev + " AND kind = 'promoted'"), "nobody told 'waitlisted' and then 'promoted'");
    assertEquals("1", TestDb.queryOne(server.db, "SELECT count(DISTINCT created_at) FROM rsvps"
        + " WHERE event_id = " + ev + " AND email IN ('big@example.org', 'small@example.org',"
        + " 'maybe@example.org', 'small2@example.org', 'late@example.org')"),
        "the queued answers shared one statement");
  }

  /**
   * Answers spread over many events share transactions and commits (GroupCommit), and every
   * event still comes out as if each answer had been stored alone: no seat given twice, the
   * waitlist in arrival order, one answer per address, a mail for each. One event's bad answer
   * fails the shared transaction; it is refused alone and nobody else's answer is lost.
   */
  @Test
  void answersToManyEventsShareCommitsAndEachEventStaysExact() throws Exception {
    List<String> events = new ArrayList<>();
    // more events than shared transactions may run at once (one per pooled connection, 16)
    for (int i = 0; i < 24; i++) events.add(event(new JsonObject().put("capacity", 3)));
    List<String> eventOf = new ArrayList<>();
    List<Future<AnswerStore.Outcome>> outcomes = new ArrayList<>();
    for (int round = 0; round < 6; round++) {
      for (int i = 0; i < events.size(); i++) {
        String email = (round == 5 ? "p0" : "p" + round) + "-" + i + "@spread.example";
        // the bad one: more guests than the table allows, so its statement fails
        int guests = i == 7 && round == 2 ? 25 : 0;
        eventOf.add(events.get(i));
        outcomes.add(answerStore.create(events.get(i), answer(email, "going", guests)));
      }
    }
    Future.join(new ArrayList<>(outcomes)).otherwiseEmpty().await(60, TimeUnit.SECONDS);
    int refused = 0;
    for (int k = 0; k < outcomes.size(); k++) {
      if (outcomes.get(k).failed()) refused++;
    }
    assertEquals(1, refused, "only the bad answer is refused");
    for (int i = 0; i < events.size(); i++) {
      String ev = "'" + events.get(i) + "'";
      int stored = i == 7 ? 4 : 5;
      assertEquals(Integer.toString(stored), TestDb.queryOne(server.db,
          "SELECT count(*) FROM rsvps WHERE event_id = " + ev), "event " + i);
      assertEquals("3", TestDb.queryOne(server.db, "SELECT count(*) FROM rsvps r JOIN seats s"
          + " ON s.rsvp_id = r.id WHERE r.event_id = " + ev + " AND r.status = 'going'"), "event " + i);
      assertEquals(Integer.toString(stored - 3), TestDb.queryOne(server.db,
          "SELECT count(*) FROM rsvps WHERE event_id = " + ev + " AND status = 'waitlisted'"));
      // the waitlist is in the order the answers arrived
      assertEquals(i == 7 ? "p4-7" : "p3-" + i + ",p4-" + i, TestDb.queryOne(server.db,
          "SELECT string_agg(split_part(email, '@', 1), ',' ORDER BY arrival) FROM rsvps"
              + " WHERE event_id = " + ev + " AND status = 'waitlisted'"), "event " + i);
      assertEquals(Integer.toString(stored), TestDb.queryOne(server.db,
          "SELECT count(*) FROM outbox WHERE event_id = " + ev + " AND rsvp_id IN"
              + " (SELECT id FROM rsvps WHERE event_id = " + ev + ") AND kind IN"
              + " ('rsvp_confirmation', 'waitlisted')"), "a mail for every answer");
    }
    String all = String.join("','", events);
    // now() is the transaction's start: answers with the same one were stored by one transaction
    long mostEvents = Long.parseLong(TestDb.queryOne(server.db, "SELECT max(n) FROM (SELECT"
        + " count(DISTINCT event_id) AS n FROM rsvps WHERE event_id IN ('" + all + "')"
        + " GROUP BY created_at) t"));
    assertTrue(mostEvents > 1, "answers to different events shared a commit: " + mostEvents);
  }

  @Test
  void aClosedEventRefusesEveryAnswerInABatchAndStoresNothing() throws Exception {
    String id = event(new JsonObject().put("capacity", 5));
    assertEquals(200, server.postJson("/api/v1/events/" + id + "/cancel", new JsonObject(),
        "Authorization", "Bearer " + token).statusCode());
    List<RsvpRules.Valid> answers = new ArrayList<>();
    for (int i = 0; i < 20; i++) answers.add(answer("late" + i + "@example.org", "going", 0));
    for (Future<AnswerStore.Outcome> f : submitAll(id, answers)) {
      assertTrue(f.failed());
      assertEquals("rsvp_closed", ((Problem) f.cause()).code());
    }
    for (Future<AnswerStore.Outcome> f : submitAll("no-such-event", answers)) {
      assertEquals(Problem.Kind.NOT_FOUND, ((Problem) f.cause()).kind());
    }
    assertEquals("0", TestDb.queryOne(server.db,
        "SELECT count(*) FROM rsvps WHERE event_id = '" + id + "'"));
  }
}
