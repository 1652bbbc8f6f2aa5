package org.convene.people;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.convene.core.Problem;
import org.convene.members.DirectoryMember;
import org.convene.members.DirectoryRules;
import org.convene.members.DirectoryStore;

/**
 * The member directory as vCard ({@code /m/{token}/directory.vcf}): what the page at
 * {@code /m/{token}/directory} shows, by the same rule (members.DirectoryRules), in the people
 * feature's vCard writer. A closed directory (unverified or unlisted) is a 403, a bad link a 404.
 */
public final class MemberVcardRoutes {
  private final DirectoryStore directory;

  public MemberVcardRoutes(DirectoryStore directory) {
    this.directory = directory;
  }

  public void mount(Router r) {
    r.get("/m/:token/directory.vcf").handler(this::directoryVcard);
  }

  private void directoryVcard(RoutingContext ctx) {
    directory.byToken(ctx.pathParam("token")).compose(me -> {
      if (me == null) return Future.failedFuture(Problem.notFound());
      if (DirectoryRules.closedBecause(me) != null) {
        return Future.failedFuture(new Problem(Problem.Kind.FORBIDDEN, "directory_closed",
            "The directory is for members who confirmed their address and chose to be listed."));
      }
      return directory.listed(me).map(others -> {
        List<Vcard.Contact> contacts = new ArrayList<>();
        for (DirectoryMember o : others) {
          var card = DirectoryRules.card(o);
          if (card != null) contacts.add(contact(me, card));
        }
        ctx.response()
            .putHeader("Content-Type", "text/vcard; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"members-" + me.groupSlug() + ".vcf\"")
            .putHeader("Cache-Control", "no-store")
            .end(Vcard.of(contacts));
        return null;
      });
    }).onFailure(ctx::fail);
  }

  /** One contact from a directory card: only what the card holds (the shared fields). */
  private static Vcard.Contact contact(DirectoryMember viewer, io.vertx.core.json.JsonObject c) {
    StringBuilder note = new StringBuilder("Member of " + viewer.groupName() + ".");
    if (c.containsKey("classYear")) note.append("\nClass of ").append(c.getInteger("classYear"));
    if (c.containsKey("programme")) note.append("\nProgramme: ").append(c.getString("programme"));
    if (c.containsKey("chapter")) note.append("\nChapter: ").append(c.getString("chapter"));
    if (c.containsKey("industry")) note.append("\nIndustry: ").append(c.getString("industry"));
    List<String> goals = c.containsKey("goals")
        ? c.getJsonArray("goals").stream().map(String::valueOf).toList() : List.of();
    if (!goals.isEmpty()) {
      note.append("\nHere for: ").append(String.join(", ", DirectoryRules.goalLabels(goals)));
    }
    List<String> topics = c.containsKey("topics")
        ? c.getJsonArray("topics").stream().map(String::valueOf).toList() : List.of();
    if (!topics.isEmpty()) note.append("\nTopics: ").append(String.join(", ", topics));
    return new Vcard.Contact("urn:uuid:" + c.getString("id"), c.getString("name"),
        c.getString("email"), c.getString("employer"), c.getString("headline"),
        c.getString("profileUrl"), note.toString(), topics);
  }
}
