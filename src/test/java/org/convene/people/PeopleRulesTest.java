package org.convene.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Matching and reciprocity, without I/O. */
class PeopleRulesTest {
  static PeopleRules.Person person(String name, List<String> goals, List<String> topics) {
    return new PeopleRules.Person(UUID.randomUUID(), name, goals, topics);
  }

  @Test
  void aMenteeIsShownTheMentorWithTheReason() {
    var me = person("Max", List.of("find_mentor"), List.of());
    var ada = person("Ada", List.of("offer_mentoring"), List.of());
    var m = PeopleRules.suggestions(me, List.of(ada));
    assertEquals(1, m.size());
    assertEquals(List.of("You are looking for a mentor; Ada is happy to mentor"), m.get(0).reasons());
    // and the other way round, from the mentor's side
    var back = PeopleRules.match(ada, me);
    assertEquals(List.of("Max is looking for a mentor; you are happy to mentor"), back.reasons());
  }

  @Test
  void hiringMeetsJobSeekingAndCollaboratorsMeetEachOther() {
    var me = person("Max", List.of("hiring", "find_collaborators"), List.of());
    var seeker = person("Sam", List.of("job_seeking"), List.of());
    var collaborator = person("Kim", List.of("find_collaborators"), List.of());
    var hirer = person("Hal", List.of("hiring"), List.of());
    var m = PeopleRules.suggestions(me, List.of(seeker, collaborator, hirer));
    assertEquals(2, m.size(), "two hirers are not a match");
    assertTrue(m.stream().anyMatch(x -> x.reasons().contains("You are hiring; Sam is looking for a job")));
    assertTrue(m.stream().anyMatch(x -> x.reasons().contains("You are both looking for collaborators")));
    var seekerSide = PeopleRules.match(seeker, me);
    assertEquals(List.of("You are looking for a job; Max is hiring"), seekerSide.reasons());
  }

  @Test
  void sameGoalsThatAreNotComplementaryDoNotMatch() {
    var me = person("Max", List.of("find_mentor", "job_seeking", "exploring"), List.of());
    var other = person("Eve", List.of("find_mentor", "job_seeking", "exploring"), List.of());
    assertTrue(PeopleRules.suggestions(me, List.of(other)).isEmpty());
  }

  @Test
  void sharedTopicsMatchWithoutCaseAndAreNamed() {
    var me = person("Max", List.of(), List.of("Climate Tech", "design", "ai"));
    var other = person("Ada", List.of(), List.of("climate  tech", "AI", "poetry"));
    var m = PeopleRules.match(me, other);
    assertEquals(2, m.score());
    assertEquals(List.of("You both care about climate tech and ai"), m.reasons());
  }

  @Test
  void bestMatchesComeFirstAndTheViewerIsNeverSuggested() {
    var me = person("Max", List.of("find_mentor"), List.of("climate tech", "design"));
    var topicsOnly = person("Ann", List.of(), List.of("climate tech", "design"));
    var mentor = person("Bea", List.of("offer_mentoring"), List.of("climate tech"));
    var nobody = person("Cid", List.of("hiring"), List.of("poetry"));
    var m = PeopleRules.suggestions(me, List.of(topicsOnly, nobody, me, mentor));
    assertEquals(List.of("Bea", "Ann"), m.stream().map(x -> x.person().name()).toList());
    assertEquals(4, m.get(0).score(), "a goal (3) plus a topic (1)");
    assertEquals(List.of("You are looking for a mentor; Bea is happy to mentor",
        "You both care about climate tech"), m.get(0).reasons());
  }

  @Test
  void reciprocityNeedsAVerifiedListedAttendeeOfTheDirectoryAsItIsNow() {
    var going = PeopleRules.Directory.GOING;
    var came = PeopleRules.Directory.CAME;
    assertTrue(PeopleRules.inDirectory(going, true, true, false, "going", false));
    assertTrue(PeopleRules.inDirectory(going, true, true, false, "waitlisted", true), "came after all");
    assertFalse(PeopleRules.inDirectory(going, true, true, false, "maybe", false),
        "the who's-going list is who is going");
    assertFalse(PeopleRules.inDirectory(going, false, true, false, "going", false),
        "unverified: anyone could have used this address");
    assertFalse(PeopleRules.inDirectory(going, true, false, false, "going", true), "not listed");
    assertFalse(PeopleRules.inDirectory(going, true, true, false, "cancelled", false));
    assertFalse(PeopleRules.inDirectory(going, true, true, false, "not_going", false));
    assertFalse(PeopleRules.inDirectory(going, true, true, true, "going", true), "erased");
    assertTrue(PeopleRules.inDirectory(came, true, true, false, "going", true));
    assertTrue(PeopleRules.inDirectory(came, true, true, false, "maybe", true));
    assertFalse(PeopleRules.inDirectory(came, true, true, false, "going", false),
        "after the event: only who came");
    assertFalse(PeopleRules.inDirectory(PeopleRules.Directory.CLOSED, true, true, false, "going",
        true), "closed is closed to everyone");
  }

  @Test
  void theDirectoryIsWhoCameFromTheEndAndClosedBeforeUnlessWhosGoing() {
    var start = java.time.Instant.parse("2030-01-15T17:30:00Z");
    var end = start.plusSeconds(3600);
    assertEquals(PeopleRules.Directory.CLOSED, PeopleRules.directory(false, end, start.minusSeconds(1)));
    assertEquals(PeopleRules.Directory.CLOSED, PeopleRules.directory(false, end, start), "during");
    assertEquals(PeopleRules.Directory.GOING, PeopleRules.directory(true, end, start.plusSeconds(60)));
    assertEquals(PeopleRules.Directory.CAME, PeopleRules.directory(true, end, end));
    assertEquals(PeopleRules.Directory.CAME, PeopleRules.directory(false, end, end.plusSeconds(1)));
  }
}
