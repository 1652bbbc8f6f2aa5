package org.convene.members;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Suggestions and filters: ranked from shared fields only, someone from another industry among them. */
class DirectoryRulesTest {
  static final Set<String> ALL = Set.of("email", "class_year", "programme", "chapter", "industry",
      "employer", "headline", "profile_url", "goals", "topics");

  static DirectoryMember m(String name, Set<String> shared, String chapter, String industry,
                           List<String> goals, List<String> topics) {
    return new DirectoryMember(UUID.randomUUID(), UUID.randomUUID(), "g", "G", "t", name + "@x.test",
        name, true, true, shared, 2012, null, chapter, industry, null, null, null, goals, topics);
  }

  static final DirectoryMember ME = m("Me", ALL, "Berlin", "Software", List.of("find_mentor",
      "find_collaborators"), List.of("AI", "climate"));

  static List<String> names(List<DirectoryRules.Suggestion> s) {
    return s.stream().map(DirectoryRules.Suggestion::name).toList();
  }

  @Test
  void complementaryGoalsRankFirstThenSharedGoalsAndTopics() {
    var mentor = m("Mentor", ALL, null, "Software", List.of("offer_mentoring"), List.of());
    var collaborator = m("Collab", ALL, null, "Software", List.of("find_collaborators"), List.of());
    var topical = m("Topical", ALL, null, "Software", List.of(), List.of("ai"));
    var nothing = m("Nothing", ALL, null, "Software", List.of("exploring"), List.of("cats"));
    var s = DirectoryRules.suggestions(ME, List.of(nothing, topical, collaborator, mentor));
    assertEquals(List.of("Mentor", "Collab", "Topical"), names(s));
    assertTrue(s.get(0).reasons().get(0).contains("happy to mentor"), s.get(0).reasons().toString());
  }

  @Test
  void someoneOutsideTheOwnIndustryIsAlwaysAmongThem() {
    var a = m("A", ALL, null, "Software", List.of("offer_mentoring"), List.of("AI"));
    var b = m("B", ALL, null, "Software", List.of("offer_mentoring"), List.of());
    var c = m("C", ALL, null, "software ", List.of("find_collaborators"), List.of("AI"));
    var d = m("D", ALL, null, "Software", List.of(), List.of("climate"));
    // a weaker match, but from another field: it takes the last place
    var banker = m("Banker", ALL, null, "Finance", List.of(), List.of("climate"));
    var s = DirectoryRules.suggestions(ME, List.of(a, b, c, d, banker));
    assertEquals(3, s.size());
    assertEquals(List.of("A", "B", "Banker"), names(s));
    assertTrue(s.get(2).reasons().stream().anyMatch(r -> r.contains("outside your industry")));
    // even with no match at all, the first from another industry is suggested
    var stranger = m("Zed Stranger", ALL, null, "Farming", List.of(), List.of());
    var t = DirectoryRules.suggestions(ME, List.of(a, b, c, stranger));
    assertTrue(names(t).contains("Zed Stranger"), names(t).toString());
  }

  @Test
  void unsharedFieldsNeitherRankNorCountAsAnotherIndustry() {
    // shares nothing: a perfect match on paper, and another industry, but none of it is shared
    var secret = m("Secret", Set.of(), "Berlin", "Finance", List.of("offer_mentoring"), List.of("AI"));
    var open = m("Open", Set.of("topics"), null, "Finance", List.of(), List.of("climate"));
    var s = DirectoryRules.suggestions(ME, List.of(secret, open));
    assertEquals(List.of("Open"), names(s));
    assertFalse(s.get(0).reasons().stream().anyMatch(r -> r.contains("Finance")),
        "Open's industry is not shared");
  }

  @Test
  void filtersMatchSharedFieldsOnlyAndRefuseWhatIsNotAFilter() {
    var open = m("Open", ALL, "Berlin", "Finance", List.of("hiring"), List.of("AI"));
    var closed = m("Closed", Set.of(), "Berlin", "Finance", List.of("hiring"), List.of("AI"));
    JsonObject errors = new JsonObject();
    var f = DirectoryRules.filter(MultiMap.caseInsensitiveMultiMap().add("chapter", " berlin ")
        .add("goal", "hiring").add("topic", "ai").add("classYear", "2012"), errors);
    assertTrue(errors.isEmpty());
    assertTrue(DirectoryRules.matches(open, f));
    assertFalse(DirectoryRules.matches(closed, f));
    DirectoryRules.filter(MultiMap.caseInsensitiveMultiMap().add("goal", "world_domination")
        .add("classYear", "1800").add("topic", "x".repeat(121)), errors);
    assertEquals(Set.of("goal", "classYear", "topic"), errors.fieldNames());
  }

  @Test
  void aCardHoldsTheSharedFieldsOnly() {
    var someone = m("Some One", Set.of("industry"), "Berlin", "Finance", List.of("hiring"), List.of("AI"));
    assertEquals(new JsonObject().put("id", someone.id().toString()).put("name", "Some One")
        .put("industry", "Finance"), DirectoryRules.card(someone));
  }
}
