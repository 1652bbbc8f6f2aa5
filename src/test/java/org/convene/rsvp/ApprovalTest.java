package org.convene.rsvp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.convene.TestServer;
import org.convene.WebSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Events that need approval: answers wait as pending and hold no seat, the organizers approve
 * (the usual seat or waitlist rules, with the mail) or decline (with their message), and the
 * address and online link reach a person only once approved.
 */
class ApprovalTest {
  static final String ADDRESS = "Hidden Lane 7, Berlin";
  static final String ONLINE = "https://meet.example.org/dinner-room";
  static TestServer server;
  static String token;
  static String bearer;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    token = server.organizerToken("vetting@example.org");
    bearer = "Bearer " + token;
    server.createGroup(token, "dinners");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String approvalEvent(int capacity) {
    return server.createEvent(token, "dinners", new JsonObject().put("capacity", capacity)
        .put("approval", true).put("address", ADDRESS).put("onlineUrl", ONLINE)
        .put("guestsAllowed", 2)).getString("id");
  }

  static JsonObject answer(String event, String who, int guests) {
    var r = server.postJson("/api/v1/events/" + event + "/rsvps", new JsonObject()
        .put("name", "Person " + who).put("email", who + "@example.org").put("response", "going")
        .put("guests", guests));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    JsonObject created = r.bodyAsJsonObject();
    JsonObject own = server.open(server.mailedToken(event, who + "@example.org"));
    return own.put("created", created);
  }

  @Test
  void aPendingAnswerHoldsNoSeatAndSaysSo() throws Exception {
    String event = approvalEvent(2);
    JsonObject ada = answer(event, "ada-" + event, 1);
    assertEquals("pending", ada.getJsonObject("created").getString("status"));
    assertNull(ada.getJsonObject("created").getValue("waitlistPosition"));
    assertEquals("pending", ada.getString("status"));

    JsonObject e = server.get("/api/v1/events/" + event).bodyAsJsonObject();
    assertEquals(2, e.getInteger("seatsLeft"), "a pending party of two takes no seat");
    assertEquals(0, seatsHeld(event));
    assertEquals(List.of("rsvp_pending"), mailKinds(ada.getString("id")));

    // the next answer still finds both seats free: pending is not a reservation
    JsonObject bo = answer(event, "bo-" + event, 1);
    assertEquals("pending", bo.getString("status"));
    var list = server.get("/api/v1/events/" + event + "/rsvps", "Authorization", bearer)
        .bodyAsJsonObject();
    assertEquals(2, list.getJsonObject("counts").getInteger("pending"));
    assertEquals(0, list.getJsonObject("counts").getInteger("going"));
    assertEquals(2, list.getJsonObject("counts").getInteger("seatsLeft"));
    assertEquals(2, list.getJsonArray("items").size());
    assertEquals("pending", list.getJsonArray("items").getJsonObject(0).getString("status"));

    String csv = server.get("/api/v1/events/" + event + "/rsvps.csv", "Authorization", bearer)
        .bodyAsString();
    assertTrue(csv.contains("\"Person ada-" + event + "\",\"" + ("ada-" + event).toLowerCase() + "@example.org\",\"pending\""), csv);
  }

  @Test
  void theAddressAndOnlineLinkAreHiddenUntilApproved() throws Exception {
    String event = approvalEvent(5);
    JsonObject cy = answer(event, "cy-" + event, 0);
    String manage = "/r/" + cy.getString("token");

    String publicPage = server.get("/e/" + event).bodyAsString();
    assertFalse(publicPage.contains("Hidden Lane"), "the public page hides the address");
    assertTrue(publicPage.contains("Shared with approved guests"));
    assertNull(server.get("/api/v1/events/" + event).bodyAsJsonObject().getValue("address"));
    assertFalse(server.get("/e/" + event + "/event.ics").bodyAsString().contains("Hidden Lane"),
        "nor does the public calendar file");

    String before = server.get(manage).bodyAsString();
    assertFalse(before.contains("Hidden Lane"), "the pending person's page hides the address");
    assertFalse(before.contains(ONLINE));
    assertTrue(before.contains("waiting for their decision"), before);

    var ok = server.postJson("/api/v1/events/" + event + "/rsvps/" + cy.getString("id") + "/approve",
        new JsonObject(), "Authorization", bearer);
    assertEquals(200, ok.statusCode(), ok.bodyAsString());

    String after = server.get(manage).bodyAsString();
    assertTrue(after.contains("Hidden Lane 7, Berlin"), "approved: the address is shown");
    assertTrue(after.contains(ONLINE), "and, with a seat, the online link");
    // organizers always see it
    assertEquals(ADDRESS, server.get("/api/v1/events/" + event, "Authorization", bearer)
        .bodyAsJsonObject().getString("address"));
  }

