package org.convene.rsvp;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDate;
import org.convene.events.Event;
import org.convene.events.EventPages;
import org.convene.events.EventViews;
import org.convene.groups.Group;

/**
 * The organizers' pictures: RSVPs over time and came vs said going on the organizer's event page
 * (a part of /organize/e/{event}), going vs came per event of the last year on the group's
 * organizer page (/organize/g/{group}), and the same numbers in GET /api/v1/events/{event}/stats.
 */
public final class ChartRoutes {
  private final ChartStore charts;
  private final EventPages eventPages;

  public ChartRoutes(ChartStore charts, EventPages eventPages) {
    this.charts = charts;
    this.eventPages = eventPages;
  }

  public void mount(Router r) {
    r.get("/api/v1/events/:event/stats").handler(this::stats);
  }

  /** The part of the organizer's event page (EventPages.withOrganizerPart): {"charts": ...}. */
  public Future<JsonObject> organizerPart(EventPages.PageContext pc) {
    if (!pc.organizer()) return Future.succeededFuture(new JsonObject());
    Event e = pc.event();
    Instant now = Instant.now();
    boolean begun = !e.startsAt().isAfter(now);
    return charts.rsvpsByDay(e.id(), e.zone()).compose(days -> {
      JsonObject out = new JsonObject()
          .put("overTime", Charts.view(Charts.overTime(days, until(e, now),
              EventViews.zoneLabel(e.zone()))).put("zoneLabel", EventViews.zoneLabel(e.zone())));
      if (!begun) return Future.succeededFuture(out);
      return charts.turnout(e.id()).map(t -> out.put("turnout", t[0] == 0 && t[1] == 0
          ? new JsonObject().put("empty", true)
          : Charts.view(Charts.turnout(t[0], t[1])).put("going", t[0]).put("came", t[1])));
    }).map(c -> new JsonObject().put("charts", c.put("begun", begun)));
  }

  /** The part of the group's organizer page (GroupRoutes.withOrganizerPart): {"groupCharts": ...}. */
  public static Future<JsonObject> groupPart(ChartStore charts, Group g) {
    return charts.groupTurnout(g.id()).map(list -> new JsonObject().put("groupCharts",
        list.isEmpty() ? new JsonObject().put("empty", true)
            : Charts.view(Charts.perEvent(list)).put("shownEvents", Math.min(list.size(),
                Charts.MAX_EVENTS)).put("allEvents", list.size())));
  }

  private void stats(RoutingContext ctx) {
    eventPages.apiOrganizerEvent(ctx).compose(e -> charts.rsvpsByDay(e.id(), e.zone())
        .compose(days -> charts.turnout(e.id()).map(t -> {
          JsonArray byDay = new JsonArray();
          int going = 0, waitlisted = 0, maybe = 0;
          for (Charts.Day d : days) {
            going += d.going();
            waitlisted += d.waitlisted();
            maybe += d.maybe();
            byDay.add(new JsonObject().put("day", d.day().toString())
                .put("going", d.going()).put("waitlisted", d.waitlisted()).put("maybe", d.maybe())
                .put("totalGoing", going).put("totalWaitlisted", waitlisted)
                .put("totalMaybe", maybe));
          }
          return new JsonObject().put("event", e.id()).put("timeZone", e.zone().getId())
              .put("rsvpsByDay", byDay)
              .put("totals", new JsonObject().put("going", going).put("waitlisted", waitlisted)
                  .put("maybe", maybe))
              .put("turnout", new JsonObject().put("going", t[0]).put("came", t[1]));
        })))
        .onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /** The last day drawn: today in the event's zone, or its start day once it has begun. */
  static LocalDate until(Event e, Instant now) {
    Instant end = e.startsAt().isBefore(now) ? e.startsAt() : now;
    return end.atZone(e.zone()).toLocalDate();
  }
}
