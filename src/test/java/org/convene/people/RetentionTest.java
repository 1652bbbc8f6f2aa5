package org.convene.people;

import static org.convene.people.Scene.bearer;
import static org.convene.people.Scene.form;
import static org.convene.people.Scene.rsvp;
import static org.convene.people.Scene.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Retention: the group setting, the daily erasure, and an attendee erasing their own data. */
class RetentionTest {
  static TestServer server;
  static String owner;

  @BeforeAll
  static void scene() {
    server = TestServer.start();
    owner = server.organizerToken("keep-owner@people.test");
    server.createGroup(owner, "short-memory");
    server.createGroup(owner, "long-memory");
    // The server's own daily run would race the explicit eraseDue() calls below; claim today's
    // run first so only the test erases.
    try {
      new PeopleStore(server.app.pool()).claimDaily(Retention.JOB).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Row row(JsonObject rsvp) {
    return sql(server, "SELECT * FROM rsvps WHERE id = $1", UUID.fromString(rsvp.getString("id"))).get(0);
  }

  @Test
  void theGroupSettingIsCheckedAndShownInTheApiAndOnTheSettingsPage() {
    String g = "/api/v1/groups/short-memory";
    assertEquals(400, server.patchJson(g, new JsonObject().put("retentionDays", 0), "Authorization",
        bearer(owner)).statusCode());
    assertEquals(400, server.patchJson(g, new JsonObject().put("retentionDays", "soon"),
        "Authorization", bearer(owner)).statusCode());
    var ok = server.patchJson(g, new JsonObject().put("retentionDays", 30), "Authorization", bearer(owner));
    assertEquals(200, ok.statusCode(), ok.bodyAsString());
    assertEquals(30, ok.bodyAsJsonObject().getInteger("retentionDays"));
    assertEquals(30, server.get(g).bodyAsJsonObject().getInteger("retentionDays"));

    var web = Scene.signedIn(server, "keep-owner@people.test");
    assertTrue(web.body("/organize/g/long-memory").contains("name=\"retentionDays\""));
    var bad = web.post("/organize/g/long-memory/retention", form("retentionDays", "-3"));
    assertEquals(400, bad.statusCode());
    assertTrue(bad.bodyAsString().contains("id=\"retentionDays-error\""));
    assertEquals(302, web.post("/organize/g/long-memory/retention", form("retentionDays", "400"))
        .statusCode());
    assertEquals(400, server.get("/api/v1/groups/long-memory").bodyAsJsonObject()
        .getInteger("retentionDays"));
    web.post("/organize/g/long-memory/retention", form("retentionDays", ""));
    assertNull(server.get("/api/v1/groups/long-memory").bodyAsJsonObject().getValue("retentionDays"),
        "empty keeps details");
  }

  @Test
  void detailsAreErasedNDaysAfterTheEventKeepingAnonymousCounts() throws Exception {
    server.patchJson("/api/v1/groups/short-memory", new JsonObject().put("retentionDays", 30),
        "Authorization", bearer(owner));
    // Ada asks Bob to connect before the event, on its "who's going" list
    String old = server.createEvent(owner, "short-memory", new JsonObject().put("whosGoing", true))
        .getString("id");
    String recent = server.createEvent(owner, "short-memory", new JsonObject()).getString("id");
    String kept = server.createEvent(owner, "long-memory", new JsonObject()).getString("id");
    JsonObject ada = rsvp(server, old, "Ada Old", "ada.old@people.test", true, true,
        Scene.profile("Analyst", "Engines", List.of("hiring"), List.of("ai")));
    JsonObject bob = rsvp(server, old, "Bob Old", "bob.old@people.test", true, true, null);
    JsonObject cy = rsvp(server, old, "Cy Old", "cy.old@people.test", false, false, null);
    JsonObject dee = rsvp(server, recent, "Dee Recent", "dee@people.test", true, true, null);
    JsonObject eve = rsvp(server, kept, "Eve Kept", "eve@people.test", true, true, null);
    var web = new Scene.Browser(server);
    web.get("/r/" + ada.getString("token") + "/people");
    web.post("/r/" + ada.getString("token") + "/people/" + bob.getString("id") + "/connect", form());
    server.postJson("/api/v1/events/" + old + "/checkins", new JsonObject().put("token",
        ada.getString("token")), "Authorization", bearer(owner));
    Scene.pastEvent(server, old, 31 * 24 + 3);
    Scene.pastEvent(server, recent, 10 * 24);
    Scene.pastEvent(server, kept, 400 * 24);

    PeopleStore store = new PeopleStore(server.app.pool());
    assertEquals(3, store.eraseDue().await(20, TimeUnit.SECONDS));

    Row a = row(ada);
    assertEquals("Erased", a.getString("name"));
    assertEquals("erased+" + ada.getString("id") + "@invalid", a.getString("email"));
    assertNull(a.getString("headline"));
    assertEquals(0, a.getArrayOfStrings("goals").length);
    assertFalse(a.getBoolean("listed"));
    assertNotNull(a.getOffsetDateTime("erased_at"));
    assertNotNull(a.getOffsetDateTime("checked_in_at"), "who came stays countable");
    assertEquals("going", a.getString("status"));
    assertEquals(0, sql(server, "SELECT count(*) AS n FROM connect_requests").get(0).getLong("n"));
    assertEquals(0, sql(server, "SELECT count(*) AS n FROM outbox WHERE recipient LIKE '%.old@%'")
        .get(0).getLong("n"), "no address left in the outbox either");
    assertEquals("Erased", row(cy).getString("name"));
    assertEquals(404, web.get("/r/" + ada.getString("token")).statusCode(), "the old link is dead");

    JsonObject counts = server.get("/api/v1/events/" + old + "/attendees", "Authorization",
        bearer(owner)).bodyAsJsonObject();
    assertEquals(0, counts.getJsonArray("attendees").size());
    assertEquals(3, counts.getJsonObject("counts").getInteger("attendees"));
    assertEquals(1, counts.getJsonObject("counts").getInteger("checkedIn"));

    assertEquals("Dee Recent", row(dee).getString("name"), "ten days is inside thirty");
    assertEquals("Eve Kept", row(eve).getString("name"), "a group without retention keeps details");
    assertEquals(0, store.eraseDue().await(20, TimeUnit.SECONDS), "nothing twice");
  }

  @Test
  void theDailyJobRunsOnceAcrossInstances() throws Exception {
    PeopleStore a = new PeopleStore(server.app.pool());
    PeopleStore b = new PeopleStore(server.app.pool());
    String job = "test-job-" + UUID.randomUUID();
    assertTrue(a.claimDaily(job).await(10, TimeUnit.SECONDS));
    assertFalse(b.claimDaily(job).await(10, TimeUnit.SECONDS));
    assertFalse(a.claimDaily(job).await(10, TimeUnit.SECONDS));
    sql(server, "UPDATE daily_jobs SET last_run_at = now() - interval '1 day' WHERE name = $1", job);
    assertTrue(b.claimDaily(job).await(10, TimeUnit.SECONDS), "the next day, one instance runs it again");
  }

  @Test
  void anAttendeeErasesTheirOwnDataAndTheirSeatGoesToTheWaitlist() {
    String event = server.createEvent(owner, "long-memory", new JsonObject().put("capacity", 1))
        .getString("id");
    JsonObject kim = rsvp(server, event, "Kim Leaving", "kim@people.test", true, true, null);
    JsonObject lou = rsvp(server, event, "Lou Waiting", "lou@people.test", true, true, null);
    assertEquals("waitlisted", lou.getString("status"));
    var web = new Scene.Browser(server);
    String manage = "/r/" + kim.getString("token");
    web.get(manage);
    var unconfirmed = web.post(manage + "/erase", form());
    assertEquals(302, unconfirmed.statusCode());
    assertTrue(web.body(unconfirmed.getHeader("Location")).contains("Tick the box to confirm"));
    assertEquals("Kim Leaving", row(kim).getString("name"), "nothing without the confirmation box");

    var erased = web.post(manage + "/erase", form("confirm", "1"));
    assertEquals(200, erased.statusCode());
    assertTrue(erased.bodyAsString().contains("Your details were erased"));
    Row k = row(kim);
    assertEquals("Erased", k.getString("name"));
    assertEquals("cancelled", k.getString("status"));
    assertEquals(0, sql(server, "SELECT count(*) AS n FROM outbox WHERE recipient = 'kim@people.test'")
        .get(0).getLong("n"));
    assertEquals("going", row(lou).getString("status"), "the seat went to the next in line");
    assertEquals(404, web.get(manage).statusCode());
    assertEquals(404, web.get(manage + "/people").statusCode());
    assertFalse(new Scene.Browser(server).body("/r/" + lou.getString("token") + "/people")
        .contains("Kim"));

    // the same through the API, after the event: the RSVP stays as a count of who came
    String past = server.createEvent(owner, "long-memory", new JsonObject()).getString("id");
    JsonObject max = rsvp(server, past, "Max Came", "max.came@people.test", true, true, null);
    server.postJson("/api/v1/events/" + past + "/checkins", new JsonObject().put("token",
        max.getString("token")), "Authorization", bearer(owner));
    Scene.pastEvent(server, past, 5);
    assertEquals(204, server.postJson("/api/v1/rsvps/" + max.getString("token") + "/erase",
        new JsonObject()).statusCode());
    Row m = row(max);
    assertEquals("Erased", m.getString("name"));
    assertEquals("going", m.getString("status"), "after the event, erasing does not rewrite history");
    assertNotNull(m.getOffsetDateTime("checked_in_at"));
    assertEquals(404, server.postJson("/api/v1/rsvps/" + max.getString("token") + "/erase",
        new JsonObject()).statusCode());
  }
}
