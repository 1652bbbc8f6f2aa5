package org.convene.accounts;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** An organizer's account. Attendees never need one. */
public record Account(UUID id, String email, String name) {
  public JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("email", email).put("name", name);
  }
}
