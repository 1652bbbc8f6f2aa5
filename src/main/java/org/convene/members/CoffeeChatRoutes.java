package org.convene.members;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.convene.core.Problem;
import org.convene.web.JsonInput;
import org.convene.web.Views;

/**
 * Coffee chats between members on the directory: the request form (from the directory) and its
 * API call, and the answer page behind the mailed link with its API calls. The answer link goes
 * by mail only, to the person asked: no answer here ever carries it.
 */
public final class CoffeeChatRoutes {
  private static final Set<String> REQUEST_FIELDS = Set.of("to", "message", "times", "timeZone",
      "minutes");
  private static final Set<String> ACCEPT_FIELDS = Set.of("time", "timeZone");

  private final DirectoryStore directory;
  private final CoffeeChatStore chats;
  private final Views views;

  public CoffeeChatRoutes(DirectoryStore directory, CoffeeChatStore chats, Views views) {
    this.directory = directory;
    this.chats = chats;
    this.views = views;
  }

  public void mount(Router r) {
    r.get("/m/:token/directory/:member/coffee-chat").handler(this::requestForm);
    r.post("/m/:token/directory/:member/coffee-chat").handler(this::requestFromForm);
    r.get("/coffee/:token").handler(this::answerPage);
    r.post("/coffee/:token/accept").handler(this::acceptFromForm);
    r.post("/coffee/:token/decline").handler(this::declineFromForm);

    r.post("/api/v1/members/:token/coffee-chats").handler(this::requestApi);
    r.get("/api/v1/coffee-chats/:token").handler(this::getApi);
    r.post("/api/v1/coffee-chats/:token/accept").handler(this::acceptApi);
    r.post("/api/v1/coffee-chats/:token/decline").handler(this::declineApi);
  }

  // ---- asking ----

  /** The member behind the link and the member they would ask, both on the directory, or 404. */
  private record Pair(DirectoryMember me, DirectoryMember other) {}

  private Future<Pair> pair(String token, String otherId) {
    UUID id;
    try {
      id = UUID.fromString(otherId);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(Problem.notFound());
    }
    return directory.byToken(token).compose(me -> {
      if (me == null) return Future.failedFuture(Problem.notFound());
      if (!me.onDirectory()) return Future.succeededFuture(new Pair(me, null));
      return directory.byId(id).compose(other -> other == null || !other.onDirectory()
          || !other.groupId().equals(me.groupId()) || other.id().equals(me.id())
          ? Future.failedFuture(Problem.notFound())
          : Future.succeededFuture(new Pair(me, other)));
    });
  }

  private void requestForm(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    pair(token, ctx.pathParam("member")).compose(p -> {
      if (p.other() == null) {
        ctx.redirect("/m/" + token + "/directory");
        return Future.succeededFuture();
      }
      return renderForm(ctx, 200, p, new JsonObject().put("timeZone", "UTC"), new JsonObject());
    }).onFailure(ctx::fail);
  }

  private Future<Void> renderForm(RoutingContext ctx, int status, Pair p, JsonObject form,
                                  JsonObject errors) {
    JsonArray times = new JsonArray();
    JsonArray given = form.getJsonArray("times", new JsonArray());
    for (int i = 0; i < CoffeeChatRules.MAX_TIMES; i++) {
      times.add(new JsonObject().put("n", i + 1).put("fieldId", "time-" + (i + 1))
          .put("value", i < given.size() ? given.getString(i) : "")
          .put("error", errors.getString("times." + i)));
    }
    JsonObject card = DirectoryRules.card(p.other());
    if (card.containsKey("goals")) {
      card.put("goalLabels", new JsonArray(DirectoryRules.goalLabels(p.other().goals())));
    }
    return views.render(ctx, status, "coffee-chat-form", new JsonObject()
        .put("title", "Ask " + p.other().name() + " for a coffee chat")
        .put("group", new JsonObject().put("slug", p.me().groupSlug()).put("name", p.me().groupName()))
        .put("token", p.me().token()).put("other", card)
        .put("action", "/m/" + p.me().token() + "/directory/" + p.other().id() + "/coffee-chat")
        .put("form", form).put("times", times)
        .put("zones", CoffeeChatRules.zoneOptions(form.getString("timeZone")))
        .put("zoneChosen", form.getBoolean("zoneChosen", false))
        .put("errors", errors.isEmpty() ? null : errors)
        .put("perDay", CoffeeChatRules.PER_SENDER_PER_DAY));
  }

