package org.convene.rsvp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.convene.TestServer;
import org.convene.WebSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Custom questions on real PostgreSQL: set with the event (API) or on the organizer's page,
 * asked on the RSVP form and in the API, a missing required answer refused with the question
 * named, answers changeable through the manage link and shown in the organizer's list, CSV and
 * API, and on the people page only where the organizers chose and the person is listed.
 */
class QuestionsTest {
  static TestServer server;
  static String owner;
  static int counter;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    owner = server.organizerToken("questions-owner@example.org");
    server.createGroup(owner, "questions-alumni");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String email(String who) {
    return who + "." + (++counter) + "@questions.test";
  }

  static final JsonArray QUESTIONS = new JsonArray()
      .add(new JsonObject().put("id", "diet").put("label", "Dietary needs").put("kind", "one")
          .put("options", new JsonArray().add("None").add("Vegetarian").add("Vegan"))
          .put("required", true))
      .add(new JsonObject().put("label", "What would you like to ask the panel?")
          .put("kind", "long").put("help", "We pick three."))
      .add(new JsonObject().put("id", "year").put("label", "Graduation year").put("kind", "short")
          .put("shownToAttendees", true))
      .add(new JsonObject().put("id", "topics").put("label", "Sessions").put("kind", "several")
          .put("options", new JsonArray().add("AI").add("Climate").add("Careers")))
      .add(new JsonObject().put("id", "news").put("label", "Newsletter?").put("kind", "yesno"));

  static JsonObject event(JsonObject extra) {
    return server.createEvent(owner, "questions-alumni",
        new JsonObject().put("questions", QUESTIONS.copy()).mergeIn(extra));
  }

  static JsonObject rsvp(String eventId, String name, String address, JsonObject answers) {
    JsonObject body = new JsonObject().put("name", name).put("email", address)
        .put("response", "going").put("listed", true);
    if (answers != null) body.put("answers", answers);
    var r = server.postJson("/api/v1/events/" + eventId + "/rsvps", body);
    return new JsonObject().put("status", r.statusCode()).put("body", r.bodyAsJsonObject());
  }

  @Test
  void questionsAreAskedCheckedAndAnsweredThroughTheApi() {
    JsonObject e = event(new JsonObject());
    String id = e.getString("id");
    JsonArray qs = e.getJsonArray("questions");
    assertEquals(5, qs.size());
    String panel = qs.getJsonObject(1).getString("id");
    assertNotNull(panel, "an id is made up when none is given");
    assertEquals("diet", qs.getJsonObject(0).getString("id"));

    JsonObject missing = rsvp(id, "Ann", email("ann"), new JsonObject().put("year", "2012"));
    assertEquals(400, missing.getInteger("status"));
    String why = missing.getJsonObject("body").getJsonObject("details").getString("answers.diet");
    assertTrue(why.contains("Dietary needs"), "the question is named: " + why);

    JsonObject wrongChoice = rsvp(id, "Ann", email("ann"), new JsonObject().put("diet", "Pizza"));
    assertEquals(400, wrongChoice.getInteger("status"));
    JsonObject unknown = rsvp(id, "Ann", email("ann"),
        new JsonObject().put("diet", "Vegan").put("shoeSize", "44"));
    assertEquals(400, unknown.getInteger("status"));
    assertTrue(unknown.getJsonObject("body").getJsonObject("details").containsKey("answers.shoeSize"));
    JsonObject notYesNo = rsvp(id, "Ann", email("ann"),
        new JsonObject().put("diet", "Vegan").put("news", "perhaps"));
    assertEquals(400, notYesNo.getInteger("status"));

    // someone who cannot come is not asked what they eat
    var notGoing = server.postJson("/api/v1/events/" + id + "/rsvps", new JsonObject()
        .put("name", "Nick").put("email", email("nick")).put("response", "not_going"));
    assertEquals(201, notGoing.statusCode(), notGoing.bodyAsString());

    String bea = email("bea");
    JsonObject ok = rsvp(id, "Bea", bea, new JsonObject().put("diet", "Vegetarian")
        .put(panel, "How do you hire?").put("year", "2014")
        .put("topics", new JsonArray().add("AI").add("Careers")).put("news", true));
    assertEquals(201, ok.getInteger("status"), ok.encode());
    String token = server.mailedToken(id, bea);
    JsonObject mine = server.open(token);
    JsonObject answers = mine.getJsonObject("answers");
    assertEquals("Vegetarian", answers.getString("diet"));
    assertEquals(new JsonArray().add("AI").add("Careers"), answers.getJsonArray("topics"));
    assertEquals(true, answers.getBoolean("news"));

    // changed through the manage link: one answer cleared, one changed, the rest kept
    var patched = server.patchJson("/api/v1/rsvps/" + token, new JsonObject()
        .put("answers", new JsonObject().put("diet", "Vegan").put("year", "")));
    assertEquals(200, patched.statusCode(), patched.bodyAsString());
    answers = patched.bodyAsJsonObject().getJsonObject("answers");
    assertEquals("Vegan", answers.getString("diet"));
    assertFalse(answers.containsKey("year"));
    assertEquals("How do you hire?", answers.getString(panel));
    var clearRequired = server.patchJson("/api/v1/rsvps/" + token, new JsonObject()
        .put("answers", new JsonObject().put("diet", "")));
    assertEquals(400, clearRequired.statusCode(), "a required answer cannot be cleared while going");

    // the organizer's list and CSV, one column per question
    var list = server.get("/api/v1/events/" + id + "/rsvps", "Authorization", "Bearer " + owner);
    JsonObject item = list.bodyAsJsonObject().getJsonArray("items").stream()
        .map(o -> (JsonObject) o).filter(o -> o.getString("name").equals("Bea")).findFirst()
        .orElseThrow();
    assertEquals("Vegan", item.getJsonObject("answers").getString("diet"));
    assertFalse(item.containsKey("manageUrl"));
    String csv = server.get("/api/v1/events/" + id + "/rsvps.csv",
        "Authorization", "Bearer " + owner).bodyAsString();
    String header = csv.lines().findFirst().orElseThrow();
    assertTrue(header.endsWith("\"Dietary needs\",\"What would you like to ask the panel?\","
        + "\"Graduation year\",\"Sessions\",\"Newsletter?\""), header);
    String bea1 = csv.lines().filter(l -> l.startsWith("\"Bea\"")).findFirst().orElseThrow();
    assertTrue(bea1.endsWith("\"Vegan\",\"How do you hire?\",\"\",\"AI; Careers\",\"Yes\""), bea1);

    // an edit that sends the ids back keeps the answers; a removed question's answer is hidden
    JsonArray kept = new JsonArray().add(qs.getJsonObject(0).copy()
        .put("label", "Dietary requirements"));
    var edited = server.patchJson("/api/v1/events/" + id, new JsonObject().put("questions", kept),
        "Authorization", "Bearer " + owner);
    assertEquals(200, edited.statusCode(), edited.bodyAsString());
    assertEquals(1, edited.bodyAsJsonObject().getJsonArray("questions").size());
    String csv2 = server.get("/api/v1/events/" + id + "/rsvps.csv",
        "Authorization", "Bearer " + owner).bodyAsString();
    assertTrue(csv2.lines().findFirst().orElseThrow().endsWith("\"Dietary requirements\""));
    assertTrue(csv2.lines().anyMatch(l -> l.startsWith("\"Bea\"") && l.endsWith("\"Vegan\"")));
  }

