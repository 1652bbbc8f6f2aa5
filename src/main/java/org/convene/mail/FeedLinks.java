package org.convene.mail;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.Map;

/** A person's own calendar feed link (the calendar feature's feed token), sent by email only. */
public interface FeedLinks {
  /** The feed URL for this email address, or null when there is none to offer. */
  Future<String> forEmail(String email);

  /**
   * The feed URLs of several addresses at once (a mail batch); an address left out of the
   * answer is asked for on its own.
   */
  default Future<Map<String, String>> forEmails(Collection<String> emails) {
    return Future.succeededFuture(Map.of());
  }

  FeedLinks NONE = email -> Future.succeededFuture(null);
}
