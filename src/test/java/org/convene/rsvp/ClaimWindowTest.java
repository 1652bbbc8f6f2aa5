package org.convene.rsvp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.WebSession;
import org.convene.db.Database;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The claim window: a freed seat is held for the first in line who fits until they accept it,
 * let it go or the window ends, then it goes to the next; offers and seats together never exceed
 * the capacity, across two instances; and no offer is made once the event has started.
 */
class ClaimWindowTest {
  static Database.Target db;
  static TestServer one;
  static TestServer two;
  static String token;
  static String bearer;

  @BeforeAll
  static void start() {
    db = TestDb.fresh();
    one = TestServer.start(db, Map.of());
    two = TestServer.start(db, Map.of());
    token = one.organizerToken("window@example.org");
    bearer = "Bearer " + token;
    one.createGroup(token, "dinner-club");
  }

  @AfterAll
  static void stop() {
    one.close();
    two.close();
  }

  static String windowEvent(int capacity, JsonObject extra) {
    return one.createEvent(token, "dinner-club", new JsonObject().put("capacity", capacity)
        .put("claimWindowHours", 24).put("guestsAllowed", 2).mergeIn(extra)).getString("id");
  }

  /** Answers going and opens the mailed link, as the person does. */
  static JsonObject going(String event, String who, int guests) {
    String email = (who + "-" + event + "@example.org").toLowerCase();
    var r = one.postJson("/api/v1/events/" + event + "/rsvps", new JsonObject()
        .put("name", "Person " + who).put("email", email).put("response", "going")
        .put("guests", guests));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return one.open(one.mailedToken(event, email));
  }

  static JsonObject now(JsonObject r) {
    return one.get("/api/v1/rsvps/" + r.getString("token")).bodyAsJsonObject();
  }

  @Test
  void aFreedSeatIsOfferedToTheFirstInLineWhoAcceptsIt() throws Exception {
    String event = windowEvent(1, new JsonObject());
    JsonObject a = going(event, "a", 0);
    JsonObject b = going(event, "b", 0);
    JsonObject c = going(event, "c", 0);
    assertEquals("going", a.getString("status"));
    assertEquals("waitlisted", b.getString("status"));

    assertEquals(204, one.delete("/api/v1/rsvps/" + a.getString("token")).statusCode());
    JsonObject offered = now(b);
    assertEquals("offered", offered.getString("status"), "held, not given");
    Instant until = Instant.parse(offered.getString("offerExpiresAt"));
    assertTrue(Math.abs(Duration.between(Instant.now().plus(24, ChronoUnit.HOURS), until)
        .toMinutes()) < 5, "the window is the event's 24 hours: " + until);
    assertEquals(List.of("waitlisted", "seat_offered"), mailKinds(b.getString("id")));
    assertEquals(0, promotedMails(b.getString("id")), "no seat given without their yes");
    assertEquals(0, one.get("/api/v1/events/" + event).bodyAsJsonObject().getInteger("seatsLeft"),
        "an offered seat is not free");
    assertEquals(1, now(c).getInteger("waitlistPosition"));

    // a newcomer cannot take the held seat
    JsonObject d = going(event, "d", 0);
    assertEquals("waitlisted", d.getString("status"));

    var counts = one.get("/api/v1/events/" + event + "/rsvps", "Authorization", bearer)
        .bodyAsJsonObject().getJsonObject("counts");
    assertEquals(1, counts.getInteger("offered"));
    assertEquals(0, counts.getInteger("seatsLeft"));

    var accepted = one.postJson("/api/v1/rsvps/" + b.getString("token") + "/accept-offer",
        new JsonObject());
    assertEquals(200, accepted.statusCode(), accepted.bodyAsString());
    assertEquals("going", accepted.bodyAsJsonObject().getString("status"));
    assertEquals(null, accepted.bodyAsJsonObject().getValue("offerExpiresAt"));
    assertEquals(List.of("waitlisted", "seat_offered", "rsvp_confirmation"),
        mailKinds(b.getString("id")));
    assertSeatsMatch(event, 1);

    // accepting again changes nothing; someone with no offer is told so
    assertEquals(200, one.postJson("/api/v1/rsvps/" + b.getString("token") + "/accept-offer",
        new JsonObject()).statusCode());
    var none = one.postJson("/api/v1/rsvps/" + c.getString("token") + "/accept-offer",
        new JsonObject());
    assertEquals(409, none.statusCode());
    assertEquals("no_offer", none.bodyAsJsonObject().getString("error"));
  }