  private void requestFromForm(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    MultiMap f = ctx.request().formAttributes();
    List<String> times = new ArrayList<>(f.getAll("times"));
    JsonObject form = new JsonObject().put("message", f.get("message"))
        .put("times", new JsonArray(times)).put("timeZone", f.get("timeZone"))
        .put("zoneChosen", true);
    pair(token, ctx.pathParam("member")).compose(p -> {
      if (p.other() == null) return Future.failedFuture(Problem.forbidden());
      JsonObject errors = new JsonObject();
      CoffeeChatRules.Valid v = CoffeeChatRules.request(p.other().id().toString(), f.get("message"),
          times, f.get("timeZone"), null, Instant.now(), errors);
      if (v == null) return renderForm(ctx, 400, p, form, errors);
      return chats.request(p.me().id(), v)
          .compose(id -> {
            ctx.redirect("/m/" + token + "/directory?done=coffee#m-" + p.other().id());
            return Future.<Void>succeededFuture();
          })
          .recover(err -> err instanceof Problem h
              && (h.is(Problem.Kind.CONFLICT) || h.is(Problem.Kind.RATE_LIMITED))
              ? renderForm(ctx, h.is(Problem.Kind.CONFLICT) ? 409 : 429, p, form,
                  new JsonObject().put("form", h.getMessage()))
              : Future.failedFuture(err));
    }).onFailure(ctx::fail);
  }