  @Test
  void badQuestionsAreRefusedWithAMessageEach() {
    JsonArray bad = new JsonArray()
        .add(new JsonObject().put("label", "Pick one").put("kind", "one")
            .put("options", new JsonArray().add("Only")))
        .add(new JsonObject().put("label", "").put("kind", "essay"));
    var r = server.postJson("/api/v1/groups/questions-alumni/events", new JsonObject()
        .put("title", "Bad").put("startsAt", "2030-01-15T18:30").put("endsAt", "2030-01-15T21:00")
        .put("timeZone", "Europe/Berlin").put("questions", bad), "Authorization", "Bearer " + owner);
    assertEquals(400, r.statusCode(), r.bodyAsString());
    JsonObject details = r.bodyAsJsonObject().getJsonObject("details");
    assertTrue(details.containsKey("questions[0].options"), details.encode());
    assertTrue(details.containsKey("questions[1].label"), details.encode());
    assertTrue(details.containsKey("questions[1].kind"), details.encode());
    JsonArray eleven = new JsonArray();
    for (int i = 0; i < 11; i++) eleven.add(new JsonObject().put("label", "Q" + i).put("kind", "short"));
    var tooMany = server.postJson("/api/v1/groups/questions-alumni/events", new JsonObject()
        .put("title", "Many").put("startsAt", "2030-01-15T18:30").put("endsAt", "2030-01-15T21:00")
        .put("timeZone", "Europe/Berlin").put("questions", eleven), "Authorization", "Bearer " + owner);
    assertEquals(400, tooMany.statusCode());
  }

