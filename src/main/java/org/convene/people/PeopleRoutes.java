package org.convene.people;

import static org.convene.people.PeopleViews.attendeeCards;
import static org.convene.people.PeopleViews.attendeesJson;
import static org.convene.people.PeopleViews.base;
import static org.convene.people.PeopleViews.organizerCards;
import static org.convene.people.PeopleViews.suggestions;
import static org.convene.people.PeopleViews.uuid;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.convene.accounts.Account;
import org.convene.accounts.Auth;
import org.convene.events.Event;
import org.convene.events.EventStore;
import org.convene.events.EventViews;
import org.convene.groups.Access;
import org.convene.groups.GroupStore;
import org.convene.rsvp.RsvpStore;
import org.convene.core.Problem;
import org.convene.web.JsonInput;
import org.convene.web.Paging;
import org.convene.web.Views;

/**
 * The people pages (the attendee's and the organizer's), the vCard download, the attendee list
 * in the API, and self-erasure. Connect requests are in ConnectRoutes, check-in in CheckinRoutes,
 * the ticket on the manage page in ManagePart; the follow-up after an event is an organizer
 * message (mail.FollowUpRoutes).
 *
 * Who sees what (PRODUCT.md §6, PeopleRules.Directory): organizers (owner, organizer) see every
 * attendee with email, and mark who came after the event has started. The directory is for the
 * people who were there: from the event's end, the verified, listed attendees who came; before
 * it, closed unless the event's "who's going" list is on, then the verified, listed attendees
 * going. Only someone on it sees it (give to get), email only where shared (or after both agreed
 * to connect). Check-in helpers see names on the check-in page only; everyone else sees counts.
 * Every answer reads live rows, so withdrawn consent applies at once.
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
    r.post("/e/:event/people/attendance").handler(this::attendanceFromForm);

    r.get("/api/v1/events/:event/attendees").handler(this::attendeesApi);
    r.post("/api/v1/rsvps/:token/erase").handler(this::eraseApi);
    r.post("/api/v1/events/:event/attendance").handler(this::attendanceApi);
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
    return Viewer.of(rsvps, people, events, token).compose(v -> {
      Event e = v.event();
      boolean upcoming = e.endsAt().isAfter(Instant.now());
      Future<?> leave = upcoming ? rsvps.cancel(token) : Future.succeededFuture();
      return leave.compose(x -> people.erase(v.me().id())).map(e);
    });
  }

  private void attendeePeoplePage(RoutingContext ctx) {
    Viewer.of(rsvps, people, events, ctx.pathParam("token"))
        .compose(v -> {
      Attendee me = v.me();
      Event e = v.event();
      PeopleRules.Directory d = v.directory();
      JsonObject model = base(e, baseUrl, "People at " + e.title()).put("token", me.token())
          .put("asAttendee", true).put("notice", notice(ctx));
      return people.counts(e.id()).compose(counts -> {
        model.put("counts", counts);
        if (!v.sees()) {
          model.put("countsOnly", true).put("manageUrl", "/r/" + me.token())
              .put("why", why(d, me, e));
          return views.render(ctx, "people", model);
        }
        return people.attendees(e.id(), false).compose(list -> connects.connections(me.id())
            .compose(conn -> {
              List<Attendee> others = onDirectory(list, d, me);
              model.put("people", attendeeCards(others, conn, me.token(), e.questions()))
                  .put("suggestions", suggestions(me, others))
                  .put("vcfUrl", "/r/" + me.token() + "/people.vcf")
                  .put("connectLimit", PeopleRules.CONNECT_LIMIT)
                  .put("going", d == PeopleRules.Directory.GOING);
              return views.render(ctx, "people", model);
            }));
      });
    }).onFailure(ctx::fail);
  }

  /** The others on the directory as it is now. */
  private static List<Attendee> onDirectory(List<Attendee> list, PeopleRules.Directory d,
                                            Attendee me) {
    return list.stream().filter(p -> !p.id().equals(me.id()) && p.inDirectory(d)).toList();
  }

  /** Why this viewer sees no one, in words that say what would change it. */
  private static JsonObject why(PeopleRules.Directory d, Attendee me, Event e) {
    String ends = EventViews.when(e.startsAt(), e.endsAt(), e.zone());
    return switch (d) {
      case CLOSED -> new JsonObject().put("closed", true).put("opens", ends)
          .put("listed", me.listed());
      case GOING -> new JsonObject().put("needsListing", !me.listed())
          .put("notGoing", me.listed());
      case CAME -> new JsonObject().put("needsListing", !me.listed())
          .put("didNotCome", me.listed());
    };
  }

  private static Problem closed(PeopleRules.Directory d) {
    return d == PeopleRules.Directory.CLOSED
        ? new Problem(Problem.Kind.FORBIDDEN, "directory_closed",
            "The attendee list opens when the event ends, for the people who came.")
        : new Problem(Problem.Kind.FORBIDDEN, "not_listed", d == PeopleRules.Directory.GOING
            ? "The who's-going list is for people who are going and chose to be listed."
            : "After the event the list is for the people who came and chose to be listed.");
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
          boolean marking = e.started(Instant.now());
          return people.attendees(e.id(), true).compose(list ->
              views.render(ctx, "people", model.put("people", organizerCards(list, marking, e.questions()))
                  .put("markAttendance", marking).put("notice", attendanceNotice(ctx))));
        });
      });
    }).onFailure(ctx::fail);
  }

  private void attendeeVcard(RoutingContext ctx) {
    Viewer.of(rsvps, people, events, ctx.pathParam("token"))
        .compose(v -> {
      Attendee me = v.me();
      if (!v.sees()) return Future.failedFuture(closed(v.directory()));
      Event e = v.event();
      return people.attendees(e.id(), false).compose(list -> connects.connections(me.id()).map(conn -> {
        List<Vcard.Contact> contacts = new ArrayList<>();
        for (Attendee p : onDirectory(list, v.directory(), me)) {
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
   * ?token= of an attendee of this event who is on the directory gets the directory, email only
   * where shared; anything else (a closed directory too) is a 403.
   */
  private void attendeesApi(RoutingContext ctx) {
    Paging paging = Paging.of(ctx, 200, 500);
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
                  .map(counts -> page(attendeesJson(e, counts, list, true), paging)));
            });
      }
      if (token == null) return Future.failedFuture(Problem.forbidden());
      return Viewer.of(rsvps, people, events, token)
          .recover(err -> Future.failedFuture(Problem.forbidden()))
          .compose(v -> {
            Attendee me = v.me();
            if (!v.event().id().equals(e.id())) return Future.failedFuture(Problem.forbidden());
            if (!v.sees()) return Future.failedFuture(closed(v.directory()));
            PeopleRules.Directory d = v.directory();
            return people.attendees(e.id(), false).compose(list -> people.counts(e.id())
                .map(counts -> {
                  List<Attendee> seen = list.stream().filter(p -> p.inDirectory(d)).toList();
                  return page(attendeesJson(e, counts, seen, false), paging).put("suggestions",
                      suggestions(me, seen.stream().filter(p -> !p.id().equals(me.id())).toList()));
                }));
          });
    }).onSuccess(ctx::json).onFailure(ctx::fail);
  }

  /**
   * One page of the answer's attendees ({@code ?limit=&after=}, the cursor a position in the
   * list's stable order: who came first, then by name, then arrival), with {@code next}.
   */
  private static JsonObject page(JsonObject answer, Paging paging) {
    io.vertx.core.json.JsonArray all = answer.getJsonArray("attendees");
    int from = (int) Math.min(paging.after(), all.size());
    int to = Math.min(all.size(), from + paging.limit());
    io.vertx.core.json.JsonArray page = new io.vertx.core.json.JsonArray(all.getList().subList(from, to));
    return answer.put("attendees", page).put("next", to < all.size() ? Integer.toString(to) : null);
  }

  /**
   * POST /api/v1/events/{event}/attendance: an organizer marks who came, after the event has
   * started, as a check-in would. All or nothing: ids that are not RSVPs of this event are a 400
   * naming them, so a typo never passes for a mark.
   */
  private void attendanceApi(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, Set.of("rsvpIds", "allGoing"));
    boolean allGoing = Boolean.TRUE.equals(in.bool("allGoing"));
    List<UUID> ids = new ArrayList<>();
    List<String> malformed = new ArrayList<>();
    JsonArray given = in.array("rsvpIds");
    if (given != null) {
      for (Object o : given) {
        try {
          ids.add(UUID.fromString(String.valueOf(o)));
        } catch (IllegalArgumentException ex) {
          malformed.add(String.valueOf(o));
        }
      }
    }
    if (!allGoing && (given == null || given.isEmpty())) {
      in.error("rsvpIds", "send rsvpIds (a list of RSVP ids) or allGoing: true");
    }
    if (allGoing && given != null) in.error("rsvpIds", "send rsvpIds or allGoing, not both");
    if (!malformed.isEmpty()) in.error("rsvpIds", "not RSVP ids: " + String.join(", ", malformed));
    auth.apiAccount(ctx).compose(me -> {
      in.check();
      return organizerEvent(ctx.pathParam("event"), me);
    }).compose(e -> markCame(e, allGoing, ids))
        .onSuccess(n -> ctx.json(new JsonObject().put("marked", n)))
        .onFailure(ctx::fail);
  }

  /** The organizer page's two forms: "everyone who was going came", and a "came" box per person. */
  private void attendanceFromForm(RoutingContext ctx) {
    MultiMap f = ctx.request().formAttributes();
    boolean allGoing = f.get("allGoing") != null;
    List<UUID> ids = new ArrayList<>();
    for (String id : f.getAll("rsvpId")) ids.add(uuid(id));
    auth.requireWeb(ctx).compose(me -> organizerEvent(ctx.pathParam("event"), me))
        .compose(e -> (allGoing || !ids.isEmpty() ? markCame(e, allGoing, ids)
            : Future.succeededFuture(0)).map(n -> "/e/" + e.id() + "/people?marked=" + n))
        .onSuccess(ctx::redirect)
        .onFailure(ctx::fail);
  }

  private Future<Integer> markCame(Event e, boolean allGoing, List<UUID> ids) {
    if (!e.started(Instant.now())) {
      return Future.failedFuture(Problem.conflict("not_started",
          "Attendance can be marked once the event has started."));
    }
    if (allGoing) return people.markCame(e.id(), true, List.of());
    return people.ofEvent(e.id(), ids).compose(known -> {
      List<String> unknown = ids.stream().filter(id -> !known.contains(id))
          .map(UUID::toString).toList();
      if (!unknown.isEmpty()) {
        return Future.failedFuture(Problem.invalid(new JsonObject().put("rsvpIds",
            "not RSVPs of this event: " + String.join(", ", unknown))));
      }
      return people.markCame(e.id(), false, ids);
    });
  }

  private Future<Event> organizerEvent(String eventId, Account me) {
    return events.find(eventId).compose(e -> {
      if (e == null) return Future.failedFuture(Problem.notFound());
      return access.require(e.groupId(), me, Access.MANAGE_EVENTS).map(e);
    });
  }

  private static String attendanceNotice(RoutingContext ctx) {
    String n = ctx.request().getParam("marked");
    if (n == null || !n.matches("\\d{1,6}")) return null;
    return "1".equals(n) ? "Marked 1 person as came." : "Marked " + n + " people as came.";
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
      case "capped" -> "That person has had as many requests as we send anyone in a day."
          + " Try again tomorrow.";
      default -> null;
    };
  }
}
