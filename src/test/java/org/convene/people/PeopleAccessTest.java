package org.convene.people;

import static org.convene.people.Scene.bearer;
import static org.convene.people.Scene.profile;
import static org.convene.people.Scene.rsvp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ezvcard.Ezvcard;
import ezvcard.VCard;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The access matrix: organizer, check-in helper, listed attendee, unlisted attendee, attendee of
 * another event, anonymous (and an organizer of another group) against every page, API call and
 * export that shows people. Nobody sees more than the rules allow.
 */
class PeopleAccessTest {
  static TestServer server;
  static String owner;
  static String helper;
  static String stranger;
  static String event;
  static String otherEvent;
  static JsonObject ada;    // listed, shares email
  static JsonObject grace;  // listed, keeps email private
  static JsonObject linus;  // not listed
  static JsonObject carl;   // listed, then cancelled
  static JsonObject bob;    // listed, at the other event

  static final String LINUS_NAME = "Linus Unlisted";
  static final String CARL_NAME = "Carl Cancelled";
  static final String BOB_NAME = "Bob Elsewhere";

  @BeforeAll
  static void scene() {
    server = TestServer.start();
    owner = server.organizerToken("owner@people.test");
    helper = server.organizerToken("helper@people.test");
    stranger = server.organizerToken("stranger@people.test");
    server.createGroup(owner, "people-access");
    server.createGroup(stranger, "stranger-group");
    Scene.addMember(server, owner, "people-access", "helper@people.test", "checkin");
    // before the event the attendees see each other only on a "who's going" list
    event = server.createEvent(owner, "people-access", new JsonObject().put("whosGoing", true))
        .getString("id");
    otherEvent = server.createEvent(owner, "people-access", new JsonObject().put("title", "Other")
        .put("whosGoing", true)).getString("id");
    ada = rsvp(server, event, "Ada Lovelace", "ada@people.test", true, true,
        profile("Analyst", "Engines Ltd", List.of("find_mentor"), List.of("climate tech")));
    grace = rsvp(server, event, "Grace Hopper", "grace@people.test", true, false,
        profile("Admiral", "Navy", List.of("offer_mentoring"), List.of("climate tech")));
    linus = rsvp(server, event, LINUS_NAME, "linus@people.test", false, true,
        profile("Kernel hacker", "Self", List.of("hiring"), List.of()));
    carl = rsvp(server, event, CARL_NAME, "carl@people.test", true, true, null);
    assertEquals(204, server.delete("/api/v1/rsvps/" + carl.getString("token")).statusCode());
    bob = rsvp(server, otherEvent, BOB_NAME, "bob@people.test", true, true, null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Nothing about anyone who has not opted in to this viewer. */
  static void showsNoPrivateDetails(String body) {
    for (String secret : List.of(LINUS_NAME, "linus@people.test", CARL_NAME, "carl@people.test",
        "grace@people.test", BOB_NAME, "bob@people.test")) {
      assertFalse(body.contains(secret), "leaked " + secret);
    }
  }

  /** Counts only: no attendee names or emails at all. */
  static void showsCountsOnly(String body) {
    showsNoPrivateDetails(body);
    for (String name : List.of("Ada Lovelace", "Grace Hopper", "ada@people.test")) {
      assertFalse(body.contains(name), "leaked " + name);
    }
  }

  static String token(JsonObject rsvp) {
    return rsvp.getString("token");
  }

  // ---- organizer ----

  @Test
  void organizerSeesEveryoneWithEmailsOnThePageTheApiAndTheCsv() {
    var web = Scene.signedIn(server, "owner@people.test");
    String page = web.body("/e/" + event + "/people");
    for (String s : List.of("Ada Lovelace", "Grace Hopper", LINUS_NAME, "linus@people.test",
        "grace@people.test", "ada@people.test")) {
      assertTrue(page.contains(s), "organizer sees " + s);
    }
    assertFalse(page.contains(CARL_NAME), "a cancelled RSVP is not an attendee");
    assertFalse(page.contains(BOB_NAME), "another event's attendee is not here");

    var api = server.get("/api/v1/events/" + event + "/attendees", "Authorization", bearer(owner));
    assertEquals(200, api.statusCode());
    JsonArray all = api.bodyAsJsonObject().getJsonArray("attendees");
    assertEquals(3, all.size());
    for (Object o : all) assertTrue(((JsonObject) o).getString("email").endsWith("@people.test"));

    assertEquals(200, web.get("/organize/e/" + event + "/attendees.csv").statusCode());
    assertEquals(200, server.get("/api/v1/events/" + event + "/rsvps.csv", "Authorization",
        bearer(owner)).statusCode());
    assertEquals(200, web.get("/organize/e/" + event + "/checkin").statusCode());
  }

  // ---- check-in helper ----

  @Test
  void checkInHelperSeesNamesForCheckInButNoEmailsOrExports() {
    var web = Scene.signedIn(server, "helper@people.test");
    String checkin = web.body("/organize/e/" + event + "/checkin");
    assertTrue(checkin.contains("Ada Lovelace") && checkin.contains(LINUS_NAME),
        "the helper finds everyone expected by name");
    for (String email : List.of("ada@", "grace@", "linus@")) {
      assertFalse(checkin.contains(email), "but no emails");
    }
    assertFalse(checkin.contains(CARL_NAME), "cancelled RSVPs are not expected at the door");
    assertTrue(checkin.contains("aria-label=\"Check in Ada Lovelace\""));
    assertFalse(checkin.contains("name=\"_csrf\" value=\"\""), "every form carries the CSRF token");

    String people = web.body("/e/" + event + "/people");
    showsCountsOnly(people);
    assertTrue(people.contains("/organize/e/" + event + "/checkin"), "points the helper to check-in");

    var csv = web.get("/organize/e/" + event + "/attendees.csv");
    assertEquals(403, csv.statusCode());
    assertEquals(403, server.get("/api/v1/events/" + event + "/rsvps.csv", "Authorization",
        bearer(helper)).statusCode());
    assertEquals(403, server.get("/api/v1/events/" + event + "/attendees", "Authorization",
        bearer(helper)).statusCode());
    assertEquals(403, server.get("/api/v1/events/" + event + "/attendees?token=" + token(ada),
        "Authorization", bearer(helper)).statusCode(), "a bearer token is judged as the account");
    var checkinApi = server.postJson("/api/v1/events/" + event + "/checkins",
        new JsonObject().put("token", token(linus)), "Authorization", bearer(helper));
    assertEquals(200, checkinApi.statusCode());
    assertFalse(checkinApi.bodyAsString().contains("@"), "the check-in answer carries no email");
    assertEquals(403, web.get("/organize/e/" + event + "/follow-up").statusCode());
  }

  // ---- listed attendee ----

  @Test
  void listedAttendeeSeesOtherListedAttendeesWithEmailOnlyWhereShared() {
    var web = new Scene.Browser(server);
    String page = web.body("/r/" + token(ada) + "/people");
    assertTrue(page.contains("Grace Hopper"));
    assertTrue(page.contains("Admiral"));
    assertTrue(page.contains("https://example.org/admiral"));
    assertTrue(page.contains("Happy to mentor"));
    assertTrue(page.contains("You are looking for a mentor; Grace Hopper is happy to mentor"));
    assertTrue(page.contains("Ask to connect with Grace Hopper"));
    assertFalse(page.contains("name=\"_csrf\" value=\"\""), "every form carries the CSRF token");
    showsNoPrivateDetails(page);

    String graceView = web.body("/r/" + token(grace) + "/people");
    assertTrue(graceView.contains("ada@people.test"), "Ada shares her email");
    showsNoPrivateDetails(graceView);

    var vcf = web.get("/r/" + token(ada) + "/people.vcf");
    assertEquals(200, vcf.statusCode());
    assertEquals("text/vcard; charset=utf-8", vcf.getHeader("Content-Type"));
    showsNoPrivateDetails(vcf.bodyAsString());
    List<VCard> cards = Ezvcard.parse(vcf.bodyAsString()).all();
    assertEquals(1, cards.size());
    assertEquals("Grace Hopper", cards.get(0).getFormattedName().getValue());
    assertTrue(cards.get(0).getEmails().isEmpty(), "Grace does not share her email");
    assertEquals("Navy", cards.get(0).getOrganization().getValues().get(0));
    List<VCard> fromGrace = Ezvcard.parse(web.get("/r/" + token(grace) + "/people.vcf")
        .bodyAsString()).all();
    assertEquals("ada@people.test", fromGrace.get(0).getEmails().get(0).getValue());

    var api = server.get("/api/v1/events/" + event + "/attendees?token=" + token(ada));
    assertEquals(200, api.statusCode());
    showsNoPrivateDetails(api.bodyAsString());
    JsonArray listed = api.bodyAsJsonObject().getJsonArray("attendees");
    assertEquals(2, listed.size(), "Ada and Grace");
    JsonObject suggestion = api.bodyAsJsonObject().getJsonArray("suggestions").getJsonObject(0);
    assertEquals("Grace Hopper", suggestion.getString("name"));
    assertEquals("You are looking for a mentor; Grace Hopper is happy to mentor",
        suggestion.getJsonArray("reasons").getString(0));

    // the organizer's page, the exports and check-in stay closed to the attendee
    showsCountsOnly(web.body("/e/" + event + "/people"));
    assertEquals(302, web.get("/organize/e/" + event + "/attendees.csv").statusCode());
    assertEquals(302, web.get("/organize/e/" + event + "/checkin").statusCode());
    assertEquals(401, server.postJson("/api/v1/events/" + event + "/checkins",
        new JsonObject().put("token", token(ada))).statusCode());
  }

  // ---- unlisted attendee ----

  @Test
  void unlistedAttendeeSeesCountsOnly() {
    var web = new Scene.Browser(server);
    var page = web.get("/r/" + token(linus) + "/people");
    assertEquals(200, page.statusCode());
    String body = page.bodyAsString();
    assertFalse(body.contains("Ada Lovelace"));
    assertFalse(body.contains("Grace Hopper"));
    assertTrue(body.contains("Choose to be listed"));
    assertEquals(403, web.get("/r/" + token(linus) + "/people.vcf").statusCode());
    assertEquals(403, server.get("/api/v1/events/" + event + "/attendees?token=" + token(linus))
        .statusCode());
  }

  // ---- attendee of another event ----

  @Test
  void attendeeOfAnotherEventSeesOnlyTheirOwnEvent() {
    var web = new Scene.Browser(server);
    String page = web.body("/r/" + token(bob) + "/people");
    assertFalse(page.contains("Ada Lovelace"));
    assertFalse(page.contains("Grace Hopper"));
    assertEquals(403, server.get("/api/v1/events/" + event + "/attendees?token=" + token(bob))
        .statusCode());
    var vcf = web.get("/r/" + token(bob) + "/people.vcf");
    assertEquals(200, vcf.statusCode());
    assertEquals(0, vcf.body() == null ? 0 : vcf.body().length(), "nobody else is listed there");
  }

  // ---- cancelled attendee ----

  @Test
  void cancelledAttendeeSeesCountsOnly() {
    var web = new Scene.Browser(server);
    showsCountsOnly(web.body("/r/" + token(carl) + "/people").replace(CARL_NAME, ""));
    assertEquals(403, server.get("/api/v1/events/" + event + "/attendees?token=" + token(carl))
        .statusCode());
  }

  // ---- anonymous and strangers ----

  @Test
  void anonymousAndOtherGroupsOrganizersSeeCountsOrNothing() {
    var anon = new Scene.Browser(server);
    var page = anon.get("/e/" + event + "/people");
    assertEquals(200, page.statusCode());
    showsCountsOnly(page.bodyAsString());
    assertTrue(page.bodyAsString().contains("<dd>3</dd>"), "three attendees, counted");
    assertEquals(404, anon.get("/r/notarealtokennotarealtoken/people").statusCode());
    assertEquals(404, anon.get("/r/notarealtokennotarealtoken/people.vcf").statusCode());
    assertEquals(403, server.get("/api/v1/events/" + event + "/attendees").statusCode());
    assertEquals(403, server.get("/api/v1/events/" + event + "/attendees?token=nonsense")
        .statusCode());
    assertEquals(401, server.get("/api/v1/events/" + event + "/attendees", "Authorization",
        "Bearer wrong").statusCode());
    assertEquals(302, anon.get("/organize/e/" + event + "/checkin").statusCode());
    assertEquals(401, server.get("/api/v1/events/" + event + "/rsvps.csv").statusCode());

    var other = Scene.signedIn(server, "stranger@people.test");
    showsCountsOnly(other.body("/e/" + event + "/people"));
    assertEquals(403, other.get("/organize/e/" + event + "/checkin").statusCode());
    assertEquals(403, other.get("/organize/e/" + event + "/attendees.csv").statusCode());
    assertEquals(403, server.get("/api/v1/events/" + event + "/attendees", "Authorization",
        bearer(stranger)).statusCode());
    assertEquals(403, server.postJson("/api/v1/events/" + event + "/checkins",
        new JsonObject().put("token", token(ada)), "Authorization", bearer(stranger)).statusCode());
  }

  // ---- consent withdrawn ----

  @Test
  void withdrawingConsentHidesThePersonEverywhereAtOnce() {
    String graceToken = token(grace);
    String page = "/r/" + token(ada) + "/people";
    var web = new Scene.Browser(server);
    assertTrue(web.body(page).contains("Grace Hopper"));
    assertEquals(200, server.patchJson("/api/v1/rsvps/" + graceToken,
        new JsonObject().put("listed", false)).statusCode());
    try {
      assertFalse(web.body(page).contains("Grace Hopper"), "page");
      assertFalse(String.valueOf(web.get(page + ".vcf").bodyAsString()).contains("Grace"), "vCard");
      assertFalse(server.get("/api/v1/events/" + event + "/attendees?token=" + token(ada))
          .bodyAsString().contains("Grace"), "API");
      // and Grace, no longer listed, no longer sees the others (give to get)
      assertFalse(web.body("/r/" + graceToken + "/people").contains("Ada Lovelace"));
      assertEquals(403, server.get("/api/v1/events/" + event + "/attendees?token=" + graceToken)
          .statusCode());
    } finally {
      server.patchJson("/api/v1/rsvps/" + graceToken, new JsonObject().put("listed", true));
    }
  }
}
