package org.convene.people;

import static org.convene.people.PeopleViews.attendeeCards;
import static org.convene.people.PeopleViews.attendeesJson;
import static org.convene.people.PeopleViews.base;
import static org.convene.people.PeopleViews.organizerCards;
import static org.convene.people.PeopleViews.suggestions;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.convene.accounts.Account;
import org.convene.accounts.Auth;
import org.convene.events.Event;
import org.convene.events.EventStore;
import org.convene.events.EventViews;
import org.convene.groups.Access;
import org.convene.groups.GroupStore;
import org.convene.rsvp.RsvpStore;
import org.convene.core.Problem;
import org.convene.web.Views;

/**
 * The people pages (the attendee's and the organizer's), the vCard download, the attendee list
 * in the API, and self-erasure. Connect requests are in ConnectRoutes, check-in in CheckinRoutes,
 * the ticket on the manage page in ManagePart; the follow-up after an event is an organizer
 * message (mail.FollowUpRoutes).
 *
 * Who sees what (PRODUCT.md §6): organizers (owner, organizer) see every attendee with email;
 * a listed attendee sees the other listed attendees of the same event, email only where shared
 * (or after both agreed to connect); check-in helpers see names on the check-in page only;
 * everyone else sees counts. Every answer reads live rows, so withdrawn consent applies at once.
 */
public final class PeopleRoutes {
  private final PeopleStore people;
  private final ConnectStore connects;
  private final RsvpStore rsvps;
  private final EventStore events;
  private final GroupStore groups;
  private final Access access;
  private final Auth auth;
  private final Views views;
  private final String baseUrl;

  public PeopleRoutes(PeopleStore people, ConnectStore connects, RsvpStore rsvps, EventStore events,
                      GroupStore groups, Access access, Auth auth, Views views, String baseUrl) {
    this.people = people;
    this.connects = connects;
    this.rsvps = rsvps;
    this.events = events;
    this.groups = groups;
    this.access = access;
    this.auth = auth;
    this.views = views;
    this.baseUrl = baseUrl;
  }

  public void mount(Router r) {
    r.get("/r/:token/people").handler(this::attendeePeoplePage);
    r.get("/r/:token/people.vcf").handler(this::attendeeVcard);
    r.post("/r/:token/erase").handler(this::eraseFromForm);
    r.get("/e/:event/people").handler(this::organizerPeoplePage);

    r.get("/api/v1/events/:event/attendees").handler(this::attendeesApi);
    r.post("/api/v1/rsvps/:token/erase").handler(this::eraseApi);
  }

  private void eraseFromForm(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    if (ctx.request().getFormAttribute("confirm") == null) {
      ctx.redirect("/r/" + token + "?erase=confirm#erase");
      return;
    }
    erase(token).compose(e -> views.render(ctx, "people-erased", new JsonObject()
            .put("title", "Your details were erased")
            .put("event", EventViews.page(e, baseUrl, false, Instant.now()))
            .put("cancelled", e.endsAt().isAfter(Instant.now()))))
        .onFailure(ctx::fail);
  }

