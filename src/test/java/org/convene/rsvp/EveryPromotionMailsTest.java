package org.convene.rsvp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.convene.TestServer;
import org.convene.WebSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whoever moves people off the waitlist, each of them hears "you have a seat" exactly once: one
 * promoted outbox row per promoted RSVP, written in the transaction that promoted it, and none
 * for those still waiting.
 */
class EveryPromotionMailsTest {
  static TestServer server;
  static String bearer;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    String token = server.organizerToken("promotions@example.org");
    bearer = "Bearer " + token;
    server.createGroup(token, "promotions");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** An event with the given capacity and who answered it, in arrival order. */
  record Scene(String event, List<JsonObject> rsvps) {
    JsonObject get(int i) {
      return rsvps.get(i);
    }
  }

  static Scene scene(int capacity, int... guests) {
    String token = bearer.substring("Bearer ".length());
    String event = server.createEvent(token, "promotions", new JsonObject()
        .put("capacity", capacity).put("guestsAllowed", 3)).getString("id");
    List<JsonObject> rsvps = new java.util.ArrayList<>();
    for (int i = 0; i < guests.length; i++) {
      var r = server.postJson("/api/v1/events/" + event + "/rsvps", new JsonObject()
          .put("name", "Person " + i).put("email", "p" + i + "-" + event + "@example.org")
          .put("response", "going").put("guests", guests[i]));
      assertEquals(201, r.statusCode(), r.bodyAsString());
      rsvps.add(server.open(server.mailedToken(event, "p" + i + "-" + event + "@example.org")));
    }
    return new Scene(event, rsvps);
  }

  @Test
  void cancellingGivesTheSeatToTheFirstInLineWithAMail() throws Exception {
    Scene s = scene(1, 0, 0, 0);
    assertEquals(204, server.delete("/api/v1/rsvps/" + s.get(0).getString("token")).statusCode());
    assertPromoted(s, 1);
  }

  @Test
  void sayingNotGoingGivesTheSeatAwayWithAMail() throws Exception {
    Scene s = scene(1, 0, 0);
    var r = server.patchJson("/api/v1/rsvps/" + s.get(0).getString("token"),
        new JsonObject().put("response", "not_going"));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertPromoted(s, 1);
  }

  @Test
  void fewerGuestsFreeSeatsForTheNextInLineWithAMail() throws Exception {
    Scene s = scene(2, 1, 0, 0);
    var r = server.patchJson("/api/v1/rsvps/" + s.get(0).getString("token"),
        new JsonObject().put("guests", 0));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertPromoted(s, 1);
  }

  @Test
  void anOrganizerRemovingSomeoneGivesTheSeatAwayWithAMail() throws Exception {
    Scene s = scene(1, 0, 0, 0);
    var r = server.delete("/api/v1/events/" + s.event() + "/rsvps/" + s.get(0).getString("id"),
        "Authorization", bearer);
    assertEquals(204, r.statusCode(), r.bodyAsString());
    assertPromoted(s, 1);
  }

  @Test
  void raisingTheCapacityMailsEveryoneItSeats() throws Exception {
    Scene s = scene(1, 0, 0, 1, 0);
    // two more seats for a line of 1, 2 and 1 seats: the pair does not fit after the first,
    // the one behind them does
    var r = server.patchJson("/api/v1/events/" + s.event(), new JsonObject().put("capacity", 3),
        "Authorization", bearer);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertPromoted(s, 1, 3);
  }

  @Test
  void removingTheLimitMailsTheWholeWaitlist() throws Exception {
    Scene s = scene(1, 0, 0, 2);
    var r = server.patchJson("/api/v1/events/" + s.event(), new JsonObject().putNull("capacity"),
        "Authorization", bearer);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertPromoted(s, 1, 2);
  }

  @Test
  void promotingByHandMailsThatPerson() throws Exception {
    Scene s = scene(1, 0, 0, 0);
    var r = server.postJson("/api/v1/events/" + s.event() + "/rsvps/" + s.get(2).getString("id")
        + "/promote", new JsonObject(), "Authorization", bearer);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertPromoted(s, 2);
  }

  @Test
  void erasingYourselfBeforeTheEventGivesTheSeatAwayWithAMail() throws Exception {
    Scene s = scene(1, 0, 0);
    var r = server.postJson("/api/v1/rsvps/" + s.get(0).getString("token") + "/erase",
        new JsonObject());
    assertEquals(204, r.statusCode(), r.bodyAsString());
    assertPromoted(s, 1);
  }

  // the web forms run the same store operations; these keep it that way

  @Test
  void cancellingOnTheManagePageGivesTheSeatAwayWithAMail() throws Exception {
    Scene s = scene(1, 0, 0);
    String manage = "/r/" + s.get(0).getString("token");
    var r = new WebSession(server).submit(manage, manage + "/cancel");
    assertEquals(303, r.statusCode(), r.bodyAsString());
    assertPromoted(s, 1);
  }

  @Test
  void removingAndPromotingOnTheAttendeesPageMailEachPromotedPerson() throws Exception {
    Scene s = scene(1, 0, 0, 0);
    WebSession organizer = new WebSession(server);
    assertEquals(302, organizer.logIn("promotions@example.org", "correct horse battery")
        .statusCode());
    String page = "/organize/e/" + s.event() + "/attendees";
    var removed = organizer.submit(page, page + "/" + s.get(0).getString("id") + "/remove");
    assertEquals(302, removed.statusCode(), removed.bodyAsString());
    var promoted = organizer.submit(page, page + "/" + s.get(2).getString("id") + "/promote");
    assertEquals(302, promoted.statusCode(), promoted.bodyAsString());
    assertPromoted(s, 1, 2);
  }

  /** Exactly the RSVPs at {@code promoted} are going and have one promoted mail each. */
  static void assertPromoted(Scene s, int... promoted) throws Exception {
    java.util.Set<Integer> expected = new java.util.HashSet<>();
    for (int i : promoted) expected.add(i);
    for (int i = 0; i < s.rsvps().size(); i++) {
      JsonObject r = s.get(i);
      if (!"waitlisted".equals(r.getString("status"))) {
        assertEquals(false, expected.contains(i), "person " + i + " was not on the waitlist");
        continue;
      }
      String now = server.get("/api/v1/rsvps/" + r.getString("token")).bodyAsJsonObject()
          .getString("status");
      boolean wasPromoted = expected.contains(i);
      assertEquals(wasPromoted ? "going" : "waitlisted", now, "person " + i);
      assertEquals(wasPromoted ? 1 : 0, promotedMails(r.getString("id")),
          "promoted mails for person " + i);
    }
  }

  static int promotedMails(String rsvpId) throws Exception {
    var db = server.db;
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      var ps = c.prepareStatement(
          "SELECT count(*) FROM outbox WHERE kind = 'promoted' AND rsvp_id = ?::uuid");
      ps.setString(1, rsvpId);
      ResultSet rs = ps.executeQuery();
      rs.next();
      return rs.getInt(1);
    }
  }
}