  private void requestApi(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, REQUEST_FIELDS);
    String to = in.string("to");
    String message = in.string("message");
    String zone = in.string("timeZone");
    Integer minutes = in.integer("minutes");
    JsonArray rawTimes = in.array("times");
    List<String> times = new ArrayList<>();
    if (rawTimes != null) {
      for (int i = 0; i < rawTimes.size(); i++) {
        if (rawTimes.getValue(i) instanceof String s) times.add(s);
        else in.error("times." + i, "must be a local time such as 2026-12-10T09:30");
      }
    }
    in.check();
    JsonObject errors = new JsonObject();
    CoffeeChatRules.Valid v = CoffeeChatRules.request(to, message, times, zone, minutes,
        Instant.now(), errors);
    if (v == null) throw Problem.invalid(errors);
    directory.byToken(ctx.pathParam("token")).compose(me -> {
      if (me == null) return Future.failedFuture(Problem.notFound());
      if (!me.onDirectory()) return Future.failedFuture(Problem.forbidden());
      return chats.request(me.id(), v);
    }).onSuccess(id -> ctx.response().setStatusCode(201)
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("id", id.toString()).put("status", "sent").encode()))
        .onFailure(ctx::fail);
  }

  // ---- answering (the mailed link) ----

  private void answerPage(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    chats.byToken(token).compose(chat -> {
      if (chat == null) return Future.failedFuture(Problem.notFound());
      return renderAnswer(ctx, 200, chat, token, null, null, new JsonObject());
    }).onFailure(ctx::fail);
  }

  /**
   * The answer page. {@code done} is "accepted" or "declined" just now, or null; {@code before}
   * the chat as it was before this answer (for "already answered").
   */
  private Future<Void> renderAnswer(RoutingContext ctx, int status, CoffeeChat chat, String token,
                                    String done, String chosenZone, JsonObject errors) {
    ZoneId zone = chosenZone == null ? chat.zone() : CoffeeChatRules.zone(chosenZone);
    if (zone == null) zone = chat.zone();
    JsonArray times = new JsonArray();
    Instant now = Instant.now();
    for (Instant t : chat.times()) {
      times.add(new JsonObject().put("value", t.toString()).put("shown", CoffeeChatRules.shown(t, zone))
          .put("past", !t.isAfter(now)));
    }
    JsonObject from = DirectoryRules.card(chat.requester());
    if (from == null) from = new JsonObject().put("name", chat.requester().name());
    if (from.containsKey("goals")) {
      from.put("goalLabels", new JsonArray(DirectoryRules.goalLabels(chat.requester().goals())));
    }
    boolean accepted = chat.accepted() || "accepted".equals(done);
    // acceptance revealed the requester's address to the person asked; a decline reveals nothing
    if (accepted) from.put("email", chat.requester().email());
    JsonObject model = new JsonObject()
        .put("title", "Coffee chat with " + chat.requester().name())
        .put("groupName", chat.requester().groupName())
        .put("from", from).put("message", chat.message()).put("minutes", chat.minutes())
        .put("times", times).put("token", token)
        .put("zones", CoffeeChatRules.zoneOptions(zone.getId()))
        .put("pending", chat.pending() && done == null)
        .put("expired", chat.pending() && chat.expired(now))
        .put("withdrawn", chat.pending() && !chat.requester().onDirectory())
        .put("accepted", accepted)
        .put("declined", "declined".equals(done) || chat.status().equals(CoffeeChat.DECLINED))
        .put("justAnswered", done != null)
        .put("acceptedAt", chat.acceptedTime() == null ? null
            : CoffeeChatRules.shown(chat.acceptedTime(), chat.zoneOf(chat.target().id())))
        .put("errors", errors.isEmpty() ? null : errors);
    return views.render(ctx, status, "coffee-chat-answer", model);
  }

  private void acceptFromForm(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    String time = ctx.request().getFormAttribute("time");
    String zoneName = ctx.request().getFormAttribute("timeZone");
    ZoneId zone = CoffeeChatRules.zone(zoneName);
    chats.byToken(token).compose(chat -> {
      if (chat == null) return Future.failedFuture(Problem.notFound());
      if (zone == null) {
        return renderAnswer(ctx, 400, chat, token, null, null,
            new JsonObject().put("timeZone", "Choose your time zone."));
      }
      return chats.accept(token, time, zone).compose(before -> {
        if (before == null) return Future.failedFuture(Problem.notFound());
        boolean already = !before.pending();
        return chats.byToken(token).compose(now -> renderAnswer(ctx, 200, now, token,
            already ? null : "accepted", zone.getId(), new JsonObject()));
      }).recover(err -> err instanceof Problem h && h.is(Problem.Kind.INVALID)
          ? renderAnswer(ctx, 400, chat, token, null, zone.getId(), h.details())
          : Future.failedFuture(err));
    }).onFailure(ctx::fail);
  }

  private void declineFromForm(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    chats.decline(token).compose(before -> {
      if (before == null) return Future.failedFuture(Problem.notFound());
      boolean already = !before.pending();
      return chats.byToken(token).compose(now -> renderAnswer(ctx, 200, now, token,
          already ? null : "declined", null, new JsonObject()));
    }).onFailure(ctx::fail);
  }

  private void getApi(RoutingContext ctx) {
    chats.byToken(ctx.pathParam("token")).compose(chat -> chat == null
            ? Future.failedFuture(Problem.notFound()) : Future.succeededFuture(json(chat)))
        .onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void acceptApi(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, ACCEPT_FIELDS);
    String time = in.string("time");
    String zoneName = in.string("timeZone");
    ZoneId zone = zoneName == null ? null : CoffeeChatRules.zone(zoneName);
    if (zoneName != null && zone == null) in.error("timeZone", "must be a time zone such as Europe/Berlin");
    if (time == null) in.error("time", "one of the proposed times (startsAtUtc, or startsAt in the request's zone)");
    in.check();
    String token = ctx.pathParam("token");
    chats.accept(token, time, zone).compose(before -> before == null
            ? Future.failedFuture(Problem.notFound())
            : chats.byToken(token).map(now -> json(now).put("alreadyAnswered", !before.pending())))
        .onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void declineApi(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    chats.decline(token).compose(before -> before == null
            ? Future.failedFuture(Problem.notFound())
            : chats.byToken(token).map(now -> json(now).put("alreadyAnswered", !before.pending())))
        .onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /** The chat as the person asked sees it: the requester's shared card, their email once accepted. */
  private static JsonObject json(CoffeeChat chat) {
    JsonObject from = DirectoryRules.card(chat.requester());
    if (from == null) from = new JsonObject().put("id", chat.requester().id().toString())
        .put("name", chat.requester().name());
    if (chat.accepted()) from.put("email", chat.requester().email());
    ZoneId mine = chat.zoneOf(chat.target().id());
    return new JsonObject().put("id", chat.id().toString()).put("status", chat.status())
        .put("from", from).put("message", chat.message()).put("minutes", chat.minutes())
        .put("timeZone", chat.zone().getId())
        .put("times", CoffeeChatRules.timesJson(chat.times(), chat.zone()))
        .put("acceptedTime", chat.acceptedTime() == null ? null
            : CoffeeChatRules.timeJson(chat.acceptedTime(), mine));
  }
}