  private void eraseApi(RoutingContext ctx) {
    erase(ctx.pathParam("token"))
        .onSuccess(e -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /**
   * Erases the person behind a manage token. Before the event ends, erasing means leaving too:
   * the RSVP is cancelled first, so the seat goes to the waitlist. After it, the RSVP stays as
   * an anonymous count (came / did not come), like retention leaves it.
   */
  private Future<Event> erase(String token) {
    return people.byToken(token).compose(a -> {
      if (a == null || a.erased()) return Future.failedFuture(Problem.notFound());
      return events.find(a.eventId()).compose(e -> {
        boolean upcoming = e.endsAt().isAfter(Instant.now());
        Future<?> leave = upcoming ? rsvps.cancel(token) : Future.succeededFuture();
        return leave.compose(x -> people.erase(a.id())).map(e);
      });
    });
  }

  private void attendeePeoplePage(RoutingContext ctx) {
    Viewer.of(people, events, ctx.pathParam("token"))
        .compose(v -> {
      Attendee me = v.me();
      Event e = v.event();
      JsonObject model = base(e, baseUrl, "People at " + e.title()).put("token", me.token())
          .put("asAttendee", true).put("notice", notice(ctx));
      return people.counts(e.id()).compose(counts -> {
        model.put("counts", counts);
        if (!me.seesListedPeople()) {
          model.put("countsOnly", true).put("needsListing", me.attends())
              .put("manageUrl", "/r/" + me.token());
          return views.render(ctx, "people", model);
        }
        return people.attendees(e.id(), false).compose(list -> connects.connections(me.id())
            .compose(conn -> {
              List<Attendee> others = list.stream().filter(p -> !p.id().equals(me.id())).toList();
              model.put("people", attendeeCards(others, conn, me.token()))
                  .put("suggestions", suggestions(me, others))
                  .put("vcfUrl", "/r/" + me.token() + "/people.vcf")
                  .put("connectLimit", PeopleRules.CONNECT_LIMIT);
              return views.render(ctx, "people", model);
            }));
      });
    }).onFailure(ctx::fail);
  }

  private void organizerPeoplePage(RoutingContext ctx) {
    String eventId = ctx.pathParam("event");
    events.find(eventId).compose(e -> {
      if (e == null) return Future.failedFuture(Problem.notFound());
      return auth.webAccount(ctx).compose(me -> roleIn(e, me)).compose(role -> {
        boolean organizer = role != null && Access.MANAGE_EVENTS.contains(role);
        if (e.isDraft() && !organizer) return Future.failedFuture(Problem.notFound());
        JsonObject model = base(e, baseUrl, "People at " + e.title()).put("asOrganizer", organizer)
            .put("canCheckIn", role != null && Access.CHECK_IN.contains(role));
        return people.counts(e.id()).compose(counts -> {
          model.put("counts", counts);
          if (!organizer) {
            return views.render(ctx, "people", model.put("countsOnly", true)
                .put("signedIn", ctx.get("account") != null));
          }
          return people.attendees(e.id(), true).compose(list ->
              views.render(ctx, "people", model.put("people", organizerCards(list))));
        });
      });
    }).onFailure(ctx::fail);
  }

  private void attendeeVcard(RoutingContext ctx) {
    Viewer.of(people, events, ctx.pathParam("token"))
        .compose(v -> {
      Attendee me = v.me();
      if (!me.seesListedPeople()) {
        return Future.failedFuture(new Problem(Problem.Kind.FORBIDDEN, "not_listed",
            "List yourself on the attendee list first: then you can download the others."));
      }
      Event e = v.event();
      return people.attendees(e.id(), false).compose(list -> connects.connections(me.id()).map(conn -> {
        List<Vcard.Contact> contacts = new ArrayList<>();
        for (Attendee p : list) {
          if (p.id().equals(me.id())) continue;
          boolean email = p.shareEmail() || "accepted".equals(conn.get(p.id()));
          contacts.add(contact(p, e, email));
        }
        return Vcard.of(contacts);
      })).map(body -> {
        ctx.response()
            .putHeader("Content-Type", "text/vcard; charset=utf-8")
            .putHeader("Content-Disposition", "attachment; filename=\"people-" + e.id() + ".vcf\"")
            .putHeader("Cache-Control", "no-store")
            .end(body);
        return null;
      });
    }).onFailure(ctx::fail);
  }

  private Vcard.Contact contact(Attendee p, Event e, boolean withEmail) {
    StringBuilder note = new StringBuilder("Met at " + e.title() + ", "
        + EventViews.when(e.startsAt(), e.endsAt(), e.zone()) + ".");
    if (!p.goals().isEmpty()) {
      note.append("\nHere for: ").append(String.join(", ", PeopleRules.goalLabels(p.goals())));
    }
    if (!p.topics().isEmpty()) note.append("\nTopics: ").append(String.join(", ", p.topics()));
    return new Vcard.Contact("urn:uuid:" + p.id(), p.name(), withEmail ? p.email() : null,
        p.company(), p.headline(), p.url(), note.toString(), p.topics());
  }

  /**
   * GET /api/v1/events/{event}/attendees: an organizer's bearer token gets everyone with email;
   * ?token= of a listed attendee of this event gets the listed attendees, email only where
   * shared; anything else is a 403.
   */
  private void attendeesApi(RoutingContext ctx) {
    String token = ctx.request().getParam("token");
    boolean bearer = ctx.request().getHeader("Authorization") != null;
    events.find(ctx.pathParam("event")).compose(e -> {
      if (e == null) return Future.failedFuture(Problem.notFound());
      if (bearer) {
        return auth.apiAccount(ctx).compose(me -> access.organizes(e.groupId(), me))
            .compose(org -> {
              if (!org) {
                return Future.failedFuture(e.isDraft() ? Problem.notFound() : Problem.forbidden());
              }
              return people.attendees(e.id(), true).compose(list -> people.counts(e.id())
                  .map(counts -> attendeesJson(e, counts, list, true)));
            });
      }
      if (token == null) return Future.failedFuture(Problem.forbidden());
      return people.byToken(token).compose(me -> {
        if (me == null || !me.eventId().equals(e.id()) || !me.seesListedPeople()) {
          return Future.failedFuture(Problem.forbidden());
        }
        return people.attendees(e.id(), false).compose(list -> people.counts(e.id())
            .map(counts -> attendeesJson(e, counts, list, false).put("suggestions", suggestions(
                me, list.stream().filter(p -> !p.id().equals(me.id())).toList()))));
      });
    }).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private Future<String> roleIn(Event e, Account me) {
    return me == null ? Future.succeededFuture(null) : groups.role(e.groupId(), me.id());
  }

  private static String notice(RoutingContext ctx) {
    String done = ctx.request().getParam("done");
    if (done == null) return null;
    return switch (done) {
      case "sent" -> "Request sent. If they accept, you both get each other's email address.";
      case "already" -> "You two already have a connect request.";
      case "limit" -> "You have sent " + PeopleRules.CONNECT_LIMIT
          + " connect requests for this event, which is the most we allow.";
      default -> null;
    };
  }
}
