package org.convene.members;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A member as they see themselves on their own page: everything the directory reads, plus how
 * they joined, how they hear about events, and which fields their group asks for.
 */
public record Member(DirectoryMember who, String source, String announcements,
                     List<String> groupFields) {

  /** The fields this member's page asks for (MemberRules.asked of the group's choice). */
  public List<String> asked() {
    return MemberRules.asked(groupFields);
  }

  /** The member's own view of themselves (GET /api/v1/members/{token}); never anyone else's. */
  public JsonObject json(String baseUrl) {
    DirectoryMember m = who;
    return new JsonObject().put("id", m.id().toString())
        .put("group", new JsonObject().put("slug", m.groupSlug()).put("name", m.groupName()))
        .put("name", m.name()).put("email", m.email()).put("verified", m.verified())
        .put("source", source)
        .put("profile", MemberRules.Profile.of(m).json())
        .put("listed", m.listed())
        .put("shared", new JsonArray(MemberRules.SHAREABLE.stream().filter(m::shares).toList()))
        .put("announcements", announcements)
        .put("pageUrl", baseUrl + "/m/" + m.token())
        .put("directoryUrl", baseUrl + "/m/" + m.token() + "/directory");
  }
}
