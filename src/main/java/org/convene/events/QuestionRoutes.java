package org.convene.events;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.convene.web.Views;

/**
 * The organizer's page for an event's questions, {@code /organize/e/{event}/questions}: one row
 * per question, and empty rows to add more (a row left without a question is removed). The API
 * sets them with the event itself ({@code questions} in POST/PATCH), checked by the same rules.
 */
public final class QuestionRoutes {
  private final EventStore events;
  private final EventPages pages;
  private final Views views;
  private final String baseUrl;

  public QuestionRoutes(EventStore events, EventPages pages, Views views, String baseUrl) {
    this.events = events;
    this.pages = pages;
    this.views = views;
    this.baseUrl = baseUrl;
  }

  public void mount(Router r) {
    r.get("/organize/e/:event/questions").handler(this::page);
    r.post("/organize/e/:event/questions").handler(this::save);
  }

  private void page(RoutingContext ctx) {
    pages.webOrganizerEvent(ctx).compose(e -> {
      JsonArray rows = new JsonArray();
      for (Question q : e.questions()) {
        rows.add(new JsonObject().put("id", q.id()).put("label", q.label()).put("kind", q.kind())
            .put("options", String.join("\n", q.options())).put("help", q.help())
            .put("required", q.required()).put("shown", q.shownToAttendees()));
      }
      return render(ctx, 200, e, rows, "saved".equals(ctx.request().getParam("done")));
    }).onFailure(ctx::fail);
  }

  private void save(RoutingContext ctx) {
    MultiMap f = ctx.request().formAttributes();
    pages.webOrganizerEvent(ctx).compose(e -> {
      // rows as typed; those without a question are dropped, the rest checked in order
      JsonArray typed = new JsonArray();
      JsonArray sent = new JsonArray();
      List<Integer> rowOf = new ArrayList<>();
      for (int i = 0; i < QuestionRules.MAX_QUESTIONS; i++) {
        String p = "q" + i + ".";
        JsonObject row = new JsonObject().put("id", f.get(p + "id")).put("label", f.get(p + "label"))
            .put("kind", f.get(p + "kind")).put("options", f.get(p + "options"))
            .put("help", f.get(p + "help")).put("required", f.get(p + "required") != null)
            .put("shown", f.get(p + "shown") != null);
        typed.add(row);
        String label = f.get(p + "label");
        if (label == null || label.isBlank()) continue;
        String kind = f.get(p + "kind");
        JsonObject q = new JsonObject().put("label", label).put("kind", kind)
            .put("required", row.getBoolean("required"))
            .put("shownToAttendees", row.getBoolean("shown"));
        String id = f.get(p + "id");
        if (id != null && !id.isBlank()) q.put("id", id);
        String help = f.get(p + "help");
        if (help != null && !help.isBlank()) q.put("help", help);
        if (Question.ONE.equals(kind) || Question.SEVERAL.equals(kind)) {
          q.put("options", f.get(p + "options") == null ? "" : f.get(p + "options"));
        }
        sent.add(q);
        rowOf.add(i);
      }
      JsonObject errors = new JsonObject();
      List<Question> questions = QuestionRules.check(sent, errors);
      if (!errors.isEmpty()) {
        // "questions[k].label" is the k-th question sent: shown on the row it was typed in
        for (var err : errors) {
          String key = err.getKey();
          int open = key.indexOf('[');
          int close = key.indexOf(']');
          if (open < 0 || close < 0) continue;
          int k = Integer.parseInt(key.substring(open + 1, close));
          String field = close + 2 <= key.length() ? key.substring(close + 2) : "label";
          JsonObject row = typed.getJsonObject(rowOf.get(k));
          row.put("errors", row.getJsonObject("errors", new JsonObject())
              .put(field.isEmpty() ? "label" : field, err.getValue()));
        }
        return render(ctx, 400, e, typed, false);
      }
      return events.setQuestions(e.id(), questions).compose(saved -> {
        ctx.redirect("/organize/e/" + e.id() + "/questions?done=saved");
        return Future.<Void>succeededFuture();
      });
    }).onFailure(ctx::fail);
  }

  private Future<Void> render(RoutingContext ctx, int status, Event e, JsonArray rows,
                              boolean saved) {
    JsonArray out = new JsonArray();
    boolean anyError = false;
    for (int i = 0; i < QuestionRules.MAX_QUESTIONS; i++) {
      JsonObject row = i < rows.size() ? rows.getJsonObject(i).copy() : new JsonObject();
      boolean filled = row.getString("label") != null && !row.getString("label").isBlank();
      // every filled row, then empty ones: two more than there are, at least three
      if (!filled && i >= Math.max(3, e.questions().size() + 2) && !row.containsKey("errors")) {
        continue;
      }
      anyError |= row.containsKey("errors");
      String kind = row.getString("kind", Question.SHORT);
      JsonArray kinds = new JsonArray();
      for (String k : Question.KINDS) {
        kinds.add(new JsonObject().put("value", k).put("label", kindLabel(k))
            .put("selected", k.equals(kind)));
      }
      out.add(row.put("index", i).put("number", i + 1).put("kinds", kinds)
          .put("prefix", "q" + i + "."));
    }
    return views.render(ctx, status, "event-questions", new JsonObject()
        .put("title", "Questions: " + e.title())
        .put("event", EventViews.page(e, baseUrl, true, Instant.now()))
        .put("rows", out).put("saved", saved).put("hasErrors", anyError)
        .put("max", QuestionRules.MAX_QUESTIONS));
  }

  private static String kindLabel(String kind) {
    return switch (kind) {
      case Question.SHORT -> "Short text";
      case Question.LONG -> "Long text";
      case Question.ONE -> "One choice";
      case Question.SEVERAL -> "Several choices";
      default -> "Yes or no";
    };
  }
}
