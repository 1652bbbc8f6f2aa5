package org.convene.mail;

import org.convene.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import org.convene.events.Event;
import org.convene.events.EventStore;

/**
 * Tells attendees when an event they answered changes in a way their calendar must show (time,
 * place, online link) or is cancelled, in the transaction that saves the change. Going, maybe and
 * waitlisted attendees are told; those who said no or cancelled are left alone.
 */
public final class EventMail implements EventStore.Changes {
  // Mails are rendered when sent, so a queued update would say the same as the new one: the
  // queued ones are folded into it, and three quick edits make one mail, not three.
  private static final String FOLD_QUEUED_UPDATES = """
      DELETE FROM outbox WHERE event_id = $1 AND kind = 'event_updated' AND status = 'pending'
      RETURNING payload""";
  // A reminder already sent named the old time: the new time earns a new one.
  private static final String REMIND_AGAIN = "UPDATE rsvps SET reminded_at = NULL WHERE event_id = $1";

  @Override
  public Future<Void> saved(SqlConnection conn, Event before, Event after) {
    if (before.isDraft() || after.isDraft() || !after.endsAt().isAfter(Instant.now())) {
      return Future.succeededFuture();
    }
    if (after.isCancelled()) {
      if (before.isCancelled()) return Future.succeededFuture();
      return Outbox.enqueueForAttendees(conn, Outbox.EVENT_CANCELLED, after.id(),
          MailRenderer.ATTENDING, new JsonObject()).mapEmpty();
    }
    Set<String> changed = changed(before, after);
    if (changed.isEmpty()) return Future.succeededFuture();
    return conn.preparedQuery(FOLD_QUEUED_UPDATES).execute(Tuple.of(after.id()))
        .compose(queued -> {
          for (Row r : queued) {
            Object p = r.getValue("payload");
            JsonObject payload = p instanceof JsonObject j ? j : new JsonObject(String.valueOf(p));
            payload.getJsonArray("changed", new JsonArray()).forEach(c -> changed.add((String) c));
          }
          Future<?> remind = changed.contains("time")
              ? conn.preparedQuery(REMIND_AGAIN).execute(Tuple.of(after.id()))
              : Future.succeededFuture();
          return remind.compose(v -> Outbox.enqueueForAttendees(conn, Outbox.EVENT_UPDATED,
              after.id(), MailRenderer.ATTENDING,
              new JsonObject().put("changed", new JsonArray(changed.stream().toList()))));
        })
        .mapEmpty();
  }

  /** What changed that a calendar shows; a restored (un-cancelled) event counts as a status change. */
  static Set<String> changed(Event before, Event after) {
    Set<String> out = new LinkedHashSet<>();
    if (!before.startsAt().equals(after.startsAt()) || !before.endsAt().equals(after.endsAt())) {
      out.add("time");
    }
    if (!Objects.equals(before.venue(), after.venue())
        || !Objects.equals(before.address(), after.address())) {
      out.add("place");
    }
    if (!Objects.equals(before.onlineUrl(), after.onlineUrl())) out.add("online");
    if (before.isCancelled() && !after.isCancelled()) out.add("status");
    return out;
  }
}