  @Test
  void onTheWebOrganizersSetQuestionsAndAttendeesAnswerThem() {
    WebSession organizer = new WebSession(server);
    assertEquals(302, organizer.signUp("q-web@example.org", "Quinn", "a long passphrase")
        .statusCode());
    assertEquals(302, organizer.submit("/organize/groups/new", "/organize/groups",
        "slug", "questions-web", "name", "Questions web", "kind", "alumni").statusCode());
    var created = organizer.submit("/organize/g/questions-web/events/new",
        "/organize/g/questions-web/events", "title", "Panel night",
        "startsAt", "2030-05-20T19:00", "endsAt", "2030-05-20T22:00", "timeZone", "Europe/Rome",
        "status", "published");
    String location = created.getHeader("Location");
    String id = location.substring("/organize/e/".length(), location.indexOf('?'));
    String page = "/organize/e/" + id + "/questions";

    var refused = organizer.submit(page, page, "q0.label", "Dietary needs", "q0.kind", "one",
        "q0.options", "Only one", "q0.required", "1");
    assertEquals(400, refused.statusCode());
    assertTrue(refused.bodyAsString().contains("Give at least two different choices."));
    var saved = organizer.submit(page, page, "q0.label", "Dietary needs", "q0.kind", "one",
        "q0.options", "None\nVegetarian\r\nVegan", "q0.required", "1",
        "q1.label", "Your question <for> the panel", "q1.kind", "long");
    assertEquals(302, saved.statusCode(), saved.bodyAsString());
    String edit = organizer.get(page + "?done=saved").bodyAsString();
    assertTrue(edit.contains("Saved."));
    assertTrue(edit.contains("Your question &lt;for&gt; the panel"), "escaped");

    WebSession guest = new WebSession(server);
    String eventPage = guest.get("/e/" + id).bodyAsString();
    assertTrue(eventPage.contains("Dietary needs"));
    assertTrue(eventPage.contains("value=\"Vegetarian\""));
    JsonObject e = server.get("/api/v1/events/" + id).bodyAsJsonObject();
    String diet = e.getJsonArray("questions").getJsonObject(0).getString("id");
    String panel = e.getJsonArray("questions").getJsonObject(1).getString("id");
    String address = email("web-guest");
    var missing = guest.submit("/e/" + id, "/e/" + id, "name", "Gail", "email", address,
        "response", "going", "answer." + diet, "");
    assertEquals(400, missing.statusCode());
    assertTrue(missing.bodyAsString().contains("Please answer “Dietary needs”."));
    var ok = guest.submit("/e/" + id, "/e/" + id, "name", "Gail", "email", address,
        "response", "going", "answer." + diet, "", "answer." + diet, "Vegan",
        "answer." + panel, "Will AI take our jobs?");
    assertEquals(201, ok.statusCode(), ok.bodyAsString());

    // the manage page shows and changes them
    String token = server.mailedToken(id, address);
    String manage = guest.get("/r/" + token).bodyAsString();
    assertTrue(manage.contains("Will AI take our jobs?"));
    var changed = guest.submit("/r/" + token, "/r/" + token, "name", "Gail", "response", "going",
        "answer." + diet, "", "answer." + diet, "Vegetarian", "answer." + panel, "");
    assertEquals(303, changed.statusCode(), changed.bodyAsString());
    JsonObject answers = server.get("/api/v1/rsvps/" + token).bodyAsJsonObject()
        .getJsonObject("answers");
    assertEquals("Vegetarian", answers.getString(diet));
    assertNull(answers.getValue(panel));

    // the organizer's attendee list shows the answers
    String attendees = organizer.get("/organize/e/" + id + "/attendees").bodyAsString();
    assertTrue(attendees.contains("Dietary needs") && attendees.contains("Vegetarian"), attendees);
  }

  @Test
  void onThePeoplePageOnlyShownQuestionsOfListedAttendeesAppear() {
    JsonObject e = event(new JsonObject().put("whosGoing", true));
    String id = e.getString("id");
    JsonObject a = server.rsvpAndOpen(id, new JsonObject().put("name", "Ada").put("email", email("ada"))
        .put("response", "going").put("listed", true)
        .put("answers", new JsonObject().put("diet", "Vegan").put("year", "2011")));
    server.rsvpAndOpen(id, new JsonObject().put("name", "Bo").put("email", email("bo"))
        .put("response", "going").put("listed", true)
        .put("answers", new JsonObject().put("diet", "None").put("year", "2019")));
    server.rsvpAndOpen(id, new JsonObject().put("name", "Cy").put("email", email("cy"))
        .put("response", "going").put("listed", false)
        .put("answers", new JsonObject().put("diet", "None").put("year", "1999")));
    var seen = server.get("/api/v1/events/" + id + "/attendees?token=" + a.getString("token"));
    assertEquals(200, seen.statusCode(), seen.bodyAsString());
    String body = seen.bodyAsString();
    assertTrue(body.contains("2019"), "a listed attendee's shown answer");
    assertFalse(body.contains("1999"), "an unlisted attendee is not there at all");
    assertFalse(body.contains("\"diet\""), "organizer-only answers stay with the organizers");
    String people = server.get("/r/" + a.getString("token") + "/people").bodyAsString();
    assertTrue(people.contains("Graduation year") && people.contains("2019"));
    assertFalse(people.contains("Dietary needs"));
  }
}
