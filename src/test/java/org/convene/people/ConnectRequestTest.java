package org.convene.people;

import static org.convene.people.Scene.form;
import static org.convene.people.Scene.connectMails;
import static org.convene.people.Scene.profile;
import static org.convene.people.Scene.rsvp;
import static org.convene.people.Scene.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Connect requests end to end: the request mail, the answer pages, the two mails after accept. */
class ConnectRequestTest {
  static TestServer server;
  static String owner;
  static String event;

  @BeforeAll
  static void scene() {
    server = TestServer.start();
    owner = server.organizerToken("connect-owner@people.test");
    server.createGroup(owner, "connect-group");
    // before the event, connect requests need the organizer's "who's going" list
    event = server.createEvent(owner, "connect-group", new JsonObject().put("title", "Spring panel")
        .put("whosGoing", true)).getString("id");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String answerLink(JsonObject mail, String answer) {
    Matcher m = Pattern.compile(Pattern.quote(server.baseUrl) + "(/c/[A-Za-z0-9_-]{32}/" + answer + ")")
        .matcher(mail.getJsonObject("payload").getString("text"));
    assertTrue(m.find(), "the mail has the " + answer + " link");
    return m.group(1);
  }

  static List<JsonObject> mailsSince(int before) {
    List<JsonObject> all = connectMails(server);
    return all.subList(before, all.size());
  }

  @Test
  void acceptingRevealsBothAddressesByMailAndNothingBefore() {
    JsonObject ada = rsvp(server, event, "Ada Byron", "ada.b@people.test", true, false,
        profile("Analyst", "Engines", List.of("find_mentor"), List.of("ai")));
    JsonObject grace = rsvp(server, event, "Grace Brewster", "grace.b@people.test", true, false,
        profile("Admiral", "Navy", List.of("offer_mentoring"), List.of("ai")));
    var web = new Scene.Browser(server);
    String page = web.body("/r/" + ada.getString("token") + "/people");
    assertTrue(page.contains("Ask to connect with Grace Brewster"));
    assertFalse(page.contains("grace.b@people.test"));

    int before = connectMails(server).size();
    var sent = web.post("/r/" + ada.getString("token") + "/people/" + grace.getString("id")
        + "/connect", form());
    assertEquals(302, sent.statusCode());
    List<JsonObject> request = mailsSince(before);
    assertEquals(1, request.size(), "one mail, to the person asked");
    JsonObject mail = request.get(0);
    assertEquals("grace.b@people.test", mail.getString("recipient"));
    assertEquals(grace.getString("id"), mail.getString("rsvpId"));
    JsonObject payload = mail.getJsonObject("payload");
    assertTrue(payload.getString("subject").contains("Ada Byron"));
    assertTrue(payload.getString("text").contains("Analyst"));
    assertTrue(payload.getString("html").contains("Ada Byron"));
    assertFalse(payload.encode().contains("ada.b@people.test"), "no address before both agree");
    assertEquals("connect-owner@people.test", payload.getString("replyTo"),
        "answers go to the organizer, not to the requester's address");
    assertTrue(web.body("/r/" + ada.getString("token") + "/people").contains("Connect request sent"));

    // opening the link shows a confirmation; a GET changes nothing
    String accept = answerLink(mail, "accept");
    var browser = new Scene.Browser(server);
    String confirm = browser.body(accept);
    assertTrue(confirm.contains("Accept and share emails"));
    browser.body(accept);
    assertEquals("pending", sql(server, "SELECT status FROM connect_requests WHERE target_id = $1",
        java.util.UUID.fromString(grace.getString("id"))).get(0).getString("status"));
    assertEquals(before + 1, connectMails(server).size());

    var accepted = browser.post(accept, form());
    assertEquals(200, accepted.statusCode());
    assertTrue(accepted.bodyAsString().contains("You are connected"));
    List<JsonObject> after = mailsSince(before + 1);
    assertEquals(2, after.size(), "one mail to each of the two");
    JsonObject toAda = after.stream().filter(m -> m.getString("recipient").equals("ada.b@people.test"))
        .findFirst().orElseThrow().getJsonObject("payload");
    JsonObject toGrace = after.stream().filter(m -> m.getString("recipient").equals("grace.b@people.test"))
        .findFirst().orElseThrow().getJsonObject("payload");
    assertTrue(toAda.getString("text").contains("grace.b@people.test"));
    assertTrue(toAda.getString("text").contains("You met at Spring panel"));
    assertEquals("grace.b@people.test", toAda.getString("replyTo"));
    assertTrue(toGrace.getString("text").contains("ada.b@people.test"));
    assertEquals("ada.b@people.test", toGrace.getString("replyTo"));
    assertFalse(toGrace.getString("text").contains("grace.b@people.test"),
        "each mail carries the other's address only");

    // after agreeing, each sees the other's address on the people page
    assertTrue(web.body("/r/" + ada.getString("token") + "/people").contains("grace.b@people.test"));
    // a second answer changes nothing and sends nothing
    var again = browser.post(accept, form());
    assertTrue(again.bodyAsString().contains("already answered"));
    assertEquals(before + 3, connectMails(server).size());
    // and the pair cannot ask again, either way round
    var dup = web.post("/r/" + grace.getString("token") + "/people/" + ada.getString("id")
        + "/connect", form());
    assertTrue(web.body(dup.getHeader("Location")).contains("already have a connect request"));
    assertEquals(before + 3, connectMails(server).size());
  }

  @Test
  void declineIsSilentAndAWithdrawnRequesterCannotBeAccepted() {
    JsonObject max = rsvp(server, event, "Max Planck", "max@people.test", true, true, null);
    JsonObject lise = rsvp(server, event, "Lise Meitner", "lise@people.test", true, false, null);
    JsonObject otto = rsvp(server, event, "Otto Hahn", "otto@people.test", true, false, null);
    var web = new Scene.Browser(server);
    int before = connectMails(server).size();
    web.post("/r/" + max.getString("token") + "/people/" + lise.getString("id") + "/connect", form());
    String decline = answerLink(mailsSince(before).get(0), "decline");
    var b = new Scene.Browser(server);
    b.get(decline);
    assertTrue(b.post(decline, form()).bodyAsString().contains("is not told"));
    assertEquals(before + 1, connectMails(server).size(), "no mail about a decline");
    assertTrue(web.body("/r/" + max.getString("token") + "/people").contains("Connect request sent"),
        "the requester sees no difference");

    // Otto asks Lise, then unlists himself: the old request can no longer reveal his address
    web.post("/r/" + otto.getString("token") + "/people/" + lise.getString("id") + "/connect", form());
    String accept = answerLink(mailsSince(before + 1).get(0), "accept");
    server.patchJson("/api/v1/rsvps/" + otto.getString("token"), new JsonObject().put("listed", false));
    b.get(accept);
    assertEquals(410, b.post(accept, form()).statusCode());
    assertEquals(before + 2, connectMails(server).size());
  }

  @Test
  void onlyListedAttendeesMayAskAndOnlyListedAttendeesMayBeAsked() {
    JsonObject shy = rsvp(server, event, "Shy Person", "shy@people.test", false, false, null);
    JsonObject open = rsvp(server, event, "Open Person", "open@people.test", true, false, null);
    var web = new Scene.Browser(server);
    web.get("/r/" + open.getString("token") + "/people");
    assertEquals(404, web.post("/r/" + open.getString("token") + "/people/" + shy.getString("id")
        + "/connect", form()).statusCode(), "an unlisted person cannot be asked");
    assertEquals(403, web.post("/r/" + shy.getString("token") + "/people/" + open.getString("id")
        + "/connect", form()).statusCode(), "an unlisted person cannot ask");
    assertEquals(404, web.post("/r/" + open.getString("token") + "/people/" + open.getString("id")
        + "/connect", form()).statusCode(), "nor ask themselves");
  }

  @Test
  void theSameFlowWorksThroughTheApi() {
    JsonObject ann = rsvp(server, event, "Ann Api", "ann.api@people.test", true, false, null);
    JsonObject ben = rsvp(server, event, "Ben Api", "ben.api@people.test", true, false, null);
    JsonObject shy = rsvp(server, event, "Shy Api", "shy.api@people.test", false, false, null);
    String ask = "/api/v1/rsvps/" + ann.getString("token") + "/connect-requests";
    assertEquals(400, server.postJson(ask, new JsonObject()).statusCode());
    assertEquals(404, server.postJson(ask, new JsonObject().put("rsvpId", shy.getString("id")))
        .statusCode(), "an unlisted person cannot be asked");
    assertEquals(403, server.postJson("/api/v1/rsvps/" + shy.getString("token") + "/connect-requests",
        new JsonObject().put("rsvpId", ann.getString("id"))).statusCode());
    int before = connectMails(server).size();
    assertEquals(201, server.postJson(ask, new JsonObject().put("rsvpId", ben.getString("id")))
        .statusCode());
    assertEquals(409, server.postJson(ask, new JsonObject().put("rsvpId", ben.getString("id")))
        .statusCode());
    String accept = answerLink(mailsSince(before).get(0), "accept");
    String api = "/api/v1/connect-requests/" + accept.substring(3);
    var first = server.postJson(api, new JsonObject());
    assertEquals(200, first.statusCode(), first.bodyAsString());
    assertEquals("accepted", first.bodyAsJsonObject().getString("status"));
    assertFalse(first.bodyAsJsonObject().getBoolean("alreadyAnswered"));
    assertEquals(before + 3, connectMails(server).size());
    var again = server.postJson(api.replace("/accept", "/decline"), new JsonObject());
    assertEquals("accepted", again.bodyAsJsonObject().getString("status"));
    assertTrue(again.bodyAsJsonObject().getBoolean("alreadyAnswered"));
    assertEquals(404, server.postJson("/api/v1/connect-requests/" + "x".repeat(32) + "/accept",
        new JsonObject()).statusCode());
    assertEquals(404, server.postJson(api.replace("/accept", "/maybe"), new JsonObject()).statusCode());
  }

  @Test
  void thereIsALimitPerPersonPerEvent() {
    String small = server.createEvent(owner, "connect-group", new JsonObject().put("whosGoing", true))
        .getString("id");
    JsonObject spammer = rsvp(server, small, "Spam Sender", "spam@people.test", true, false, null);
    var web = new Scene.Browser(server);
    web.get("/r/" + spammer.getString("token") + "/people");
    for (int i = 0; i <= PeopleRules.CONNECT_LIMIT; i++) {
      JsonObject target = rsvp(server, small, "Target " + i, "target" + i + "@people.test", true,
          false, null);
      var r = web.post("/r/" + spammer.getString("token") + "/people/" + target.getString("id")
          + "/connect", form());
      String expected = i < PeopleRules.CONNECT_LIMIT ? "done=sent" : "done=limit";
      assertTrue(r.getHeader("Location").endsWith(expected), i + ": " + r.getHeader("Location"));
    }
    assertEquals(PeopleRules.CONNECT_LIMIT, sql(server, "SELECT count(*) AS n FROM connect_requests "
        + "WHERE requester_id = $1", java.util.UUID.fromString(spammer.getString("id")))
        .get(0).getLong("n").intValue());
  }
}