  @Test
  void anUnansweredOfferRunsOutAndGoesToTheNextInLine() throws Exception {
    String event = windowEvent(1, new JsonObject());
    JsonObject a = going(event, "a", 0);
    JsonObject b = going(event, "b", 0);
    JsonObject c = going(event, "c", 0);
    assertEquals(204, one.delete("/api/v1/rsvps/" + a.getString("token")).statusCode());
    assertEquals("offered", now(b).getString("status"));

    lapse(event);
    // past the window, even before the job ran, the seat cannot be taken
    var late = one.postJson("/api/v1/rsvps/" + b.getString("token") + "/accept-offer",
        new JsonObject());
    assertEquals(409, late.statusCode());
    assertEquals("offer_expired", late.bodyAsJsonObject().getString("error"));

    assertEquals(1, new OfferExpiry(two.app.pool()).runOnce().await(20, TimeUnit.SECONDS));
    JsonObject gone = now(b);
    assertEquals("not_going", gone.getString("status"));
    assertTrue(mailKinds(b.getString("id")).contains("offer_expired"));
    assertEquals("offered", now(c).getString("status"), "the next in line gets the offer");
    assertTrue(mailKinds(c.getString("id")).contains("seat_offered"));
    assertSeatsMatch(event, 1);
    // a second run finds nothing more to do
    assertEquals(0, new OfferExpiry(one.app.pool()).runOnce().await(20, TimeUnit.SECONDS));
  }

  @Test
  void lettingTheSeatGoOffersItToTheNextAtOnce() throws Exception {
    String event = windowEvent(2, new JsonObject());
    JsonObject a = going(event, "a", 1);
    JsonObject big = going(event, "big", 2);
    JsonObject b = going(event, "b", 0);
    JsonObject c = going(event, "c", 0);
    assertEquals(204, one.delete("/api/v1/rsvps/" + a.getString("token")).statusCode());
    // two seats free: the party of three does not fit, the next two each get an offer
    assertEquals("waitlisted", now(big).getString("status"));
    assertEquals("offered", now(b).getString("status"));
    assertEquals("offered", now(c).getString("status"));

    var declined = one.postJson("/api/v1/rsvps/" + b.getString("token") + "/decline-offer",
        new JsonObject());
    assertEquals(200, declined.statusCode(), declined.bodyAsString());
    assertEquals("not_going", declined.bodyAsJsonObject().getString("status"));
    // one seat free again, the party of three still does not fit it, nobody else waits
    assertEquals("waitlisted", now(big).getString("status"));
    assertSeatsMatch(event, 1);
    JsonObject d = going(event, "d", 0);
    assertEquals("going", d.getString("status"), "a seat nobody in line fits is free to take");

    // on the manage page: c accepts with the button
    String manage = "/r/" + c.getString("token");
    WebSession person = new WebSession(one);
    String page = person.get(manage).bodyAsString();
    assertTrue(page.contains("A seat is held for you"), page);
    assertTrue(page.contains("Accept the seat"));
    var r = person.submit(manage, manage + "/accept-offer");
    assertEquals(303, r.statusCode(), r.bodyAsString());
    assertTrue(person.get(manage + "?offer=offer-accepted").bodyAsString()
        .contains("The seat is yours"));
    assertEquals("going", now(c).getString("status"));
    assertSeatsMatch(event, 2);
  }

  @Test
  void noOfferIsMadeOnceTheEventHasStarted() throws Exception {
    DateTimeFormatter local = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
    LocalDateTime soon = LocalDateTime.now(ZoneId.of("Europe/Berlin")).plusHours(2)
        .truncatedTo(ChronoUnit.MINUTES);
    String event = windowEvent(1, new JsonObject().put("startsAt", soon.format(local))
        .put("endsAt", soon.plusHours(3).format(local)));
    JsonObject a = going(event, "a", 0);
    JsonObject b = going(event, "b", 0);
    JsonObject c = going(event, "c", 0);
    assertEquals(204, one.delete("/api/v1/rsvps/" + a.getString("token")).statusCode());
    JsonObject offered = now(b);
    assertEquals("offered", offered.getString("status"));
    String startsAtUtc = one.get("/api/v1/events/" + event).bodyAsJsonObject()
        .getString("startsAtUtc");
    assertEquals(Instant.parse(startsAtUtc), Instant.parse(offered.getString("offerExpiresAt")),
        "a 24-hour window two hours before the start ends at the start");

    // the event starts: the open offer runs out with it, and the seat is offered to nobody
    sql("UPDATE events SET starts_at = now() - interval '1 minute' WHERE id = ?", event);
    lapse(event);
    assertEquals(1, new OfferExpiry(one.app.pool()).runOnce().await(20, TimeUnit.SECONDS));
    assertEquals("not_going", now(b).getString("status"));
    assertEquals("waitlisted", now(c).getString("status"));
    assertFalse(mailKinds(c.getString("id")).contains("seat_offered"));
    assertSeatsMatch(event, 0);

    // nor when a seat frees after the start
    JsonObject e = going(windowEvent(1, new JsonObject()), "x", 0);
    String later = e.getString("event");
    JsonObject f = going(later, "y", 0);
    sql("UPDATE events SET starts_at = now() - interval '1 minute' WHERE id = ?", later);
    assertEquals(204, one.delete("/api/v1/rsvps/" + e.getString("token")).statusCode());
    assertEquals("waitlisted", now(f).getString("status"));
    assertFalse(mailKinds(f.getString("id")).contains("seat_offered"));
  }

