package org.convene.groups;

import io.vertx.core.json.JsonObject;
import java.util.UUID;

/** A group: an alumni association, a professional association or a community. */
public record Group(UUID id, String slug, String name, String kind, String description) {

  public static final String OWNER = "owner";
  public static final String ORGANIZER = "organizer";
  public static final String CHECKIN = "checkin";

  public JsonObject api(String baseUrl) {
    return new JsonObject().put("slug", slug).put("name", name).put("kind", kind)
        .put("description", description)
        .put("url", baseUrl + "/g/" + slug)
        .put("calendarUrl", baseUrl + "/g/" + slug + "/calendar.ics");
  }

  /** The group as pages show it. */
  public JsonObject view() {
    return new JsonObject().put("slug", slug).put("name", name).put("kind", kind)
        .put("kindLabel", kindLabel()).put("description", description);
  }

  public String kindLabel() {
    return switch (kind) {
      case "alumni" -> "Alumni association";
      case "professional" -> "Professional association";
      default -> "Community";
    };
  }
}
