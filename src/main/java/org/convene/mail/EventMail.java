package org.convene.mail;

import org.convene.outbox.OutboxStore;
import org.convene.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
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
  @Override
  public Future<Void> saved(SqlConnection conn, Event before, Event after) {
    if (before.isDraft() || after.isDraft() || !after.endsAt().isAfter(Instant.now())) {
      return Future.succeededFuture();
    }
    if (after.isCancelled()) {
      if (before.isCancelled()) return Future.succeededFuture();
      return OutboxStore.enqueueForAttendees(conn, Outbox.EVENT_CANCELLED, after.id(),
          MailRenderer.ATTENDING, new JsonObject()).mapEmpty();
    }
    Set<String> changed = changed(before, after);
    if (changed.isEmpty()) return Future.succeededFuture();
    return MailStore.foldQueuedUpdates(conn, after.id())
        .compose(queued -> {
          changed.addAll(queued);
          return changed.contains("time") ? MailStore.remindAgain(conn, after.id())
              : Future.<Void>succeededFuture();
        })
        .compose(v -> OutboxStore.enqueueForAttendees(conn, Outbox.EVENT_UPDATED, after.id(),
            MailRenderer.ATTENDING,
            new JsonObject().put("changed", new JsonArray(changed.stream().toList()))))
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
