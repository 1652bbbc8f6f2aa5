package org.convene.mail;

import io.vertx.core.Future;

/** A person's own calendar feed link (the calendar feature's feed token), sent by email only. */
public interface FeedLinks {
  /** The feed URL for this email address, or null when there is none to offer. */
  Future<String> forEmail(String email);

  FeedLinks NONE = email -> Future.succeededFuture(null);
}
