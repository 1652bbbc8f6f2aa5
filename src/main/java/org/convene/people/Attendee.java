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
    boolean erased,
    Instant verifiedAt,
    io.vertx.core.json.JsonObject answers) {

  public boolean attends() {
    return !erased && PeopleRules.attends(status, checkedInAt != null);
  }

  /** The owner opened the link mailed to this address: only then do their choices count. */
  public boolean verified() {
    return verifiedAt != null;
  }

  /** Shares what they chose with the other attendees: verified, listed, not erased. */
  public boolean shares() {
    return PeopleRules.shares(verified(), listed, erased);
  }

  /**
   * Is on the directory as it is now ({@code d}); being on it is also what lets one see it (give
   * to get), ask others to connect and be asked.
   */
  public boolean inDirectory(PeopleRules.Directory d) {
    return PeopleRules.inDirectory(d, verified(), listed, erased, status, checkedInAt != null);
  }

  public PeopleRules.Person person() {
    return new PeopleRules.Person(id, name, goals, topics);
  }
}
