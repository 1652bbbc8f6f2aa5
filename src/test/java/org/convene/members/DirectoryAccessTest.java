package org.convene.members;

import static org.convene.members.MemberScene.bearer;
import static org.convene.members.MemberScene.insert;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ezvcard.Ezvcard;
import ezvcard.VCard;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.convene.TestServer;
import org.convene.members.MemberScene.Member;
import org.convene.members.MemberScene.Written;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who sees the member directory, over its three doors (the page, the API, the vCard): a
 * verified, listed member sees the other verified, listed members of their group, each with only
 * what they share; an unlisted or unverified member sees an explanation (page) or a 403; a bad
 * link is a 404 (page, vCard) or a 403 (API); an organizer's session or token opens nothing here.
 */
class DirectoryAccessTest {
  static TestServer server;
  static String owner;
  static Written ada;
  static Written grace;
  static Written quiet;
  static Written uma;
  static Written vic;
  static Written olga;

  @BeforeAll
  static void scene() {
    server = TestServer.start();
    owner = server.organizerToken("dir-owner@members.test");
    server.createGroup(owner, "dir-alumni");
    server.createGroup(owner, "dir-other");
    ada = insert(server, "dir-alumni", Member.listed("Ada Lovelace", "ada@members.test")
        .sharing("email", "class_year", "chapter", "industry", "goals", "topics")
        .profile(2012, "Berlin", "Software", "Engines Ltd", "Analyst")
        .goals("find_mentor").topics("AI"));
    grace = insert(server, "dir-alumni", Member.listed("Grace Hopper", "grace@members.test")
        .sharing("class_year", "industry", "goals", "headline")
        .profile(2010, "London", "Finance", "Secret Navy Corp", "Admiral")
        .goals("offer_mentoring").topics("quantum"));
    // listed but sharing nothing but the name: no filter may find her by what she kept
    quiet = insert(server, "dir-alumni", Member.listed("Quinn Quiet", "quinn@members.test")
        .profile(2012, "Berlin", "Software", "Hidden Co", "Hidden headline")
        .goals("hiring").topics("AI"));
    uma = insert(server, "dir-alumni", Member.listed("Uma Unlisted", "uma@members.test")
        .listed(false).sharing("email", "industry").profile(2012, null, "Software", null, null));
    vic = insert(server, "dir-alumni", Member.listed("Vic Unverified", "vic@members.test")
        .verified(false).sharing("email", "industry").profile(2012, null, "Software", null, null));
    olga = insert(server, "dir-other", Member.listed("Olga Other", "olga@members.test")
        .sharing("email"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Map<String, JsonObject> byName(JsonArray items) {
    return items.stream().map(o -> (JsonObject) o)
        .collect(Collectors.toMap(o -> o.getString("name"), o -> o));
  }

  static JsonObject api(Written viewer, String query) {
    var r = server.get("/api/v1/groups/dir-alumni/members?token=" + viewer.token() + query);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  // ---- the page ----

  @Test
  void aListedMemberSeesTheOtherListedMembersWithOnlyWhatEachShares() {
    var browser = new MemberScene.Browser(server);
    var r = browser.get("/m/" + ada.token() + "/directory");
    assertEquals(200, r.statusCode());
    String page = r.bodyAsString();
    assertTrue(page.contains("Grace Hopper"));
    assertTrue(page.contains("Quinn Quiet"));
    assertTrue(page.contains("Admiral"), "Grace shares her headline");
    assertTrue(page.contains("Class of 2010"));
    assertFalse(page.contains("Secret Navy Corp"), "Grace does not share her employer");
    assertFalse(page.contains("grace@members.test"), "Grace does not share her email");
    assertFalse(page.contains("quantum"), "Grace does not share her topics");
    assertFalse(page.contains("Hidden"), "Quinn shares nothing but the name");
    for (String absent : List.of("Uma Unlisted", "Vic Unverified", "Olga Other")) {
      assertFalse(page.contains(absent), absent + " is not on this directory");
    }
  }

  @Test
  void thePageSuggestsSomeoneToMeetFromOutsideTheOwnIndustry() {
    String page = new MemberScene.Browser(server).get("/m/" + ada.token() + "/directory")
        .bodyAsString();
    int start = page.indexOf("You might want to meet");
    assertTrue(start > 0);
    String suggestions = page.substring(start, page.indexOf("</section>", start));
    assertTrue(suggestions.contains("Grace Hopper"));
    assertTrue(suggestions.contains("You: looking for a mentor; Grace Hopper: happy to mentor"));
    assertTrue(suggestions.contains("Works in Finance, outside your industry"));
    assertFalse(suggestions.contains("Quinn Quiet"), "nothing Quinn shares matches");
  }

  @Test
  void unlistedAndUnverifiedMembersSeeHowToBeListedAndNobody() {
    var browser = new MemberScene.Browser(server);
    String unlisted = browser.get("/m/" + uma.token() + "/directory").bodyAsString();
    assertTrue(unlisted.contains("Be listed to see who else is"));
    assertTrue(unlisted.contains("href=\"/m/" + uma.token() + "\""));
    String unverified = browser.get("/m/" + vic.token() + "/directory").bodyAsString();
    assertTrue(unverified.contains("Confirm your address first"));
    for (String page : List.of(unlisted, unverified)) {
      for (String name : List.of("Ada Lovelace", "Grace Hopper", "Quinn Quiet")) {
        assertFalse(page.contains(name), "a closed directory shows no one");
      }
    }
  }

  @Test
  void aBadLinkIsNotFoundEvenForASignedInOrganizer() {
    var stranger = new MemberScene.Browser(server);
    assertEquals(404, stranger.get("/m/" + "x".repeat(33) + "/directory").statusCode());
    var organizer = MemberScene.signedIn(server, "dir-owner@members.test");
    assertEquals(404, organizer.get("/m/" + "x".repeat(33) + "/directory").statusCode());
    assertEquals(404, organizer.get("/m/" + "x".repeat(33) + "/directory.vcf").statusCode());
    // the organizer's session opens no one's closed directory
    String page = organizer.get("/m/" + uma.token() + "/directory").bodyAsString();
    assertFalse(page.contains("Grace Hopper"));
  }

  // ---- the API ----

  @Test
  void theApiGivesAListedMemberTheSharedFieldsOnly() {
    Map<String, JsonObject> seen = byName(api(ada, "").getJsonArray("items"));
    assertEquals(java.util.Set.of("Grace Hopper", "Quinn Quiet"), seen.keySet());
    JsonObject g = seen.get("Grace Hopper");
    assertEquals(new JsonObject().put("id", grace.id()).put("name", "Grace Hopper")
        .put("classYear", 2010).put("industry", "Finance").put("headline", "Admiral")
        .put("goals", new JsonArray().add("offer_mentoring")), g);
    assertEquals(new JsonObject().put("id", quiet.id()).put("name", "Quinn Quiet"),
        seen.get("Quinn Quiet"));
    // Grace sees Ada's email: Ada shares it
    assertEquals("ada@members.test",
        byName(api(grace, "").getJsonArray("items")).get("Ada Lovelace").getString("email"));
  }

  @Test
  void theApiRefusesEveryoneElse() {
    String url = "/api/v1/groups/dir-alumni/members?token=";
    assertEquals(403, server.get(url + uma.token()).statusCode(), "unlisted");
    assertEquals(403, server.get(url + vic.token()).statusCode(), "unverified");
    assertEquals(403, server.get(url + "y".repeat(33)).statusCode(), "stranger");
    assertEquals(403, server.get(url + olga.token()).statusCode(), "a member of another group");
    assertEquals(403, server.get("/api/v1/groups/dir-alumni/members").statusCode(),
        "no token, no bearer");
    // an organizer's bearer does not turn a closed member token into an open one
    var r = server.get(url + uma.token(), "Authorization", bearer(owner));
    assertEquals(403, r.statusCode());
    assertEquals("forbidden", r.bodyAsJsonObject().getString("error"));
  }

  @Test
  void theApiPagesAndFiltersOnSharedFieldsOnly() {
    JsonObject first = api(ada, "&limit=1");
    assertEquals(1, first.getJsonArray("items").size());
    assertEquals("Grace Hopper", first.getJsonArray("items").getJsonObject(0).getString("name"));
    assertNotNull(first.getString("next"));
    JsonObject second = api(ada, "&limit=1&after=" + first.getString("next"));
    assertEquals("Quinn Quiet", second.getJsonArray("items").getJsonObject(0).getString("name"));
    assertNull(second.getString("next"));

    assertEquals(List.of("Grace Hopper"), names(api(ada, "&industry=finance")));
    assertEquals(List.of("Grace Hopper"), names(api(ada, "&goal=offer_mentoring")));
    assertEquals(List.of("Grace Hopper"), names(api(ada, "&classYear=2010")));
    // Quinn is in 2012, Software, Berlin, hiring and AI, but shares none of it
    assertEquals(List.of("Ada Lovelace"), names(api(grace, "&classYear=2012")));
    assertEquals(List.of("Ada Lovelace"), names(api(grace, "&industry=Software")));
    assertEquals(List.of("Ada Lovelace"), names(api(grace, "&chapter=berlin")));
    assertEquals(List.of("Ada Lovelace"), names(api(grace, "&topic=ai")));
    assertEquals(List.of(), names(api(grace, "&goal=hiring")));

    var bad = server.get("/api/v1/groups/dir-alumni/members?token=" + ada.token()
        + "&classYear=soon&goal=fame");
    assertEquals(400, bad.statusCode());
    JsonObject details = bad.bodyAsJsonObject().getJsonObject("details");
    assertTrue(details.containsKey("classYear"));
    assertTrue(details.containsKey("goal"));
  }

  static List<String> names(JsonObject page) {
    return page.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("name")).toList();
  }

  @Test
  void thePageFiltersWithAPlainGetFormAndSaysWhatIsWrong() {
    var browser = new MemberScene.Browser(server);
    String page = browser.get("/m/" + grace.token() + "/directory?industry=Software&classYear=")
        .bodyAsString();
    assertTrue(page.contains("<form method=\"get\" action=\"/m/" + grace.token() + "/directory\""));
    assertTrue(page.contains("Ada Lovelace"));
    assertFalse(page.contains("Quinn Quiet"), "Quinn's industry is not shared");
    assertTrue(page.contains("<option value=\"Software\" selected>"));
    var bad = browser.get("/m/" + grace.token() + "/directory?classYear=soon");
    assertEquals(200, bad.statusCode());
    assertTrue(bad.bodyAsString().contains("must be a year"));
  }

  // ---- the vCard ----

  @Test
  void theVcardHoldsWhatThePageShowsAndOpensForTheListedOnly() {
    var r = server.get("/m/" + ada.token() + "/directory.vcf");
    assertEquals(200, r.statusCode());
    assertTrue(r.getHeader("Content-Type").startsWith("text/vcard"));
    List<VCard> cards = Ezvcard.parse(r.bodyAsString()).all();
    Map<String, VCard> byName = cards.stream()
        .collect(Collectors.toMap(c -> c.getFormattedName().getValue(), c -> c));
    assertEquals(java.util.Set.of("Grace Hopper", "Quinn Quiet"), byName.keySet());
    assertTrue(byName.get("Grace Hopper").getEmails().isEmpty(), "Grace does not share her email");
    assertTrue(byName.get("Grace Hopper").getOrganization() == null, "nor her employer");
    assertFalse(r.bodyAsString().contains("Hidden"));
    assertFalse(r.bodyAsString().contains("quantum"));
    assertEquals("ada@members.test", Ezvcard.parse(
        server.get("/m/" + grace.token() + "/directory.vcf").bodyAsString()).all().stream()
        .filter(c -> c.getFormattedName().getValue().equals("Ada Lovelace")).findFirst()
        .orElseThrow().getEmails().get(0).getValue());

    assertEquals(403, server.get("/m/" + uma.token() + "/directory.vcf").statusCode());
    assertEquals(403, server.get("/m/" + vic.token() + "/directory.vcf").statusCode());
    assertEquals(404, server.get("/m/" + "z".repeat(33) + "/directory.vcf").statusCode());
  }

  @Test
  void withdrawnConsentAppliesAtTheNextRequest() {
    Written temp = insert(server, "dir-alumni", Member.listed("Tess Temporary", "tess@members.test")
        .sharing("email"));
    assertTrue(names(api(ada, "")).contains("Tess Temporary"));
    assertTrue(server.get("/m/" + ada.token() + "/directory.vcf").bodyAsString()
        .contains("tess@members.test"));
    MemberScene.sql(server, "UPDATE members SET listed = false WHERE id = $1::uuid", temp.id());
    assertFalse(names(api(ada, "")).contains("Tess Temporary"));
    assertFalse(server.get("/m/" + ada.token() + "/directory").bodyAsString().contains("Tess"));
    assertFalse(server.get("/m/" + ada.token() + "/directory.vcf").bodyAsString().contains("tess"));
    assertEquals(403, server.get("/api/v1/groups/dir-alumni/members?token=" + temp.token())
        .statusCode(), "and Tess no longer sees the others");
  }
}
