package org.convene.rsvp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RsvpApiTest {
  static TestServer server;
  static String token;
  static String bearer;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    token = server.organizerToken("rsvp-org@example.org");
    bearer = "Bearer " + token;
    server.createGroup(token, "rsvp-group");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String event(JsonObject extra) {
    return server.createEvent(token, "rsvp-group", extra).getString("id");
  }

  static JsonObject rsvp(String event, String email, String response, int guests) {
    var r = server.postJson("/api/v1/events/" + event + "/rsvps", new JsonObject()
        .put("name", "N " + email).put("email", email).put("response", response).put("guests", guests));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    assertNull(r.bodyAsJsonObject().getString("token"), "the private link goes by mail only");
    assertNull(r.bodyAsJsonObject().getString("manageUrl"));
    // as the person does: opens the link from the confirmation mail
    return server.open(server.mailedToken(event, email));
  }

  @Test
  void aSecondAnswerFromTheSameEmailChangesNothingAndMailsTheManageLink() throws Exception {
    String e = event(new JsonObject());
    JsonObject first = rsvp(e, "Dana@Example.org", "going", 0);
    assertEquals("dana@example.org", first.getString("email"));
    var again = server.postJson("/api/v1/events/" + e + "/rsvps", new JsonObject()
        .put("name", "Someone else").put("email", " DANA@example.ORG ").put("response", "not_going"));
    assertEquals(409, again.statusCode());
    assertEquals("already_registered", again.bodyAsJsonObject().getString("error"));
    JsonObject still = server.get("/api/v1/rsvps/" + first.getString("token")).bodyAsJsonObject();
    assertEquals("going", still.getString("status"));
    assertEquals("N Dana@Example.org", still.getString("name"));
    assertEquals(1, outboxCount(e, "already_registered", "dana@example.org"));
  }

  @Test
  void theManageTokenIsLongAndRandom() {
    String e = event(new JsonObject());
    String t1 = rsvp(e, "t1@example.org", "going", 0).getString("token");
    String t2 = rsvp(e, "t2@example.org", "going", 0).getString("token");
    assertTrue(t1.length() >= 22, "128 bits in base64url is 22 characters");
    assertFalse(t1.equals(t2));
  }

  @Test
  void badInputIsA400NamingTheField() {
    String e = event(new JsonObject().put("guestsAllowed", 1));
    var r = server.postJson("/api/v1/events/" + e + "/rsvps", new JsonObject()
        .put("name", "").put("email", "not-an-email").put("response", "perhaps").put("guests", 3)
        .put("colour", "blue").put("profile", new JsonObject().put("goals", new JsonArray().add("world_peace"))
            .put("url", "javascript:alert(1)").put("extra", 1)));
    assertEquals(400, r.statusCode());
    JsonObject d = r.bodyAsJsonObject().getJsonObject("details");
    assertTrue(d.containsKey("colour"), d.encode());
    assertTrue(d.containsKey("profile.extra"), d.encode());
    var typed = server.postJson("/api/v1/events/" + e + "/rsvps", new JsonObject()
        .put("name", "X").put("email", "x@example.org").put("response", "going").put("guests", "two"));
    assertEquals(400, typed.statusCode());
    assertTrue(typed.bodyAsJsonObject().getJsonObject("details").containsKey("guests"));
    var semantic = server.postJson("/api/v1/events/" + e + "/rsvps", new JsonObject()
        .put("name", "").put("email", "nope").put("response", "perhaps").put("guests", 3)
        .put("profile", new JsonObject().put("goals", new JsonArray().add("world_peace"))
            .put("url", "javascript:alert(1)")));
    assertEquals(400, semantic.statusCode());
    JsonObject s = semantic.bodyAsJsonObject().getJsonObject("details");
    for (String f : new String[] {"name", "email", "response", "guests", "goals", "profileUrl"}) {
      assertTrue(s.containsKey(f), f + " in " + s.encode());
    }
  }

  @Test
  void closedEventsStoreNothing() {
    String cancelled = event(new JsonObject());
    assertEquals(200, server.postJson("/api/v1/events/" + cancelled + "/cancel", new JsonObject(),
        "Authorization", bearer).statusCode());
    var r = server.postJson("/api/v1/events/" + cancelled + "/rsvps", new JsonObject()
        .put("name", "Late").put("email", "late@example.org").put("response", "going"));
    assertEquals(409, r.statusCode());
    assertEquals("rsvp_closed", r.bodyAsJsonObject().getString("error"));

    String pastDeadline = event(new JsonObject().put("startsAt", "2030-01-15T18:30")
        .put("rsvpDeadline", "2020-01-01T00:00"));
    var late = server.postJson("/api/v1/events/" + pastDeadline + "/rsvps", new JsonObject()
        .put("name", "Late").put("email", "late@example.org").put("response", "going"));
    assertEquals(409, late.statusCode());
    var list = server.get("/api/v1/events/" + pastDeadline + "/rsvps", "Authorization", bearer);
    assertEquals(0, list.bodyAsJsonObject().getJsonArray("items").size());

    String draft = event(new JsonObject().put("status", "draft"));
    assertEquals(404, server.postJson("/api/v1/events/" + draft + "/rsvps", new JsonObject()
        .put("name", "X").put("email", "x@example.org").put("response", "going")).statusCode());
  }

  @Test
  void fewerGuestsOrCancellingFreesSeatsForTheFirstInLineWhosePartyFits() throws Exception {
    String e = event(new JsonObject().put("capacity", 4).put("guestsAllowed", 3));
    JsonObject big = rsvp(e, "big@example.org", "going", 3);
    assertEquals("going", big.getString("status"));
    JsonObject trio = rsvp(e, "trio@example.org", "going", 2);
    JsonObject solo = rsvp(e, "solo@example.org", "going", 0);
    assertEquals(1, trio.getInteger("waitlistPosition"));
    assertEquals(2, solo.getInteger("waitlistPosition"));

    // two seats free: the trio (3) does not fit, the solo behind them does
    var patched = server.patchJson("/api/v1/rsvps/" + big.getString("token"),
        new JsonObject().put("guests", 1));
    assertEquals(200, patched.statusCode(), patched.bodyAsString());
    assertEquals("going", status(solo));
    assertEquals("waitlisted", status(trio));
    assertEquals(1, server.get("/api/v1/rsvps/" + trio.getString("token")).bodyAsJsonObject()
        .getInteger("waitlistPosition"));

    // more guests than free seats is refused and changes nothing
    var greedy = server.patchJson("/api/v1/rsvps/" + solo.getString("token"),
        new JsonObject().put("guests", 3));
    assertEquals(409, greedy.statusCode());
    assertEquals(0, server.get("/api/v1/rsvps/" + solo.getString("token")).bodyAsJsonObject().getInteger("guests"));

    // cancelling the big party frees 2 + 1 = 3 seats: now the trio fits
    assertEquals(204, server.delete("/api/v1/rsvps/" + big.getString("token")).statusCode());
    assertEquals("going", status(trio));
    assertEquals("cancelled", status(big));
    assertEquals(1, outboxCount(e, "promoted", "trio@example.org"));
  }

  @Test
  void organizersRaiseCapacityRemoveAndPromoteByHand() {
    String e = event(new JsonObject().put("capacity", 1));
    JsonObject a = rsvp(e, "a@example.org", "going", 0);
    JsonObject b = rsvp(e, "b@example.org", "going", 0);
    JsonObject c = rsvp(e, "c@example.org", "going", 0);
    assertEquals("waitlisted", status(b));

    var lower = server.patchJson("/api/v1/events/" + e, new JsonObject().put("capacity", 1),
        "Authorization", bearer);
    assertEquals(200, lower.statusCode());
    var raise = server.patchJson("/api/v1/events/" + e, new JsonObject().put("capacity", 2),
        "Authorization", bearer);
    assertEquals(200, raise.statusCode());
    assertEquals("going", status(b), "raising capacity promotes at once");
    var tooLow = server.patchJson("/api/v1/events/" + e, new JsonObject().put("capacity", 1),
        "Authorization", bearer);
    assertEquals(409, tooLow.statusCode());
    assertEquals("capacity_below_taken", tooLow.bodyAsJsonObject().getString("error"));

    String cId = server.get("/api/v1/rsvps/" + c.getString("token")).bodyAsJsonObject().getString("id");
    var promoted = server.postJson("/api/v1/events/" + e + "/rsvps/" + cId + "/promote",
        new JsonObject(), "Authorization", bearer);
    assertEquals(200, promoted.statusCode(), promoted.bodyAsString());
    assertEquals("going", status(c));
    assertEquals(3, server.get("/api/v1/events/" + e).bodyAsJsonObject().getInteger("capacity"),
        "promoting by hand into a full event grows the capacity by the party");

    String aId = server.get("/api/v1/rsvps/" + a.getString("token")).bodyAsJsonObject().getString("id");
    assertEquals(204, server.delete("/api/v1/events/" + e + "/rsvps/" + aId,
        "Authorization", bearer).statusCode());
    assertEquals("cancelled", status(a));
    JsonObject counts = server.get("/api/v1/events/" + e + "/rsvps", "Authorization", bearer)
        .bodyAsJsonObject().getJsonObject("counts");
    assertEquals(2, counts.getInteger("going"));
    assertEquals(1, counts.getInteger("seatsLeft"));
  }

  @Test
  void onlyTheGroupsOrganizersSeeTheListAndTheCsv() {
    String e = event(new JsonObject());
    rsvp(e, "=cmd@example.org", "going", 0);
    server.patchJson("/api/v1/rsvps/" + rsvp(e, "evil@example.org", "going", 0).getString("token"),
        new JsonObject().put("name", "=HYPERLINK(\"http://x\")"));
    String stranger = server.organizerToken("stranger@example.org");
    assertEquals(403, server.get("/api/v1/events/" + e + "/rsvps", "Authorization", "Bearer " + stranger).statusCode());
    assertEquals(401, server.get("/api/v1/events/" + e + "/rsvps").statusCode());
    assertEquals(403, server.get("/api/v1/events/" + e + "/rsvps.csv", "Authorization", "Bearer " + stranger).statusCode());
    var csv = server.get("/api/v1/events/" + e + "/rsvps.csv", "Authorization", bearer);
    assertEquals(200, csv.statusCode());
    assertTrue(csv.getHeader("Content-Type").startsWith("text/csv"));
    String body = csv.bodyAsString();
    assertTrue(body.startsWith("\uFEFF\"Name\",\"Email\",\"Status\""), body);
    assertTrue(body.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), body);
    assertTrue(body.contains("\"'=cmd@example.org\""), body);
  }

  @Test
  void changingSharingChoicesKeepsTheAnswerAndMailsNothing() throws Exception {
    String e = event(new JsonObject());
    JsonObject r = rsvp(e, "sharer@example.org", "going", 0);
    assertFalse(r.getBoolean("listed"), "nothing is shared by default");
    assertFalse(r.getBoolean("shareEmail"));
    var p = server.patchJson("/api/v1/rsvps/" + r.getString("token"), new JsonObject()
        .put("listed", true).put("profile", new JsonObject().put("headline", "Engineer")
            .put("goals", new JsonArray().add("hiring")).put("topics", new JsonArray().add(" Climate Tech "))));
    assertEquals(200, p.statusCode(), p.bodyAsString());
    JsonObject j = p.bodyAsJsonObject();
    assertTrue(j.getBoolean("listed"));
    assertEquals("climate tech", j.getJsonObject("profile").getJsonArray("topics").getString(0));
    assertEquals(1, outboxCount(e, "rsvp_confirmation", "sharer@example.org"));
    var email = server.patchJson("/api/v1/rsvps/" + r.getString("token"),
        new JsonObject().put("email", "other@example.org"));
    assertEquals(400, email.statusCode());
    assertNull(server.get("/api/v1/rsvps/not-a-real-token-at-all").bodyAsJsonObject().getString("status"));
  }

  static String status(JsonObject created) {
    return server.get("/api/v1/rsvps/" + created.getString("token")).bodyAsJsonObject().getString("status");
  }

  static int outboxCount(String event, String kind, String recipient) throws Exception {
    var db = server.db;
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
      var ps = c.prepareStatement(
          "SELECT count(*) FROM outbox WHERE event_id = ? AND kind = ? AND recipient = ?");
      ps.setString(1, event);
      ps.setString(2, kind);
      ps.setString(3, recipient);
      ResultSet rs = ps.executeQuery();
      rs.next();
      return rs.getInt(1);
    }
  }
}
