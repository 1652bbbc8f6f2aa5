package org.convene.groups;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.convene.accounts.Account;
import org.convene.accounts.AccountStore;
import org.convene.accounts.Auth;
import org.convene.web.Fields;
import org.convene.core.Problem;
import org.convene.web.JsonInput;
import org.convene.web.Views;

/** The organizer dashboard, group settings and organizers, and /api/v1/groups. */
public final class GroupRoutes {
  private final GroupStore groups;
  private final GroupEvents events;
  private final AccountStore accounts;
  private final Access access;
  private final Auth auth;
  private final Views views;
  private final String baseUrl;

  public GroupRoutes(GroupStore groups, GroupEvents events, AccountStore accounts, Access access,
                     Auth auth, Views views, String baseUrl) {
    this.groups = groups;
    this.events = events;
    this.accounts = accounts;
    this.access = access;
    this.auth = auth;
    this.views = views;
    this.baseUrl = baseUrl;
  }

  private Function<Group, Future<JsonObject>> organizerPart =
      g -> Future.succeededFuture(new JsonObject());

  /**
   * Lets a feature above groups add to the group's page for those who manage its events (the
   * charts); wired at start. Check-in helpers see the page without it.
   */
  public GroupRoutes withOrganizerPart(Function<Group, Future<JsonObject>> part) {
    this.organizerPart = part;
    return this;
  }

  public void mount(Router r) {
    r.get("/organize").handler(this::dashboard);
    r.get("/organize/groups/new").handler(this::newGroupPage);
    r.post("/organize/groups").handler(this::createGroupFromForm);
    r.get("/organize/g/:group").handler(this::manageGroupPage);
    r.post("/organize/g/:group").handler(this::updateGroupFromForm);
    r.post("/organize/g/:group/organizers").handler(this::addOrganizerFromForm);
    r.post("/organize/g/:group/retention").handler(this::retentionFromForm);
    r.post("/organize/g/:group/organizers/:accountId/remove").handler(this::removeOrganizerFromForm);

    r.post("/api/v1/groups").handler(this::createGroup);
    r.get("/api/v1/groups/:group").handler(this::getGroup);
    r.patch("/api/v1/groups/:group").handler(this::patchGroup);
    r.get("/api/v1/groups/:group/organizers").handler(this::listOrganizers);
    r.post("/api/v1/groups/:group/organizers").handler(this::addOrganizer);
  }

  // ---- organizer pages ----

  private void dashboard(RoutingContext ctx) {
    auth.requireWeb(ctx).compose(me -> groups.mine(me.id()).compose(mine -> {
      List<Future<JsonObject>> cards = mine.stream().map(m -> events.cards(m.group().id())
          .map(list -> m.group().view().put("role", m.role())
              .put("canManageEvents", Access.MANAGE_EVENTS.contains(m.role()))
              .put("events", list))).toList();
      return Future.all(cards).compose(all -> accounts.tokens(me.id()).compose(tokens ->
          views.render(ctx, "organize", new JsonObject()
              .put("title", "Your groups and events")
              .put("groups", new JsonArray(all.list()))
              .put("tokens", tokens))));
    })).onFailure(ctx::fail);
  }

  private void newGroupPage(RoutingContext ctx) {
    auth.requireWeb(ctx).compose(me -> views.render(ctx, "group-form", new JsonObject()
            .put("title", "New group").put("isNew", true)
            .put("form", new JsonObject().put("kind", "alumni")).put("kinds", kinds("alumni"))))
        .onFailure(ctx::fail);
  }

  private void createGroupFromForm(RoutingContext ctx) {
    var f = ctx.request().formAttributes();
    JsonObject typed = new JsonObject().put("slug", f.get("slug")).put("name", f.get("name"))
        .put("kind", f.get("kind")).put("description", f.get("description"));
    auth.requireWeb(ctx).compose(me -> {
      GroupRules.Checked c = GroupRules.check(f.get("slug"), f.get("name"), f.get("kind"),
          f.get("description"));
      if (!c.ok()) return formErrors(ctx, "group-form", "New group", typed, c.errors(), true);
      return groups.create(c.group(), me.id())
          .onSuccess(g -> ctx.redirect("/organize/g/" + g.slug()))
          .<Void>mapEmpty()
          .recover(e -> e instanceof Problem h && h.is(Problem.Kind.CONFLICT)
              ? formErrors(ctx, "group-form", "New group", typed, h.details(), true)
              : Future.failedFuture(e));
    }).onFailure(ctx::fail);
  }

  private void manageGroupPage(RoutingContext ctx) {
    withGroupRole(ctx, Access.CHECK_IN).compose(gr -> renderManage(ctx, gr.group(), gr.role(),
        null, null)).onFailure(ctx::fail);
  }

