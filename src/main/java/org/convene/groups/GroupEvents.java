package org.convene.groups;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.util.UUID;

/**
 * The group's events as the organizer pages list them (drafts included). Events sit above
 * groups, so the events feature hands App an implementation instead of groups reading events.
 */
@FunctionalInterface
public interface GroupEvents {
  Future<JsonArray> cards(UUID groupId);
}
