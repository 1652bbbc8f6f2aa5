package org.convene.rsvp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.convene.TestServer;
import org.convene.core.Redact;
import org.convene.WebSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "RSVP to all upcoming" of a weekly series, through the API and the web form: one ordinary
 * RSVP per open date (each its own seat or place in line and private link, the answers to the
 * questions stored with each), drafts and dates already answered left alone, and a mistake
 * stores nothing on any date.
 */
class SeriesRsvpTest {
  static TestServer server;
  static String owner;
  static int counter;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    owner = server.organizerToken("series-rsvp-owner@example.org");
    server.createGroup(owner, "series-rsvp-club");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String email(String who) {
    return who + "." + (++counter) + "@series-rsvp.test";
  }

  /** A weekly series of four, one seat each, asking a required question; answers its dates. */
  static JsonObject series() {
    JsonObject first = server.createEvent(owner, "series-rsvp-club", new JsonObject()
        .put("title", "Tuesday run " + (++counter)).put("capacity", 1)
        .put("startsAt", "2030-03-05T19:00").put("endsAt", "2030-03-05T20:00")
        .put("questions", new JsonArray().add(new JsonObject().put("id", "pace")
            .put("label", "Your pace").put("kind", "one").put("required", true)
            .put("options", new JsonArray().add("Easy").add("Fast")))));
    var r = server.postJson("/api/v1/events/" + first.getString("id") + "/series",
        new JsonObject().put("every", "week").put("count", 4), "Authorization", "Bearer " + owner);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  static List<String> dates(JsonObject s) {
    return s.getJsonArray("occurrences").stream()
        .map(o -> ((JsonObject) o).getString("id")).toList();
  }

  static int rsvpsWith(List<String> events, String address) {
    int n = 0;
    for (String e : events) if (server.mailedToken(e, address) != null) n++;
    return n;
  }

  @Test
  void oneRequestAnswersEveryDateEachWithItsOwnSeatOrPlaceInLine() {
    JsonObject s = series();
    List<String> ids = dates(s);
    assertEquals(4, ids.size());
    // someone already holds the only seat of the second date
    String early = email("early");
    assertEquals(201, server.postJson("/api/v1/events/" + ids.get(1) + "/rsvps", new JsonObject()
        .put("name", "Early").put("email", early).put("response", "going")
        .put("answers", new JsonObject().put("pace", "Fast"))).statusCode());

    String ada = email("ada");
    var r = server.postJson("/api/v1/series/" + s.getString("id") + "/rsvps", new JsonObject()
        .put("name", "Ada").put("email", ada).put("response", "going")
        .put("answers", new JsonObject().put("pace", "Easy")));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    JsonObject body = r.bodyAsJsonObject();
    assertEquals(Redact.maskedEmail(ada), body.getString("linkSentTo"),
        "the address is masked, the links go by mail");
    assertTrue(!body.encode().contains("token"), "no private link in the answer");
    JsonArray results = body.getJsonArray("results");
    assertEquals(4, results.size());
    for (int i = 0; i < 4; i++) {
      JsonObject one = results.getJsonObject(i);
      assertEquals(ids.get(i), one.getString("event"));
      assertEquals(i == 1 ? "waitlisted" : "going", one.getString("status"), one.encode());
    }
    assertEquals(1, results.getJsonObject(1).getInteger("waitlistPosition"));

    // four separate RSVPs, four different private links, each with the answer
    java.util.Set<String> tokens = new java.util.HashSet<>();
    for (String e : ids) {
      String token = server.mailedToken(e, ada);
      assertNotNull(token);
      tokens.add(token);
      JsonObject mine = server.open(token);
      assertEquals("Easy", mine.getJsonObject("answers").getString("pace"), mine.encode());
    }
    assertEquals(4, tokens.size());

    // again: every date is already answered, nothing new is stored
    var again = server.postJson("/api/v1/series/" + s.getString("id") + "/rsvps", new JsonObject()
        .put("name", "Ada").put("email", ada).put("response", "going")
        .put("answers", new JsonObject().put("pace", "Easy")));
    assertEquals(201, again.statusCode(), again.bodyAsString());
    for (Object o : again.bodyAsJsonObject().getJsonArray("results")) {
      assertEquals("already_registered", ((JsonObject) o).getString("error"));
    }
    var listed = server.get("/api/v1/events/" + ids.get(0) + "/rsvps",
        "Authorization", "Bearer " + owner).bodyAsJsonObject();
    assertEquals(1, listed.getJsonObject("counts").getInteger("going"), listed.encode());
  }

  @Test
  void aMistakeStoresNothingOnAnyDateAndTheQuestionIsNamed() {
    JsonObject s = series();
    List<String> ids = dates(s);
    String bob = email("bob");
    var r = server.postJson("/api/v1/series/" + s.getString("id") + "/rsvps", new JsonObject()
        .put("name", "Bob").put("email", bob).put("response", "going"));
    assertEquals(400, r.statusCode(), r.bodyAsString());
    assertTrue(r.bodyAsJsonObject().getJsonObject("details").containsKey("answers.pace"),
        r.bodyAsString());
    var bad = server.postJson("/api/v1/series/" + s.getString("id") + "/rsvps", new JsonObject()
        .put("name", "").put("email", "not-an-address").put("response", "going")
        .put("answers", new JsonObject().put("pace", "Easy")));
    assertEquals(400, bad.statusCode());
    assertEquals(0, rsvpsWith(ids, bob));
    assertEquals(404, server.postJson("/api/v1/series/nosuchseries0000/rsvps", new JsonObject()
        .put("name", "Bob").put("email", bob).put("response", "going")).statusCode());
  }

  @Test
  void theWebFormAnswersEveryPublishedDateAndLeavesDraftsAlone() {
    JsonObject s = series();
    List<String> ids = dates(s);
    // the organizer takes the last date back to draft: no one may answer it
    var draft = server.patchJson("/api/v1/events/" + ids.get(3),
        new JsonObject().put("status", "draft"), "Authorization", "Bearer " + owner);
    assertEquals(200, draft.statusCode(), draft.bodyAsString());

    WebSession web = new WebSession(server);
    String path = "/s/" + s.getString("id") + "/rsvp";
    var page = web.get("/s/" + s.getString("id"));
    assertTrue(page.bodyAsString().contains(path), "the series page offers RSVP to all");
    var form = web.get(path);
    assertEquals(200, form.statusCode());
    assertTrue(form.bodyAsString().contains("3 dates open to RSVPs"), form.bodyAsString());
    assertTrue(form.bodyAsString().contains("Your pace"));

    String cy = email("cy");
    var missing = web.post(path, "name", "Cy", "email", cy, "response", "going");
    assertEquals(400, missing.statusCode());
    assertTrue(missing.bodyAsString().contains("Your pace"));
    assertTrue(missing.bodyAsString().contains("value=\"" + cy + "\""), "what was typed stays");
    assertEquals(0, rsvpsWith(ids, cy));

    var sent = web.submit(path, path, "name", "Cy", "email", cy, "response", "maybe",
        "answer.pace", "Fast");
    assertEquals(201, sent.statusCode(), sent.bodyAsString());
    assertTrue(sent.bodyAsString().contains("Check your inbox"));
    assertTrue(!sent.bodyAsString().contains(cy), "the address is shown masked");
    assertEquals(3, rsvpsWith(ids.subList(0, 3), cy));
    assertNull(server.mailedToken(ids.get(3), cy), "the draft date is left alone");
    assertEquals("maybe", server.open(server.mailedToken(ids.get(0), cy)).getString("response"));
  }
}