  private Future<Void> renderManage(RoutingContext ctx, Group g, String role, JsonObject form,
                                    JsonObject errors) {
    Future<JsonObject> part = Access.MANAGE_EVENTS.contains(role) ? organizerPart.apply(g)
        : Future.succeededFuture(new JsonObject());
    return part.compose(extra -> events.cards(g.id()).compose(list ->
        groups.members(g.id()).compose(members -> groups.retentionDays(g.id()).compose(retention -> {
      JsonObject typed = form != null ? form : new JsonObject().put("slug", g.slug())
          .put("name", g.name()).put("kind", g.kind()).put("description", g.description());
      return views.render(ctx, errors == null ? 200 : 400, "group-manage", new JsonObject()
          .put("title", g.name())
          .put("group", g.view())
          .put("role", role)
          .put("isOwner", Group.OWNER.equals(role))
          .put("canManageEvents", Access.MANAGE_EVENTS.contains(role))
          .put("form", typed)
          .put("kinds", kinds(typed.getString("kind")))
          .put("errors", errors == null ? new JsonObject() : errors)
          .put("members", members)
          .put("retentionDays", form != null && form.containsKey("retentionDays")
              ? form.getValue("retentionDays") : retention)
          .put("events", list)
          .mergeIn(extra));
    }))));
  }

  private void retentionFromForm(RoutingContext ctx) {
    String raw = ctx.request().getFormAttribute("retentionDays");
    withGroupRole(ctx, Access.MANAGE_EVENTS).compose(gr -> {
      Integer days = null;
      String problem = null;
      if (raw != null && !raw.isBlank()) {
        try {
          days = Integer.parseInt(raw.trim());
          problem = GroupRules.retentionProblem(days);
        } catch (NumberFormatException e) {
          problem = "Enter a whole number of days, or leave it empty to keep details.";
        }
      }
      if (problem != null) {
        return renderManage(ctx, gr.group(), gr.role(), null,
            new JsonObject().put("retentionDays", problem));
      }
      return groups.setRetentionDays(gr.group().id(), days)
          .onSuccess(v -> ctx.redirect("/organize/g/" + gr.group().slug() + "#retention"));
    }).onFailure(ctx::fail);
  }

  private void updateGroupFromForm(RoutingContext ctx) {
    var f = ctx.request().formAttributes();
    withGroupRole(ctx, Access.MANAGE_EVENTS).compose(gr -> {
      GroupRules.Checked c = GroupRules.check(gr.group().slug(), f.get("name"), f.get("kind"),
          f.get("description"));
      JsonObject typed = new JsonObject().put("slug", gr.group().slug()).put("name", f.get("name"))
          .put("kind", f.get("kind")).put("description", f.get("description"));
      if (!c.ok()) return renderManage(ctx, gr.group(), gr.role(), typed, c.errors());
      return groups.update(gr.group().id(), c.group())
          .onSuccess(v -> ctx.redirect("/organize/g/" + gr.group().slug()));
    }).onFailure(ctx::fail);
  }

  private void addOrganizerFromForm(RoutingContext ctx) {
    var f = ctx.request().formAttributes();
    withGroupRole(ctx, Access.MANAGE_GROUP).compose(gr -> {
      String email = Fields.normalizeEmail(f.get("email"));
      String role = f.get("role");
      JsonObject errors = new JsonObject();
      if (email == null) errors.put("memberEmail", "Enter the email of their organizer account.");
      if (role == null || !GroupRules.ROLES.contains(role)) errors.put("memberRole", "Choose a role.");
      if (!errors.isEmpty()) return renderManage(ctx, gr.group(), gr.role(), null, errors);
      return groups.addMember(gr.group().id(), email, role)
          .onSuccess(v -> ctx.redirect("/organize/g/" + gr.group().slug() + "#organizers"))
          .recover(e -> e instanceof Problem h && (h.is(Problem.Kind.NOT_FOUND) || h.is(Problem.Kind.CONFLICT))
              ? renderManage(ctx, gr.group(), gr.role(), null, new JsonObject()
                  .put(h.is(Problem.Kind.NOT_FOUND) ? "memberEmail" : "memberRole", h.getMessage()))
              : Future.failedFuture(e));
    }).onFailure(ctx::fail);
  }

  private void removeOrganizerFromForm(RoutingContext ctx) {
    withGroupRole(ctx, Access.MANAGE_GROUP).compose(gr -> {
      UUID id;
      try {
        id = UUID.fromString(ctx.pathParam("accountId"));
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(Problem.notFound());
      }
      return groups.removeMember(gr.group().id(), id)
          .onSuccess(v -> ctx.redirect("/organize/g/" + gr.group().slug() + "#organizers"))
          .mapEmpty();
    }).onFailure(ctx::fail);
  }

  // ---- API ----

