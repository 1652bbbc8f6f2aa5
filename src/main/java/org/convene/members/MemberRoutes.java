package org.convene.members;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;
import org.convene.core.Problem;
import org.convene.core.Redact;
import org.convene.web.JsonInput;
import org.convene.web.RateLimiter;
import org.convene.web.Views;

/**
 * Joining a group and the member's own page: the join form {@code /g/{group}/join} and its API
 * call, the private page {@code /m/{token}} (profile, sharing, announcements, leave) and
 * {@code GET/PATCH/DELETE /api/v1/members/{token}}. The private link goes by mail only: no
 * answer here gives it to anyone but the one who holds it already.
 */
public final class MemberRoutes {
  private static final Set<String> JOIN_FIELDS = Set.of("name", "email", "profile", "listed",
      "announcements");
  private static final Set<String> CHANGE_FIELDS = Set.of("name", "profile", "listed", "shared",
      "announcements");

  private final MemberStore members;
  private final RateLimiter limits;
  private final java.util.function.Function<RoutingContext, String> client;
  private final int perMinute;
  private final Views views;
  private final String baseUrl;
  private final java.util.function.Function<java.util.UUID, Future<JsonArray>> upcoming;

  /**
   * {@code upcoming}: a group's upcoming published events as page cards (id, path, title, when,
   * membersOnly), from the events feature, which this one does not read itself.
   */
  public MemberRoutes(MemberStore members, RateLimiter limits,
                      java.util.function.Function<RoutingContext, String> client, int perMinute,
                      Views views, String baseUrl,
                      java.util.function.Function<java.util.UUID, Future<JsonArray>> upcoming) {
    this.upcoming = upcoming;
    this.members = members;
    this.limits = limits;
    this.client = client;
    this.perMinute = perMinute;
    this.views = views;
    this.baseUrl = baseUrl;
  }

  public void mount(Router r) {
    r.get("/g/:group/join").handler(this::joinForm);
    r.post("/g/:group/join").handler(this::joinFromForm);
    r.get("/m/:token").handler(this::memberPage);
    r.post("/m/:token").handler(this::changeFromForm);
    r.post("/m/:token/leave").handler(this::leaveFromForm);

    r.post("/api/v1/groups/:group/members").handler(this::joinApi);
    r.get("/api/v1/members/:token").handler(this::getApi);
    r.patch("/api/v1/members/:token").handler(this::patchApi);
    r.delete("/api/v1/members/:token").handler(this::deleteApi);
  }

  // ---- joining ----

  private Future<MemberStore.JoinGroup> group(RoutingContext ctx) {
    return members.group(ctx.pathParam("group"))
        .compose(g -> g == null ? Future.failedFuture(Problem.notFound()) : Future.succeededFuture(g));
  }

  private void joinForm(RoutingContext ctx) {
    group(ctx).compose(g -> renderJoin(ctx, 200, g, new JsonObject().put("announcements", "each"),
        new JsonObject())).onFailure(ctx::fail);
  }

  private Future<Void> renderJoin(RoutingContext ctx, int status, MemberStore.JoinGroup g,
                                  JsonObject form, JsonObject errors) {
    return views.render(ctx, status, "join", new JsonObject()
        .put("title", "Join " + g.name())
        .put("group", new JsonObject().put("slug", g.slug()).put("name", g.name())
            .put("members", g.members()))
        .put("form", form).put("errors", errors.isEmpty() ? null : errors)
        .put("fields", fields(g.asked(), form))
        .put("announcementChoices", announcementChoices(form.getString("announcements"))));
  }

