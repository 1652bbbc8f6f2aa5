package org.convene.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.convene.TestServer;
import org.convene.WebSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GroupsTest {
  static TestServer server;
  static String owner;
  static String stranger;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    owner = "Bearer " + server.organizerToken("owner@example.org");
    stranger = "Bearer " + server.organizerToken("stranger@example.org");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject group(String slug) {
    return new JsonObject().put("slug", slug).put("name", "Group " + slug).put("kind", "alumni");
  }

  @Test
  void creatingAGroupAnswersItsAddresses() {
    var r = server.postJson("/api/v1/groups", group("hamburg-alumni")
        .put("description", "We meet monthly."), "Authorization", owner);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    JsonObject g = r.bodyAsJsonObject();
    assertEquals("hamburg-alumni", g.getString("slug"));
    assertEquals("alumni", g.getString("kind"));
    assertEquals(server.baseUrl + "/g/hamburg-alumni", g.getString("url"));
    assertEquals(server.baseUrl + "/g/hamburg-alumni/calendar.ics", g.getString("calendarUrl"));
    assertEquals(g, server.get("/api/v1/groups/hamburg-alumni").bodyAsJsonObject());
    var page = server.get("/g/hamburg-alumni");
    assertEquals(200, page.statusCode());
    assertTrue(page.bodyAsString().contains("We meet monthly."));
  }

  @Test
  void creatingAGroupNeedsAToken() {
    assertEquals(401, server.postJson("/api/v1/groups", group("no-token")).statusCode());
    assertEquals(404, server.get("/api/v1/groups/no-token").statusCode());
  }

  @Test
  void badSlugsAreRefusedWithTheFieldNamed() {
    for (String slug : new String[] {"ab", "Caps-Here", "under_score", "-dash", "x".repeat(61)}) {
      var r = server.postJson("/api/v1/groups", group(slug), "Authorization", owner);
      assertEquals(400, r.statusCode(), slug);
      assertTrue(r.bodyAsJsonObject().getJsonObject("details").containsKey("slug"), slug);
    }
    var kind = server.postJson("/api/v1/groups", group("kind-test").put("kind", "club"),
        "Authorization", owner);
    assertEquals(400, kind.statusCode());
    assertTrue(kind.bodyAsJsonObject().getJsonObject("details").containsKey("kind"));
  }

  @Test
  void aTakenSlugIs409() {
    assertEquals(201, server.postJson("/api/v1/groups", group("taken-slug"), "Authorization", owner)
        .statusCode());
    var r = server.postJson("/api/v1/groups", group("taken-slug"), "Authorization", stranger);
    assertEquals(409, r.statusCode());
    assertEquals("slug_taken", r.bodyAsJsonObject().getString("error"));
  }

  @Test
  void onlyOrganizersEditAGroup() {
    server.postJson("/api/v1/groups", group("edit-me"), "Authorization", owner);
    var denied = server.patchJson("/api/v1/groups/edit-me", new JsonObject().put("name", "Hijacked"),
        "Authorization", stranger);
    assertEquals(403, denied.statusCode());
    assertEquals(401, server.patchJson("/api/v1/groups/edit-me",
        new JsonObject().put("name", "Hijacked")).statusCode());
    var ok = server.patchJson("/api/v1/groups/edit-me", new JsonObject().put("name", "Edited")
        .put("kind", "professional"), "Authorization", owner);
    assertEquals(200, ok.statusCode(), ok.bodyAsString());
    assertEquals("Edited", ok.bodyAsJsonObject().getString("name"));
    assertEquals("professional", ok.bodyAsJsonObject().getString("kind"));
    assertEquals("Edited", server.get("/api/v1/groups/edit-me").bodyAsJsonObject().getString("name"));
    var slug = server.patchJson("/api/v1/groups/edit-me", new JsonObject().put("slug", "other"),
        "Authorization", owner);
    assertEquals(400, slug.statusCode(), "the address of a group does not change");
    assertEquals("unknown field", slug.bodyAsJsonObject().getJsonObject("details").getString("slug"));
  }

  @Test
  void anOwnerAddsOrganizersByEmailWithTheirRoles() {
    server.postJson("/api/v1/groups", group("team-group"), "Authorization", owner);
    String helper = "Bearer " + server.organizerToken("helper@example.org");
    String colleague = "Bearer " + server.organizerToken("colleague@example.org");

    var notOwner = server.postJson("/api/v1/groups/team-group/organizers",
        new JsonObject().put("email", "helper@example.org").put("role", "owner"),
        "Authorization", stranger);
    assertEquals(403, notOwner.statusCode());

    var unknown = server.postJson("/api/v1/groups/team-group/organizers",
        new JsonObject().put("email", "nobody-here@example.org"), "Authorization", owner);
    assertEquals(404, unknown.statusCode());
    var badRole = server.postJson("/api/v1/groups/team-group/organizers",
        new JsonObject().put("email", "helper@example.org").put("role", "admin"),
        "Authorization", owner);
    assertEquals(400, badRole.statusCode());

    var added = server.postJson("/api/v1/groups/team-group/organizers",
        new JsonObject().put("email", "Helper@Example.org").put("role", "checkin"),
        "Authorization", owner);
    assertEquals(201, added.statusCode(), added.bodyAsString());
    server.postJson("/api/v1/groups/team-group/organizers",
        new JsonObject().put("email", "colleague@example.org").put("role", "organizer"),
        "Authorization", owner);
    JsonArray list = server.get("/api/v1/groups/team-group/organizers", "Authorization", owner)
        .bodyAsJsonObject().getJsonArray("organizers");
    assertEquals(3, list.size());
    assertEquals("owner", list.getJsonObject(0).getString("role"));

    // a check-in helper sees the team but cannot change the group or publish events
    assertEquals(200, server.get("/api/v1/groups/team-group/organizers", "Authorization", helper)
        .statusCode());
    assertEquals(403, server.patchJson("/api/v1/groups/team-group",
        new JsonObject().put("name", "Helper's"), "Authorization", helper).statusCode());
    assertEquals(403, server.postJson("/api/v1/groups/team-group/events", new JsonObject()
        .put("title", "Helper party").put("startsAt", "2030-02-01T19:00")
        .put("endsAt", "2030-02-01T22:00").put("timeZone", "Europe/Berlin"),
        "Authorization", helper).statusCode());
    // an organizer edits and publishes, but does not manage the team
    assertEquals(200, server.patchJson("/api/v1/groups/team-group",
        new JsonObject().put("description", "Now with a description"), "Authorization", colleague)
        .statusCode());
    server.createEvent(colleague.substring(7), "team-group", new JsonObject());
    assertEquals(403, server.postJson("/api/v1/groups/team-group/organizers",
        new JsonObject().put("email", "stranger@example.org"), "Authorization", colleague)
        .statusCode());
    assertEquals(403, server.get("/api/v1/groups/team-group/organizers", "Authorization", stranger)
        .statusCode());
  }

  @Test
  void aGroupAlwaysKeepsAnOwner() {
    server.postJson("/api/v1/groups", group("owned-group"), "Authorization", owner);
    var demote = server.postJson("/api/v1/groups/owned-group/organizers",
        new JsonObject().put("email", "owner@example.org").put("role", "organizer"),
        "Authorization", owner);
    assertEquals(409, demote.statusCode(), demote.bodyAsString());
    assertEquals("last_owner", demote.bodyAsJsonObject().getString("error"));
    server.organizerToken("second-owner@example.org");
    assertEquals(201, server.postJson("/api/v1/groups/owned-group/organizers",
        new JsonObject().put("email", "second-owner@example.org").put("role", "owner"),
        "Authorization", owner).statusCode());
    assertEquals(201, server.postJson("/api/v1/groups/owned-group/organizers",
        new JsonObject().put("email", "owner@example.org").put("role", "organizer"),
        "Authorization", owner).statusCode(), "with a second owner, the first may step down");
  }

  @Test
  void groupsWorkOnTheWebFromTheDashboard() {
    WebSession web = new WebSession(server);
    web.signUp("webowner@example.org", "Web Owner", "a long passphrase");
    new WebSession(server).signUp("webhelper@example.org", "Web Helper", "a long passphrase");

    var bad = web.submit("/organize/groups/new", "/organize/groups", "slug", "Bad Slug",
        "name", "Lyon alumni", "kind", "community", "description", "Hello");
    assertEquals(400, bad.statusCode());
    String page = bad.bodyAsString();
    assertTrue(page.contains("value=\"Bad Slug\""), "typed slug kept");
    assertTrue(page.contains("value=\"Lyon alumni\""), "typed name kept");
    assertTrue(page.contains("value=\"community\" checked"), "chosen kind kept");
    assertTrue(page.contains(">Hello</textarea>"), "description kept");
    assertTrue(page.contains("id=\"slug-error\""));

    var ok = web.post("/organize/groups", "slug", "lyon-alumni", "name", "Lyon alumni",
        "kind", "community");
    assertEquals(302, ok.statusCode(), ok.bodyAsString());
    assertEquals("/organize/g/lyon-alumni", ok.getHeader("Location"));
    var dup = web.submit("/organize/groups/new", "/organize/groups", "slug", "lyon-alumni",
        "name", "Other", "kind", "alumni");
    assertEquals(400, dup.statusCode());
    assertTrue(dup.bodyAsString().contains("already uses this address"));

    var edit = web.submit("/organize/g/lyon-alumni", "/organize/g/lyon-alumni",
        "name", "Lyon Alumni Club", "kind", "alumni", "description", "Apéros");
    assertEquals(302, edit.statusCode());
    assertTrue(server.get("/g/lyon-alumni").bodyAsString().contains("Lyon Alumni Club"));

    var add = web.submit("/organize/g/lyon-alumni", "/organize/g/lyon-alumni/organizers",
        "email", "webhelper@example.org", "role", "checkin");
    assertEquals(302, add.statusCode());
    assertTrue(web.get("/organize/g/lyon-alumni").bodyAsString().contains("Web Helper"));
    var unknown = web.submit("/organize/g/lyon-alumni", "/organize/g/lyon-alumni/organizers",
        "email", "ghost@example.org", "role", "organizer");
    assertEquals(400, unknown.statusCode());
    assertTrue(unknown.bodyAsString().contains("id=\"memberEmail-error\""));

    WebSession helper = new WebSession(server);
    helper.logIn("webhelper@example.org", "a long passphrase");
    String helperView = helper.get("/organize/g/lyon-alumni").bodyAsString();
    assertFalse(helperView.contains("Group settings"), "a check-in helper gets no edit form");
    var helperEdit = helper.post("/organize/g/lyon-alumni", "name", "Taken over", "kind", "alumni");
    assertEquals(403, helperEdit.statusCode());
    assertEquals(403, helper.get("/organize/g/lyon-alumni/events/new").statusCode());

    WebSession other = new WebSession(server);
    other.signUp("webstranger@example.org", "Stranger", "a long passphrase");
    assertEquals(403, other.get("/organize/g/lyon-alumni").statusCode());
    other.get("/organize");
    assertEquals(403, other.post("/organize/g/lyon-alumni/organizers",
        "email", "webstranger@example.org", "role", "owner").statusCode());
  }
}