  @Test
  void approvingSeatsThePartyWhenItFitsElseWaitlistsIt() throws Exception {
    String event = approvalEvent(2);
    JsonObject a = answer(event, "a-" + event, 1);
    JsonObject b = answer(event, "b-" + event, 0);

    var first = approve(event, a);
    assertEquals(200, first.statusCode(), first.bodyAsString());
    assertEquals("going", first.bodyAsJsonObject().getString("status"));
    assertEquals(2, seatsHeld(event));
    assertEquals(List.of("rsvp_pending", "rsvp_confirmation"), mailKinds(a.getString("id")));
    assertEquals(true, payloadOf(a.getString("id"), "rsvp_confirmation").getBoolean("approved"));

    var second = approve(event, b);
    assertEquals(200, second.statusCode(), second.bodyAsString());
    assertEquals("waitlisted", second.bodyAsJsonObject().getString("status"));
    assertEquals(1, second.bodyAsJsonObject().getInteger("waitlistPosition"));
    assertEquals(List.of("rsvp_pending", "waitlisted"), mailKinds(b.getString("id")));

    // approving twice is refused, and nothing changes
    var again = approve(event, a);
    assertEquals(409, again.statusCode());
    assertEquals("not_pending", again.bodyAsJsonObject().getString("error"));

    // the usual rules from here: a freed seat promotes the approved person in line
    assertEquals(204, server.delete("/api/v1/rsvps/" + a.getString("token")).statusCode());
    assertEquals("going", server.get("/api/v1/rsvps/" + b.getString("token")).bodyAsJsonObject()
        .getString("status"));
    assertEquals(1, seatsHeld(event));
  }

  @Test
  void decliningMailsTheOrganizersMessageAndHoldsNothing() throws Exception {
    String event = approvalEvent(3);
    JsonObject d = answer(event, "d-" + event, 0);
    var r = server.postJson("/api/v1/events/" + event + "/rsvps/" + d.getString("id") + "/decline",
        new JsonObject().put("message", "Sorry, members only this time."), "Authorization", bearer);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertEquals("declined", r.bodyAsJsonObject().getString("status"));
    assertEquals(List.of("rsvp_pending", "rsvp_declined"), mailKinds(d.getString("id")));
    assertEquals("Sorry, members only this time.",
        payloadOf(d.getString("id"), "rsvp_declined").getString("message"));
    assertEquals(0, seatsHeld(event));

    // the declined person cannot answer their way back in through the manage link
    var back = server.patchJson("/api/v1/rsvps/" + d.getString("token"),
        new JsonObject().put("guests", 0));
    assertEquals(409, back.statusCode(), back.bodyAsString());
    assertFalse(server.get("/r/" + d.getString("token")).bodyAsString().contains("Hidden Lane"));

    // without a body it declines too; unknown fields are named
    JsonObject e = answer(event, "e-" + event, 0);
    assertEquals(200, server.send(io.vertx.core.http.HttpMethod.POST, "/api/v1/events/" + event
        + "/rsvps/" + e.getString("id") + "/decline", null, "Authorization", bearer).statusCode());
    JsonObject f = answer(event, "f-" + event, 0);
    var bad = server.postJson("/api/v1/events/" + event + "/rsvps/" + f.getString("id")
        + "/decline", new JsonObject().put("note", "x"), "Authorization", bearer);
    assertEquals(400, bad.statusCode());
    assertTrue(bad.bodyAsJsonObject().getJsonObject("details").containsKey("note"));
    // only the event's organizers decide
    String stranger = server.organizerToken("stranger-" + event + "@example.org");
    assertEquals(403, server.postJson("/api/v1/events/" + event + "/rsvps/" + f.getString("id")
        + "/approve", new JsonObject(), "Authorization", "Bearer " + stranger).statusCode());
    assertEquals("pending", server.get("/api/v1/rsvps/" + f.getString("token"))
        .bodyAsJsonObject().getString("status"));
  }

