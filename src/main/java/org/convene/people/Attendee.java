package org.convene.people;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One RSVP as the people features see it: who, what they chose to share, whether they came. */
public record Attendee(
    UUID id,
    String eventId,
    String token,
    String checkinCode,
    String name,
    String email,
    String status,
    int guests,
    boolean listed,
    boolean shareEmail,
    String headline,
    String company,
    String url,
    List<String> goals,
    List<String> topics,
    Instant checkedInAt,
    boolean erased) {

  public boolean attends() {
    return !erased && PeopleRules.attends(status, checkedInAt != null);
  }

  /** May see the other listed attendees (give to get). */
  public boolean seesListedPeople() {
    return PeopleRules.seesListedPeople(status, checkedInAt != null, listed, erased);
  }

  public boolean isListedAttendee() {
    return listed && attends();
  }

  public PeopleRules.Person person() {
    return new PeopleRules.Person(id, name, goals, topics);
  }
}
