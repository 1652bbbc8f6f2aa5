package org.convene.mail;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.convene.calendar.FeedTokenStore;
import org.convene.calendar.InviteeStore;
import org.convene.calendar.Invites;
import org.convene.events.EventStore;

/**
 * Mail's invites and feed links from the calendar feature, which owns the UIDs, the SEQUENCE
 * rules (event plus per-attendee offset), PARTSTAT and the feed tokens.
 */
public final class CalendarInvites implements InviteSource, FeedLinks {
  private final Pool pool;
  private final EventStore events;
  private final String organizerEmail;
  private final String baseUrl;

  public CalendarInvites(Pool pool, EventStore events, String mailFrom, String baseUrl) {
    this.pool = pool;
    this.events = events;
    this.organizerEmail = Mime.address(mailFrom).getAddress();
    this.baseUrl = baseUrl;
  }

  @Override
  public Future<String> request(String eventId, UUID rsvpId) {
    return invite(eventId, rsvpId, false);
  }

  @Override
  public Future<String> cancel(String eventId, UUID rsvpId) {
    return invite(eventId, rsvpId, true);
  }

  @Override
  public String organizerAddress() {
    return organizerEmail;
  }

  @Override
  public Future<String> forEmail(String email) {
    return FeedTokenStore.forEmail(pool, email).map(token -> FeedTokenStore.feedUrl(baseUrl, token));
  }

  @Override
  public Future<Map<String, String>> forEmails(Collection<String> emails) {
    return FeedTokenStore.forEmails(pool, emails).map(tokens -> {
      Map<String, String> urls = new HashMap<>();
      tokens.forEach((email, token) -> urls.put(email, FeedTokenStore.feedUrl(baseUrl, token)));
      return urls;
    });
  }

  private Future<String> invite(String eventId, UUID rsvpId, boolean cancel) {
    return events.findForRules(eventId).compose(e -> InviteeStore.load(pool, rsvpId).map(a -> {
      if (e == null || a == null) return null;
      return cancel ? Invites.cancel(e, a, organizerEmail, e.groupName(), baseUrl)
          : Invites.request(e, a, organizerEmail, e.groupName(), baseUrl);
    }));
  }
}