  private void createGroup(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, Set.of("slug", "name", "kind", "description"));
    GroupRules.Checked c = GroupRules.check(in.string("slug"), in.string("name"),
        in.string("kind"), in.string("description"));
    c.errors().forEach(e -> in.error(e.getKey(), (String) e.getValue()));
    auth.apiAccount(ctx).compose(me -> {
      in.check();
      return groups.create(c.group(), me.id());
    }).onSuccess(g -> ctx.response().setStatusCode(201)
            .putHeader("Content-Type", "application/json")
            .putHeader("Location", "/api/v1/groups/" + g.slug())
            // a new group keeps attendee details until an organizer sets a retention period,
            // and its join form asks for every member field until they choose
            .end(g.api(baseUrl).put("retentionDays", null).put("memberFields", new JsonArray())
                .encode()))
        .onFailure(ctx::fail);
  }

  private void getGroup(RoutingContext ctx) {
    groups.bySlug(ctx.pathParam("group"))
        .compose(g -> g == null ? Future.failedFuture(Problem.notFound())
            : Future.succeededFuture(g))
        .compose(g -> groups.retentionDays(g.id())
            .compose(days -> groups.memberFields(g.id()).map(fields -> g.api(baseUrl)
                .put("retentionDays", days).put("memberFields", new JsonArray(fields)))))
        .onSuccess(ctx::json)
        .onFailure(ctx::fail);
  }

  private void patchGroup(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, Set.of("name", "kind", "description", "retentionDays",
        "memberFields"));
    Integer retention = in.integer("retentionDays");
    String retentionProblem = GroupRules.retentionProblem(retention);
    if (retentionProblem != null) in.error("retentionDays", retentionProblem);
    List<String> memberFields = memberFields(in);
    apiGroupRole(ctx, Access.MANAGE_EVENTS).compose(gr -> {
      Group g = gr.group();
      GroupRules.Checked c = GroupRules.check(g.slug(),
          in.has("name") ? in.string("name") : g.name(),
          in.has("kind") ? in.string("kind") : g.kind(),
          in.has("description") ? in.string("description") : g.description());
      c.errors().forEach(e -> in.error(e.getKey(), (String) e.getValue()));
      in.check();
      return groups.update(g.id(), c.group())
          .compose(v -> in.has("retentionDays")
              ? groups.setRetentionDays(g.id(), retention) : Future.<Void>succeededFuture())
          .compose(v -> memberFields != null
              ? groups.setMemberFields(g.id(), memberFields) : Future.<Void>succeededFuture())
          .compose(v -> groups.byId(g.id()))
          .compose(updated -> groups.retentionDays(g.id())
              .compose(days -> groups.memberFields(g.id()).map(fields -> updated.api(baseUrl)
                  .put("retentionDays", days).put("memberFields", new JsonArray(fields)))));
    }).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void listOrganizers(RoutingContext ctx) {
    apiGroupRole(ctx, Access.CHECK_IN)
        .compose(gr -> groups.members(gr.group().id()))
        .onSuccess(m -> ctx.json(new JsonObject().put("organizers", m)))
        .onFailure(ctx::fail);
  }

  private void addOrganizer(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, Set.of("email", "role"));
    String email = Fields.normalizeEmail(in.string("email"));
    String role = in.string("role") == null ? Group.ORGANIZER : in.string("role");
    if (email == null) in.error("email", "must be an email address");
    if (!GroupRules.ROLES.contains(role)) in.error("role", "must be owner, organizer or checkin");
    apiGroupRole(ctx, Access.MANAGE_GROUP).compose(gr -> {
      in.check();
      return groups.addMember(gr.group().id(), email, role).compose(v -> groups.members(gr.group().id()));
    }).onSuccess(m -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("organizers", m).encode())).onFailure(ctx::fail);
  }

  // ---- helpers ----

  /** PATCH's memberFields: which member fields the join form asks for ([] = all); null = unchanged. */
  private static List<String> memberFields(JsonInput in) {
    if (!in.has("memberFields")) return null;
    JsonArray a = in.array("memberFields");
    if (a == null) {
      in.error("memberFields", "must be a list of member fields");
      return null;
    }
    List<String> fields = new java.util.ArrayList<>();
    for (Object o : a) fields.add(o instanceof String str ? str : null);
    String problem = GroupRules.memberFieldsProblem(fields);
    if (problem != null) in.error("memberFields", problem);
    return problem == null ? fields : null;
  }

  private Future<Access.Granted> withGroupRole(RoutingContext ctx, List<String> allowed) {
    return auth.requireWeb(ctx).compose(me -> access.requireGroup(ctx.pathParam("group"), me,
        allowed));
  }

  private Future<Access.Granted> apiGroupRole(RoutingContext ctx, List<String> allowed) {
    return auth.apiAccount(ctx).compose(me -> access.requireGroup(ctx.pathParam("group"), me,
        allowed));
  }

  private Future<Void> formErrors(RoutingContext ctx, String template, String title,
                                  JsonObject typed, JsonObject errors, boolean isNew) {
    return views.render(ctx, 400, template, new JsonObject().put("title", title)
        .put("isNew", isNew).put("form", typed).put("errors", errors)
        .put("kinds", kinds(typed.getString("kind"))));
  }

  static JsonArray kinds(String selected) {
    Map<String, String> labels = new HashMap<>();
    labels.put("alumni", "Alumni association");
    labels.put("professional", "Professional association");
    labels.put("community", "Community");
    JsonArray out = new JsonArray();
    for (String k : GroupRules.KINDS) {
      out.add(new JsonObject().put("value", k).put("label", labels.get(k))
          .put("selected", k.equals(selected)));
    }
    return out;
  }


}
