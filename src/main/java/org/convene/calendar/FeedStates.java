package org.convene.calendar;

import io.vertx.core.Future;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.convene.db.Changes;

/**
 * What a node knows of the public calendars' versions, so that a calendar app asking "changed?"
 * (If-None-Match) of a group feed or an event's .ics gets its 304 without a database read.
 * Correct across nodes because every change of an event or group is announced by
 * {@link Changes}, and nothing is trusted while the announcements could be missed.
 */
public final class FeedStates {
  private static final int MAX = 20_000;

  private record Known(UUID groupId, Object state) {}

  private final Changes changes;
  private final ConcurrentHashMap<String, Known> known = new ConcurrentHashMap<>();

  public FeedStates(Changes changes) {
    this.changes = changes;
    changes.listen(c -> {
      if (c.reset()) known.clear();
      else if (c.groupId() != null) known.values().removeIf(k -> c.groupId().equals(k.groupId()));
    });
  }

  /** The group's version if this node knows it for sure, else null (ask the database). */
  CalendarStore.GroupState knownGroup(String slug) {
    return known("g " + slug);
  }

  Future<CalendarStore.GroupState> group(String slug, Supplier<Future<CalendarStore.GroupState>> load) {
    return lookup("g " + slug, load, CalendarStore.GroupState::id);
  }

  Future<CalendarStore.EventState> event(String id, Supplier<Future<CalendarStore.EventState>> load) {
    return lookup("e " + id, load, CalendarStore.EventState::groupId);
  }

  /** What this node knows for sure under {@code key}, or null. */
  @SuppressWarnings("unchecked")
  private <T> T known(String key) {
    if (!changes.live()) return null;
    Known k = known.get(key);
    return k == null ? null : (T) k.state();
  }

  private <T> Future<T> lookup(String key, Supplier<Future<T>> load,
                               java.util.function.Function<T, UUID> groupOf) {
    T sure = known(key);
    if (sure != null) return Future.succeededFuture(sure);
    long generation = changes.generation();
    return load.get().onSuccess(state -> {
      // a change heard while this was read may not be in it: keep it only if none was
      if (state == null || !changes.live() || changes.generation() != generation) return;
      if (known.size() >= MAX) known.clear();
      known.put(key, new Known(groupOf.apply(state), state));
    });
  }
}
