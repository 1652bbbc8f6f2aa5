package org.convene.rsvp;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.convene.core.Config;
import org.convene.core.Problem;
import org.convene.core.Redact;
import org.convene.events.Event;
import org.convene.events.EventStore;
import org.convene.events.EventViews;
import org.convene.events.SeriesStore;
import org.convene.web.ClientAddress;
import org.convene.web.JsonInput;
import org.convene.web.RateLimiter;
import org.convene.web.Views;

/**
 * "RSVP to all upcoming" of a series: {@code /s/{series}/rsvp} (the form and its answer) and
 * {@code POST /api/v1/series/{series}/rsvps}. One answer per open date, each an ordinary RSVP
 * (its own seat or place in line, confirmation, invite and private link), with the answers to
 * the questions, which every date of a series shares.
 */
public final class SeriesRsvpRoutes {
  private final SeriesStore series;
  private final Rsvping rsvping;
  private final ClientAddress clients;
  private final Views views;
  private final Config config;

  public SeriesRsvpRoutes(SeriesStore series, RsvpStore rsvps, AnswerStore answers,
                          EventStore events, RateLimiter limits, ClientAddress clients,
                          Views views, Config config) {
    this.series = series;
    this.rsvping = new Rsvping(answers, rsvps, events, limits, config);
    this.clients = clients;
    this.views = views;
    this.config = config;
  }

  public void mount(Router r) {
    r.get("/s/:series/rsvp").handler(this::form);
    r.post("/s/:series/rsvp").handler(this::rsvpFromForm);
    r.post("/api/v1/series/:series/rsvps").handler(this::rsvpApi);
  }

  /** The series and its dates still open to a public answer (published, not started, not closed). */
  private record Open(SeriesStore.Series series, List<Event> dates, Event first) {}

  private Future<Open> open(String id) {
    return series.find(id).compose(s -> {
      if (s == null) return Future.failedFuture(Problem.notFound());
      List<Event> visible = s.occurrences().stream().filter(e -> !e.isDraft()).toList();
      if (visible.isEmpty()) return Future.failedFuture(Problem.notFound());
      Instant now = Instant.now();
      List<Event> dates = visible.stream()
          .filter(e -> e.rsvpClosedReason(now) == null && !e.membersOnly()).toList();
      return Future.succeededFuture(new Open(s, dates, visible.get(0)));
    });
  }

  private void form(RoutingContext ctx) {
    open(ctx.pathParam("series")).compose(o -> render(ctx, 200, o,
            new JsonObject().put("response", "going"), null, new JsonObject()))
        .onFailure(ctx::fail);
  }

  private Future<Void> render(RoutingContext ctx, int status, Open o, JsonObject form,
                              Map<String, Object> answers, JsonObject errors) {
    Instant now = Instant.now();
    Event asks = o.dates().isEmpty() ? o.first() : o.dates().get(0);
    return views.render(ctx, status, "series-rsvp", new JsonObject()
        .put("title", "RSVP to all upcoming: " + o.first().title())
        .put("seriesPath", "/s/" + o.series().id())
        .put("action", "/s/" + o.series().id() + "/rsvp")
        .put("seriesTitle", o.first().title())
        .put("repeats", o.series().rule().describe())
        .put("group", new JsonObject().put("slug", o.first().groupSlug())
            .put("name", o.first().groupName()))
        .put("dates", EventViews.cards(o.dates(), now)).put("count", o.dates().size())
        .put("open", !o.dates().isEmpty())
        .put("form", form).put("errors", errors.isEmpty() ? null : errors)
        .put("questions", RsvpViews.questions(asks.questions(), answers, errors)));
  }

  private void rsvpFromForm(RoutingContext ctx) {
    MultiMap f = ctx.request().formAttributes();
    RsvpRules.Input in = RsvpInput.fromForm(f, true);
    JsonObject typed = new JsonObject().put("name", f.get("name")).put("email", f.get("email"))
        .put("response", f.get("response"));
    open(ctx.pathParam("series")).compose(o -> {
      if (o.dates().isEmpty()) return render(ctx, 409, o, typed, in.answers(), new JsonObject());
      // checked once, against the first date, so a mistake stores nothing anywhere
      RsvpRules.Checked c = RsvpRules.checkNew(in, o.dates().get(0));
      if (!c.ok()) return render(ctx, 400, o, typed, in.answers(), c.errors());
      return rsvping.answerEach(clients.of(ctx), o.dates(), in).compose(all ->
          views.render(ctx, 201, "series-rsvp-sent", new JsonObject()
              .put("title", "Check your inbox: " + o.first().title())
              .put("seriesTitle", o.first().title())
              .put("seriesPath", "/s/" + o.series().id())
              .put("sentTo", Redact.maskedEmail(c.rsvp().email()))
              .put("results", results(all))));
    }).onFailure(ctx::fail);
  }

  private void rsvpApi(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, RsvpInput.FIELDS);
    RsvpRules.Input input = RsvpInput.fromJson(in);
    in.check();
    open(ctx.pathParam("series")).compose(o -> {
      if (o.dates().isEmpty()) {
        return Future.failedFuture(Problem.conflict("rsvp_closed",
            "No date of this series is open to RSVPs."));
      }
      RsvpRules.Checked c = RsvpRules.checkNew(input, o.dates().get(0));
      if (!c.ok()) return Future.failedFuture(Problem.invalid(c.errors()));
      return rsvping.answerEach(clients.of(ctx), o.dates(), input).map(all -> {
        JsonArray out = new JsonArray();
        for (Rsvping.Answer a : all) {
          JsonObject j = new JsonObject().put("event", a.event().id())
              .put("startsAtUtc", a.event().startsAt().toString());
          if (a.outcome() instanceof AnswerStore.Created created) {
            j.put("status", created.rsvp().status())
                .put("waitlistPosition", created.rsvp().waitlistPosition());
          } else if (a.refused() == null) {
            j.put("error", "already_registered");
          } else {
            j.put("error", a.refused().code()).put("message", a.refused().getMessage());
          }
          out.add(j);
        }
        return new JsonObject().put("results", out)
            .put("linkSentTo", Redact.maskedEmail(c.rsvp().email()));
      });
    }).onSuccess(body -> ctx.response().setStatusCode(201)
            .putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
            .end(body.encode()))
        .onFailure(ctx::fail);
  }

  private static JsonArray results(List<Rsvping.Answer> all) {
    JsonArray out = new JsonArray();
    Instant now = Instant.now();
    for (Rsvping.Answer a : all) {
      JsonObject j = EventViews.page(a.event(), "", false, now);
      if (a.outcome() instanceof AnswerStore.Created created) {
        j.put("outcome", RsvpViews.statusLabel(created.rsvp()));
      } else if (a.refused() == null) {
        j.put("outcome", "Already answered: we sent the link to change it again");
      } else {
        j.put("outcome", a.refused().getMessage());
      }
      out.add(j);
    }
    return out;
  }
}