  private void joinFromForm(RoutingContext ctx) {
    MultiMap f = ctx.request().formAttributes();
    JsonObject form = typed(f);
    group(ctx).compose(g -> {
      JsonObject errors = new JsonObject();
      MemberRules.Join j = MemberRules.join(f, g.asked(), errors);
      if (j == null) return renderJoin(ctx, 400, g, form, errors);
      return limits.hit("join:" + client.apply(ctx), perMinute)
          .compose(x -> members.join(g, j))
          .compose(x -> views.render(ctx, "join-sent", new JsonObject()
              .put("title", "Check your inbox")
              .put("group", new JsonObject().put("slug", g.slug()).put("name", g.name()))
              .put("name", j.name()).put("sentTo", Redact.maskedEmail(j.email()))))
          .recover(err -> err instanceof Problem p && p.is(Problem.Kind.RATE_LIMITED)
              ? renderJoin(ctx, 429, g, form, new JsonObject().put("form", p.getMessage()))
              : Future.failedFuture(err));
    }).onFailure(ctx::fail);
  }

  private void joinApi(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, JOIN_FIELDS);
    group(ctx).compose(g -> {
      JsonObject errors = new JsonObject();
      MemberRules.Join j = MemberRules.join(in.raw(), g.asked(), errors);
      if (j == null) return Future.failedFuture(Problem.invalid(errors));
      return limits.hit("join:" + client.apply(ctx), perMinute).compose(x -> members.join(g, j));
    }).onSuccess(x -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("status", "pending")
            .put("message", "We mailed a link to that address; the join counts once it is opened.")
            .encode()))
        .onFailure(ctx::fail);
  }

  // ---- the member's own page ----

  private Future<Member> member(RoutingContext ctx) {
    return members.open(ctx.pathParam("token"))
        .compose(m -> m == null ? Future.failedFuture(Problem.notFound()) : Future.succeededFuture(m));
  }

  private void memberPage(RoutingContext ctx) {
    member(ctx).compose(m -> renderMember(ctx, 200, m, formOf(m), new JsonObject(),
        "saved".equals(ctx.request().getParam("done")))).onFailure(ctx::fail);
  }

  private Future<Void> renderMember(RoutingContext ctx, int status, Member m, JsonObject form,
                                    JsonObject errors, boolean saved) {
    DirectoryMember who = m.who();
    JsonArray shared = new JsonArray();
    List<String> shareable = new java.util.ArrayList<>(List.of("email"));
    shareable.addAll(m.asked());
    JsonArray chosen = form.getJsonArray("shared", new JsonArray());
    for (String s : shareable) {
      shared.add(new JsonObject().put("value", s).put("label", label(s)).put("checked", chosen.contains(s)));
    }
    return upcoming.apply(who.groupId()).compose(events -> views.render(ctx, status, "member",
        new JsonObject()
        .put("events", rsvpLinks(events, who.token()))
        .put("title", "Your membership · " + who.groupName())
        .put("group", new JsonObject().put("slug", who.groupSlug()).put("name", who.groupName()))
        .put("token", who.token()).put("email", who.email())
        .put("saved", saved).put("form", form).put("errors", errors.isEmpty() ? null : errors)
        .put("fields", fields(m.asked(), form)).put("shareChoices", shared)
        .put("announcementChoices", announcementChoices(form.getString("announcements")))));
  }

  /** A members-only event is answered from the member's own link, which proves membership. */
  private static JsonArray rsvpLinks(JsonArray events, String token) {
    JsonArray out = new JsonArray();
    for (Object o : events) {
      JsonObject e = ((JsonObject) o).copy();
      out.add(e.put("rsvpPath", e.getBoolean("membersOnly", false)
          ? "/m/" + token + "/e/" + e.getString("id") : e.getString("path")));
    }
    return out;
  }

  private void changeFromForm(RoutingContext ctx) {
    MultiMap f = ctx.request().formAttributes();
    member(ctx).compose(m -> {
      JsonObject errors = new JsonObject();
      MemberRules.Change c = MemberRules.change(f, m.asked(), m.who(), errors);
      if (c == null) {
        return renderMember(ctx, 400, m, typed(f).put("listed", "1".equals(f.get("listed")))
            .put("shared", new JsonArray(f.getAll("shared"))), errors, false);
      }
      return members.change(m.who().id(), c).map(x -> {
        ctx.redirect("/m/" + m.who().token() + "?done=saved");
        return (Void) null;
      });
    }).onFailure(ctx::fail);
  }

  private void leaveFromForm(RoutingContext ctx) {
    member(ctx).compose(m -> members.leave(m.who().id())
        .compose(x -> views.render(ctx, "member-left", new JsonObject()
            .put("title", "You left " + m.who().groupName())
            .put("group", new JsonObject().put("slug", m.who().groupSlug())
                .put("name", m.who().groupName())))))
        .onFailure(ctx::fail);
  }

  private void getApi(RoutingContext ctx) {
    member(ctx).onSuccess(m -> ctx.json(m.json(baseUrl))).onFailure(ctx::fail);
  }

  private void patchApi(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, CHANGE_FIELDS);
    member(ctx).compose(m -> {
      JsonObject errors = new JsonObject();
      MemberRules.Change c = MemberRules.change(in.raw(), m.who(), errors);
      if (c == null) return Future.failedFuture(Problem.invalid(errors));
      return members.change(m.who().id(), c);
    }).onSuccess(m -> ctx.json(m.json(baseUrl))).onFailure(ctx::fail);
  }

  private void deleteApi(RoutingContext ctx) {
    member(ctx).compose(m -> members.leave(m.who().id()))
        .onSuccess(x -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  // ---- form models ----

  /** The member's current details as the page's form shows them. */
  private static JsonObject formOf(Member m) {
    DirectoryMember w = m.who();
    return new JsonObject().put("name", w.name()).put("classYear", w.classYear())
        .put("programme", w.programme()).put("chapter", w.chapter()).put("industry", w.industry())
        .put("employer", w.employer()).put("headline", w.headline()).put("url", w.profileUrl())
        .put("goals", new JsonArray(w.goals())).put("topics", String.join(", ", w.topics()))
        .put("listed", w.listed())
        .put("shared", new JsonArray(MemberRules.SHAREABLE.stream().filter(w::shares).toList()))
        .put("announcements", m.announcements());
  }

  /** What was typed, to show again with the errors. */
  private static JsonObject typed(MultiMap f) {
    return new JsonObject().put("name", f.get("name")).put("email", f.get("email"))
        .put("classYear", f.get("classYear")).put("programme", f.get("programme"))
        .put("chapter", f.get("chapter")).put("industry", f.get("industry"))
        .put("employer", f.get("employer")).put("headline", f.get("headline"))
        .put("url", f.get("url")).put("goals", new JsonArray(f.getAll("goals")))
        .put("topics", f.get("topics")).put("announcements", f.get("announcements"));
  }

  /** Which member fields the form shows, and the goal checkboxes. */
  private static JsonObject fields(List<String> asked, JsonObject form) {
    JsonObject out = new JsonObject();
    for (String f : asked) out.put(f, true);
    JsonArray goals = new JsonArray();
    JsonArray chosen = form.getJsonArray("goals", new JsonArray());
    DirectoryRules.GOAL_LABELS.forEach((value, label) -> goals.add(new JsonObject()
        .put("value", value).put("label", label).put("checked", chosen.contains(value))));
    return out.put("goalChoices", goals);
  }

  private static JsonArray announcementChoices(String current) {
    JsonArray out = new JsonArray();
    out.add(choice("each", "Mail me about each new event", current));
    out.add(choice("weekly", "One mail a week with the new events", current));
    out.add(choice("none", "No mail about new events", current));
    return out;
  }

  private static JsonObject choice(String value, String label, String current) {
    return new JsonObject().put("value", value).put("label", label)
        .put("checked", value.equals(current == null ? "each" : current));
  }

  private static String label(String field) {
    return switch (field) {
      case "email" -> "My email address";
      case "class_year" -> "Class year";
      case "programme" -> "Programme or degree";
      case "chapter" -> "Chapter or city";
      case "industry" -> "Industry";
      case "employer" -> "Employer";
      case "headline" -> "Headline";
      case "profile_url" -> "Profile link";
      case "goals" -> "What I am here for";
      case "topics" -> "Topics";
      default -> field;
    };
  }
}