  @Test
  void organizersApproveAndDeclineOnTheAttendeePage() throws Exception {
    String event = approvalEvent(4);
    JsonObject g = answer(event, "g-" + event, 0);
    JsonObject h = answer(event, "h-" + event, 0);
    WebSession organizer = new WebSession(server);
    assertEquals(302, organizer.logIn("vetting@example.org", "correct horse battery").statusCode());
    String page = "/organize/e/" + event + "/attendees";
    String html = organizer.get(page).bodyAsString();
    assertTrue(html.contains("Waiting for approval"), html);
    var approved = organizer.submit(page, page + "/" + g.getString("id") + "/approve");
    assertEquals(302, approved.statusCode(), approved.bodyAsString());
    var declined = organizer.submit(page, page + "/" + h.getString("id") + "/decline",
        "message", "Full of alumni from 1999, sorry!");
    assertEquals(302, declined.statusCode(), declined.bodyAsString());
    assertEquals("going", server.get("/api/v1/rsvps/" + g.getString("token")).bodyAsJsonObject()
        .getString("status"));
    assertEquals("Full of alumni from 1999, sorry!",
        payloadOf(h.getString("id"), "rsvp_declined").getString("message"));
  }

  @Test
  void theOrganizerFormTurnsApprovalOnAndOff() throws Exception {
    String event = server.createEvent(token, "dinners", new JsonObject()).getString("id");
    WebSession organizer = new WebSession(server);
    organizer.logIn("vetting@example.org", "correct horse battery");
    String form = "/organize/e/" + event;
    assertTrue(organizer.get(form).bodyAsString().contains("name=\"approval\""));
    var saved = organizer.submit(form, form, eventForm("approval", "1", "claimWindowHours", "12"));
    assertEquals(302, saved.statusCode(), saved.bodyAsString());
    JsonObject e = server.get("/api/v1/events/" + event).bodyAsJsonObject();
    assertEquals(true, e.getBoolean("approval"));
    assertEquals(12, e.getInteger("claimWindowHours"));
    var bad = organizer.submit(form, form, eventForm("claimWindowHours", "0"));
    assertEquals(400, bad.statusCode());
    assertTrue(bad.bodyAsString().contains("claim window is a whole number of hours"));
    // an unchecked box is off
    assertEquals(302, organizer.submit(form, form, eventForm("claimWindowHours", "")).statusCode());
    e = server.get("/api/v1/events/" + event).bodyAsJsonObject();
    assertEquals(false, e.getBoolean("approval"));
    assertNull(e.getValue("claimWindowHours"));
  }

  /** The whole event form, as a browser sends it, plus these fields. */
  static String[] eventForm(String... extra) {
    List<String> f = new ArrayList<>(List.of("title", "Winter mixer", "startsAt", "2030-01-15T18:30",
        "endsAt", "2030-01-15T21:00", "timeZone", "Europe/Berlin", "venue", "Alumni House",
        "guestsAllowed", "0", "status", "published"));
    f.addAll(List.of(extra));
    return f.toArray(new String[0]);
  }

  private static io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> approve(
      String event, JsonObject r) {
    return server.postJson("/api/v1/events/" + event + "/rsvps/" + r.getString("id") + "/approve",
        new JsonObject(), "Authorization", bearer);
  }

  static int seatsHeld(String event) throws Exception {
    try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement(
        "SELECT count(*) FROM seats WHERE event_id = ? AND rsvp_id IS NOT NULL")) {
      ps.setString(1, event);
      ResultSet rs = ps.executeQuery();
      rs.next();
      return rs.getInt(1);
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

  static JsonObject payloadOf(String rsvpId, String kind) throws Exception {
    try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement(
        "SELECT payload::text FROM outbox WHERE rsvp_id = ?::uuid AND kind = ? ORDER BY id DESC")) {
      ps.setString(1, rsvpId);
      ps.setString(2, kind);
      ResultSet rs = ps.executeQuery();
      assertTrue(rs.next(), "no " + kind + " mail");
      return new JsonObject(rs.getString(1));
    }
  }

  static Connection jdbc() throws Exception {
    return DriverManager.getConnection(server.db.jdbcUrl(), server.db.user(), server.db.password());
  }
}
