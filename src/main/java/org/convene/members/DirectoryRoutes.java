package org.convene.members;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.convene.core.Problem;
import org.convene.web.Paging;
import org.convene.web.Views;

/**
 * The member directory as one member may see it: the page {@code /m/{token}/directory} with its
 * filters and suggestions, and the member's branch of {@code GET /api/v1/groups/{group}/members}
 * (with {@code ?token=}). The vCard download is people.MemberVcardRoutes (people owns vCard);
 * the organizers' list of everyone is MemberRoutes'. Access is DirectoryRules': give to get.
 */
public final class DirectoryRoutes {
  private final DirectoryStore directory;
  private final CoffeeChatStore chats;
  private final Views views;

  public DirectoryRoutes(DirectoryStore directory, CoffeeChatStore chats, Views views) {
    this.directory = directory;
    this.chats = chats;
    this.views = views;
  }

  /**
   * Mount before MemberRoutes: the API route answers the {@code ?token=} branch and passes every
   * other request on (the organizer's bearer branch is MemberRoutes').
   */
  public void mount(Router r) {
    r.get("/m/:token/directory").handler(this::directoryPage);
    r.get("/api/v1/groups/:group/members").handler(this::membersForMember);
  }

  private void directoryPage(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    JsonObject errors = new JsonObject();
    DirectoryRules.Filter filter = DirectoryRules.filter(ctx.queryParams(), errors);
    directory.byToken(token).compose(me -> {
      if (me == null) return Future.failedFuture(Problem.notFound());
      JsonObject model = new JsonObject().put("title", "Member directory · " + me.groupName())
          .put("group", new JsonObject().put("slug", me.groupSlug()).put("name", me.groupName()))
          .put("token", token).put("memberUrl", "/m/" + token)
          .put("notice", notice(ctx.request().getParam("done")));
      String closed = DirectoryRules.closedBecause(me);
      if (closed != null) {
        return views.render(ctx, "directory", model.put("closed", true).put(closed, true));
      }
      return directory.listed(me).compose(others -> chats.mine(me.id()).compose(mine -> {
        List<DirectoryMember> shown = others.stream()
            .filter(o -> DirectoryRules.matches(o, filter)).toList();
        model.put("filter", filter.view()).put("filtered", filter.any())
            .put("errors", errors.isEmpty() ? null : errors)
            .put("options", options(DirectoryRules.options(others), filter))
            .put("people", cards(shown, mine, token))
            .put("total", others.size()).put("shownCount", shown.size())
            .put("vcfUrl", "/m/" + token + "/directory.vcf")
            .put("perDay", CoffeeChatRules.PER_SENDER_PER_DAY)
            .put("suggestions", suggestions(me, others));
        return views.render(ctx, "directory", model);
      }));
    }).onFailure(ctx::fail);
  }

  private static String notice(String done) {
    if (done == null) return null;
    return switch (done) {
      case "coffee" -> "Coffee chat request sent. We mailed them; you will hear by mail if they accept.";
      default -> null;
    };
  }

  /** The filter choices, with the current one marked selected for the form. */
  private static JsonObject options(JsonObject o, DirectoryRules.Filter f) {
    JsonArray years = new JsonArray();
    for (Object y : o.getJsonArray("classYears")) {
      years.add(new JsonObject().put("value", y).put("selected", y.equals(f.classYear())));
    }
    JsonArray goals = new JsonArray();
    for (Object g : o.getJsonArray("goals")) {
      JsonObject goal = ((JsonObject) g).copy();
      goals.add(goal.put("selected", goal.getString("value").equals(f.goal())));
    }
    return new JsonObject().put("classYears", years)
        .put("chapters", marked(o.getJsonArray("chapters"), f.chapter()))
        .put("industries", marked(o.getJsonArray("industries"), f.industry()))
        .put("topics", marked(o.getJsonArray("topics"), f.topic()))
        .put("goals", goals);
  }

  private static JsonArray marked(JsonArray values, String current) {
    JsonArray out = new JsonArray();
    for (Object v : values) {
      out.add(new JsonObject().put("value", v)
          .put("selected", current != null && current.equalsIgnoreCase((String) v)));
    }
    return out;
  }

  private static JsonArray cards(List<DirectoryMember> shown, Map<UUID, String> mine,
                                 String token) {
    JsonArray out = new JsonArray();
    for (DirectoryMember o : shown) {
      JsonObject c = DirectoryRules.card(o);
      if (c == null) continue;
      if (c.containsKey("goals")) {
        c.put("goalLabels", new JsonArray(DirectoryRules.goalLabels(o.goals())));
      }
      String chat = mine.get(o.id());
      // an accepted coffee chat revealed both addresses to each other
      if ("accepted".equals(chat)) c.put("email", o.email()).put("chatAccepted", true);
      else if ("asked".equals(chat)) c.put("chatAsked", true);
      else if ("asked_you".equals(chat)) c.put("chatAskedYou", true);
      else c.put("chatUrl", "/m/" + token + "/directory/" + o.id() + "/coffee-chat");
      out.add(c);
    }
    return out;
  }

  private static JsonArray suggestions(DirectoryMember me, List<DirectoryMember> others) {
    JsonArray out = new JsonArray();
    for (DirectoryRules.Suggestion s : DirectoryRules.suggestions(me, others)) {
      out.add(new JsonObject().put("id", s.id().toString()).put("name", s.name())
          .put("reasons", new JsonArray(s.reasons())));
    }
    return out;
  }

  /**
   * GET /api/v1/groups/{group}/members?token=: a verified, listed member of this group gets the
   * other listed members, shared fields only, paged; any other token is a 403 (a bad token is
   * not told apart from a closed directory). Without a token the request is not this handler's:
   * a bearer goes on to the organizers' list, and nothing at all is a 403.
   */
  private void membersForMember(RoutingContext ctx) {
    String token = ctx.request().getParam("token");
    if (token == null) {
      if (ctx.request().getHeader("Authorization") != null) ctx.next();
      else ctx.fail(Problem.forbidden());
      return;
    }
    Paging paging = Paging.of(ctx, 100, 500);
    JsonObject errors = new JsonObject();
    DirectoryRules.Filter filter = DirectoryRules.filter(ctx.queryParams(), errors);
    if (!errors.isEmpty()) throw Problem.invalid(errors);
    String group = ctx.pathParam("group");
    directory.byToken(token).compose(me -> {
      if (me == null || !me.groupSlug().equals(group) || DirectoryRules.closedBecause(me) != null) {
        return Future.failedFuture(Problem.forbidden());
      }
      return directory.listed(me).map(others -> {
        List<DirectoryMember> shown = others.stream()
            .filter(o -> DirectoryRules.matches(o, filter)).toList();
        // the cursor is an offset into the list by name: a directory is read, rarely written
        int from = (int) Math.min(paging.after(), shown.size());
        int to = Math.min(from + paging.limit(), shown.size());
        JsonArray items = new JsonArray();
        for (DirectoryMember o : shown.subList(from, to)) items.add(DirectoryRules.card(o));
        return new JsonObject().put("items", items)
            .put("next", to < shown.size() ? String.valueOf(to) : null);
      });
    }).onSuccess(ctx::json).onFailure(ctx::fail);
  }
}