  @Test
  void withoutAWindowAFreedSeatIsStillGivenAtOnce() throws Exception {
    String event = one.createEvent(token, "dinner-club", new JsonObject().put("capacity", 1))
        .getString("id");
    JsonObject a = going(event, "a", 0);
    JsonObject b = going(event, "b", 0);
    assertEquals(204, one.delete("/api/v1/rsvps/" + a.getString("token")).statusCode());
    assertEquals("going", now(b).getString("status"));
    assertEquals(1, promotedMails(b.getString("id")));
    assertFalse(mailKinds(b.getString("id")).contains("seat_offered"));
  }

  /**
   * Two instances free seats, take new answers, accept, let go and expire offers at once: seats
   * held by going parties and by offers never exceed the capacity, each party holds exactly its
   * seats, and each lapsed offer is expired (and mailed) exactly once.
   */
  @Test
  void offersNeverExceedTheCapacityAcrossTwoInstances() throws Exception {
    int capacity = 8;
    String event = windowEvent(capacity, new JsonObject());
    List<JsonObject> seated = new ArrayList<>();
    List<JsonObject> waiting = new ArrayList<>();
    for (int i = 0; i < capacity; i++) seated.add(going(event, "s" + i, 0));
    for (int i = 0; i < 30; i++) waiting.add(going(event, "w" + i, i % 4 == 0 ? 1 : 0));
    for (JsonObject s : seated) assertEquals("going", s.getString("status"));

    // round 1: everyone seated leaves through one instance or the other, while newcomers arrive
    List<Future<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < seated.size(); i++) {
      TestServer via = i % 2 == 0 ? one : two;
      calls.add(via.client().delete(via.port, "localhost",
          "/api/v1/rsvps/" + seated.get(i).getString("token")).send());
      String email = ("n" + i + "-" + event + "@example.org").toLowerCase();
      TestServer other = i % 2 == 0 ? two : one;
      calls.add(other.client().post(other.port, "localhost", "/api/v1/events/" + event + "/rsvps")
          .sendJsonObject(new JsonObject().put("name", "New " + i).put("email", email)
              .put("response", "going")));
    }
    Future.all(calls).await(60, TimeUnit.SECONDS);
    for (var f : calls) assertTrue(f.result().statusCode() < 300, f.result().bodyAsString());
    assertWithinCapacity(event, capacity);
    assertTrue(count("SELECT count(*) FROM rsvps WHERE event_id = ? AND status = 'offered'",
        event) > 0, "seats were offered");

    // round 2: some accept, some let go, and every other offer lapses while both nodes expire
    List<String> offeredTokens = tokensWithStatus(event, "offered");
    List<Future<?>> moves = new ArrayList<>();
    for (int i = 0; i < offeredTokens.size(); i++) {
      TestServer via = i % 2 == 0 ? one : two;
      String t = offeredTokens.get(i);
      if (i % 3 == 0) {
        moves.add(via.client().post(via.port, "localhost", "/api/v1/rsvps/" + t + "/accept-offer")
            .send());
      } else if (i % 3 == 1) {
        moves.add(via.client().post(via.port, "localhost", "/api/v1/rsvps/" + t + "/decline-offer")
            .send());
      }
    }
    sql("UPDATE rsvps SET offer_expires_at = now() - interval '1 second' "
        + "WHERE event_id = ? AND status = 'offered' AND token = ANY(?)", event,
        offeredTokens.subList(0, offeredTokens.size()).stream()
            .filter(t -> offeredTokens.indexOf(t) % 3 == 2).toArray(String[]::new));
    for (int k = 0; k < 3; k++) {
      moves.add(new OfferExpiry(one.app.pool()).runOnce());
      moves.add(new OfferExpiry(two.app.pool()).runOnce());
    }
    Future.join(moves).await(60, TimeUnit.SECONDS);
    assertWithinCapacity(event, capacity);

    // round 3: every remaining offer lapses; both nodes expire at once, again and again
    for (int round = 0; round < 6; round++) {
      lapse(event);
      Future.all(new OfferExpiry(one.app.pool()).runOnce(), new OfferExpiry(two.app.pool())
          .runOnce(), new OfferExpiry(one.app.pool()).runOnce()).await(60, TimeUnit.SECONDS);
      assertWithinCapacity(event, capacity);
    }
    assertEquals(0, count("""
        SELECT count(*) FROM (SELECT rsvp_id FROM outbox WHERE event_id = ? AND kind = 'offer_expired'
          GROUP BY rsvp_id HAVING count(*) > 1) twice""", event),
        "no lapsed offer expired twice");
    assertEquals(count("SELECT count(*) FROM outbox WHERE event_id = ? AND kind = 'offer_expired'",
        event), count("""
        SELECT count(*) FROM rsvps r WHERE r.event_id = ? AND r.status = 'not_going'
          AND EXISTS (SELECT 1 FROM outbox o WHERE o.rsvp_id = r.id AND o.kind = 'offer_expired')""",
        event), "every expiry mail is for a person taken off the line");
  }

  // ---- checks ----

  /** Seats + offers never exceed the capacity, and each party holds exactly its seats. */
  static void assertWithinCapacity(String event, int capacity) throws Exception {
    long held = count("SELECT count(*) FROM seats WHERE event_id = ? AND rsvp_id IS NOT NULL", event);
    long parties = count("""
        SELECT coalesce(sum(1 + guests), 0) FROM rsvps
        WHERE event_id = ? AND status IN ('going', 'offered')""", event);
    assertTrue(held <= capacity, "seats held " + held + " of " + capacity);
    assertEquals(held, parties, "going and offered parties hold exactly the taken seats");
    assertEquals(capacity, count("SELECT count(*) FROM seats WHERE event_id = ?", event));
    assertEquals(0, count("""
        SELECT count(*) FROM rsvps r WHERE r.event_id = ? AND
          (SELECT count(*) FROM seats s WHERE s.rsvp_id = r.id)
            <> CASE WHEN r.status IN ('going', 'offered') THEN 1 + r.guests ELSE 0 END""", event),
        "each party holds exactly its seats");
  }

  static void assertSeatsMatch(String event, int held) throws Exception {
    assertEquals(held, count("SELECT count(*) FROM seats WHERE event_id = ? AND rsvp_id IS NOT NULL",
        event));
    assertWithinCapacity(event, (int) count("SELECT capacity FROM events WHERE id = ?", event));
  }

  /** Every open offer of the event has run out (as if the window had passed). */
  static void lapse(String event) throws Exception {
    sql("UPDATE rsvps SET offer_expires_at = now() - interval '1 second' "
        + "WHERE event_id = ? AND status = 'offered'", event);
  }

  static List<String> tokensWithStatus(String event, String status) throws Exception {
    try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement(
        "SELECT token FROM rsvps WHERE event_id = ? AND status = ? ORDER BY arrival")) {
      ps.setString(1, event);
      ps.setString(2, status);
      ResultSet rs = ps.executeQuery();
      List<String> out = new ArrayList<>();
      while (rs.next()) out.add(rs.getString(1));
      return out;
    }
  }

  static List<String> mailKinds(String rsvpId) throws Exception {
    try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement(
        "SELECT kind FROM outbox WHERE rsvp_id = ?::uuid ORDER BY id")) {
      ps.setString(1, rsvpId);
      ResultSet rs = ps.executeQuery();
      List<String> out = new ArrayList<>();
      while (rs.next()) out.add(rs.getString(1));
      return out;
    }
  }

  static long promotedMails(String rsvpId) throws Exception {
    return count("SELECT count(*) FROM outbox WHERE kind = 'promoted' AND rsvp_id = ?::uuid", rsvpId);
  }

  static long count(String query, Object... args) throws Exception {
    try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement(query)) {
      for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
      ResultSet rs = ps.executeQuery();
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  static void sql(String query, Object... args) throws Exception {
    try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement(query)) {
      for (int i = 0; i < args.length; i++) {
        if (args[i] instanceof String[] a) ps.setArray(i + 1, c.createArrayOf("text", a));
        else ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }

  static Connection jdbc() throws Exception {
    assertNotNull(db);
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }
}
