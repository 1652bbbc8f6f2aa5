package org.convene.people;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.convene.core.Config;
import org.convene.accounts.Account;
import org.convene.accounts.Auth;
import org.convene.db.Ids;
import org.convene.events.Event;
import org.convene.events.EventPages;
import org.convene.events.EventStore;
import org.convene.events.EventViews;
import org.convene.groups.Access;
import org.convene.groups.GroupStore;
import org.convene.rsvp.ManageParts;
import org.convene.rsvp.RsvpStore;
import org.convene.web.Fields;
import org.convene.core.Problem;
import org.convene.web.JsonInput;
import org.convene.web.Templates;
import org.convene.web.Views;

/**
 * People and follow-up: the attendee's and the organizer's people pages, the vCard download,
 * connect requests, the ticket and check-in, self-erasure, and their API. (The follow-up after
 * an event is an organizer message: see mail.FollowUpRoutes.)
 *
 * Who sees what (PRODUCT.md §6): organizers (owner, organizer) see every attendee with email;
 * a listed attendee sees the other listed attendees of the same event, email only where shared
 * (or after both agreed to connect); check-in helpers see names on the check-in page only;
 * everyone else sees counts. Every answer reads live rows, so withdrawn consent applies at once.
 */
public final class PeopleRoutes {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

  private final PeopleStore people;
  private final RsvpStore rsvps;
  private final EventStore events;
  private final EventPages eventPages;
  private final GroupStore groups;
  private final Access access;
  private final Auth auth;
  private final Views views;
  private final Templates.Mails mails = Templates.mails()
      .preload("people-connect-request", "people-connected");
  private final String baseUrl;

  public PeopleRoutes(PeopleStore people, RsvpStore rsvps, EventStore events, EventPages eventPages, GroupStore groups,
                      Access access, Auth auth, Views views, Config config) {
    this.people = people;
    this.rsvps = rsvps;
    this.events = events;
    this.eventPages = eventPages;
    this.groups = groups;
    this.access = access;
    this.auth = auth;
    this.views = views;
    this.baseUrl = config.baseUrl();
  }

  public void mount(Router r) {
    r.get("/r/:token/people").handler(this::attendeePeoplePage);
    r.get("/r/:token/people.vcf").handler(this::attendeeVcard);
    r.post("/r/:token/people/:rsvpId/connect").handler(this::connectFromForm);
    r.post("/r/:token/erase").handler(this::eraseFromForm);
    r.get("/e/:event/people").handler(this::organizerPeoplePage);
    r.get("/c/:token/:answer").handler(this::answerPage);
    r.post("/c/:token/:answer").handler(this::answerFromForm);
    r.get("/organize/e/:event/checkin").handler(this::checkinPage);
    r.post("/organize/e/:event/checkin").handler(this::checkinFromForm);

    r.get("/api/v1/events/:event/attendees").handler(this::attendeesApi);
    r.post("/api/v1/events/:event/checkins").handler(this::checkinApi);
    r.post("/api/v1/rsvps/:token/connect-requests").handler(this::connectApi);
    r.post("/api/v1/connect-requests/:token/:answer").handler(this::answerApi);
    r.post("/api/v1/rsvps/:token/erase").handler(this::eraseApi);
  }

  // ---- the manage page /r/{token}: ticket, people link, erase ----

  /** Adds the ticket (QR code) and the people links to the manage page (RsvpRoutes hook). */
  public Future<JsonObject> managePart(ManageParts.Context mc) {
    return people.byId(mc.rsvp().id()).compose(a -> people.counts(mc.event().id()).map(counts -> {
      JsonObject out = new JsonObject()
          .put("eraseConfirm", "confirm".equals(mc.ctx().request().getParam("erase")));
      if (a == null) return out;
      Event e = mc.event();
      boolean ticket = a.attends() && !e.isCancelled();
      if (ticket) {
        String url = checkinUrl(e, a);
        out.put("ticket", new JsonObject()
            .put("qr", QrCode.svgDataUri(url))
            .put("name", a.name())
            .put("guests", a.guests())
            .put("checkedIn", a.checkedInAt() != null)
            .put("checkedInAt", a.checkedInAt() == null ? null : time(a.checkedInAt(), e)));
      }
      out.put("people", new JsonObject()
          .put("url", "/r/" + a.token() + "/people")
          .put("vcfUrl", "/r/" + a.token() + "/people.vcf")
          .put("sees", a.seesListedPeople())
          .put("listed", counts.getLong("listed"))
          .put("eventOver", !e.endsAt().isAfter(Instant.now())));
      return out;
    }));
  }

  String checkinUrl(Event e, Attendee a) {
    return baseUrl + "/organize/e/" + e.id() + "/checkin?t=" + a.checkinCode();
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

  // ---- the people pages ----

  private void attendeePeoplePage(RoutingContext ctx) {
    viewer(ctx).compose(v -> {
      Attendee me = v.me();
      Event e = v.event();
      JsonObject model = base(e, "People at " + e.title()).put("token", me.token())
          .put("asAttendee", true).put("notice", notice(ctx));
      return people.counts(e.id()).compose(counts -> {
        model.put("counts", counts);
        if (!me.seesListedPeople()) {
          model.put("countsOnly", true).put("needsListing", me.attends())
              .put("manageUrl", "/r/" + me.token());
          return views.render(ctx, "people", model);
        }
        return people.attendees(e.id(), false).compose(list -> people.connections(me.id())
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
        JsonObject model = base(e, "People at " + e.title()).put("asOrganizer", organizer)
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
    viewer(ctx).compose(v -> {
      Attendee me = v.me();
      if (!me.seesListedPeople()) {
        return Future.failedFuture(new Problem(Problem.Kind.FORBIDDEN, "not_listed",
            "List yourself on the attendee list first: then you can download the others."));
      }
      Event e = v.event();
      return people.attendees(e.id(), false).compose(list -> people.connections(me.id()).map(conn -> {
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

  // ---- connect requests ----

  private void connectFromForm(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    UUID target = uuid(ctx.pathParam("rsvpId"));
    viewer(ctx).compose(v -> people.requestConnect(v.me().id(), target,
            (requester, tgt, answerToken) -> requestMail(v.event(), requester, tgt, answerToken))
        .map("sent")
        .recover(err -> err instanceof Problem h && (h.is(Problem.Kind.CONFLICT) || h.is(Problem.Kind.RATE_LIMITED))
            ? Future.succeededFuture(h.is(Problem.Kind.CONFLICT) ? "already" : "limit")
            : Future.failedFuture(err)))
        .onSuccess(result -> ctx.redirect("/r/" + token + "/people?done=" + result))
        .onFailure(ctx::fail);
  }

  private JsonObject requestMail(Event e, Attendee requester, Attendee target, String answerToken) {
    JsonObject model = new JsonObject()
        .put("targetName", target.name())
        .put("eventTitle", e.title())
        .put("eventWhen", EventViews.when(e.startsAt(), e.endsAt(), e.zone()))
        // only what the requester shares with listed attendees; never their email
        .put("requester", new JsonObject().put("name", requester.name())
            .put("headline", requester.headline()).put("company", requester.company())
            .put("url", requester.url())
            .put("goals", new JsonArray(PeopleRules.goalLabels(requester.goals()))))
        .put("acceptUrl", baseUrl + "/c/" + answerToken + "/accept")
        .put("declineUrl", baseUrl + "/c/" + answerToken + "/decline")
        .put("manageUrl", baseUrl + "/r/" + target.token());
    return prepared("people-connect-request",
        requester.name() + " would like to connect after " + e.title(), model, null);
  }

  private JsonObject connectedMail(Event e, Attendee recipient, Attendee other) {
    JsonObject model = new JsonObject()
        .put("me", recipient.name())
        .put("eventTitle", e.title())
        .put("eventWhen", EventViews.when(e.startsAt(), e.endsAt(), e.zone()))
        .put("other", new JsonObject().put("name", other.name()).put("email", other.email())
            .put("headline", other.headline()).put("company", other.company())
            .put("url", other.url()))
        .put("manageUrl", baseUrl + "/r/" + recipient.token());
    return prepared("people-connected",
        "You and " + other.name() + " are connected (" + e.title() + ")", model, other.email());
  }

  private void answerPage(RoutingContext ctx) {
    boolean accept = answer(ctx);
    people.requestByToken(ctx.pathParam("token")).compose(req -> {
      if (req == null || req.requester() == null) return Future.failedFuture(Problem.notFound());
      return events.find(req.eventId()).compose(e -> views.render(ctx, "people-connect",
          base(e, accept ? "Accept the connect request" : "Decline the connect request")
              .put("accept", accept)
              .put("answered", !"pending".equals(req.status()))
              .put("requester", requesterCard(req.requester()))
              .put("action", "/c/" + ctx.pathParam("token") + "/" + (accept ? "accept" : "decline"))));
    }).onFailure(ctx::fail);
  }

  private void answerFromForm(RoutingContext ctx) {
    boolean accept = answer(ctx);
    String token = ctx.pathParam("token");
    people.requestByToken(token).compose(found -> {
      if (found == null) return Future.failedFuture(Problem.notFound());
      return events.find(found.eventId()).compose(e -> people.answer(token, accept,
              (recipient, other) -> connectedMail(e, recipient, other))
          .compose(before -> {
            if (before == null) return Future.failedFuture(Problem.notFound());
            boolean already = !"pending".equals(before.status());
            return views.render(ctx, "people-connect", base(e, "Connect request")
                .put("done", true).put("accept", accept).put("answered", already)
                .put("requester", requesterCard(before.requester())));
          }));
    }).onFailure(ctx::fail);
  }

  private static boolean answer(RoutingContext ctx) {
    String a = ctx.pathParam("answer");
    if ("accept".equals(a)) return true;
    if ("decline".equals(a)) return false;
    throw Problem.notFound();
  }

  private static JsonObject requesterCard(Attendee a) {
    if (a == null) return new JsonObject();
    return new JsonObject().put("name", a.name()).put("headline", a.headline())
        .put("company", a.company()).put("profileUrl", a.url())
        .put("goals", new JsonArray(PeopleRules.goalLabels(a.goals())))
        .put("topics", new JsonArray(a.topics()));
  }

  private void connectApi(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, Set.of("rsvpId"));
    String target = in.string("rsvpId");
    if (target == null) in.error("rsvpId", "the RSVP id of the listed attendee to connect with");
    in.check();
    UUID targetId = uuid(target);
    viewer(ctx).compose(v -> people.requestConnect(v.me().id(), targetId,
            (requester, tgt, answerToken) -> requestMail(v.event(), requester, tgt, answerToken)))
        .onSuccess(x -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("status", "sent").encode()))
        .onFailure(ctx::fail);
  }

  private void answerApi(RoutingContext ctx) {
    boolean accept = answer(ctx);
    String token = ctx.pathParam("token");
    people.requestByToken(token).compose(found -> {
      if (found == null) return Future.failedFuture(Problem.notFound());
      return events.find(found.eventId()).compose(e -> people.answer(token, accept,
          (recipient, other) -> connectedMail(e, recipient, other)));
    }).compose(before -> before == null ? Future.failedFuture(Problem.notFound())
            : Future.succeededFuture(new JsonObject()
                .put("status", "pending".equals(before.status())
                    ? (accept ? "accepted" : "declined") : before.status())
                .put("alreadyAnswered", !"pending".equals(before.status()))))
        .onSuccess(ctx::json).onFailure(ctx::fail);
  }

  // ---- check-in ----

  private void checkinPage(RoutingContext ctx) {
    auth.requireWeb(ctx).compose(me -> checkinEvent(ctx, me)).compose(e -> {
      String code = ctx.request().getParam("t");
      Future<JsonObject> scanned = code == null ? Future.succeededFuture(null)
          : people.findForCheckIn(e.id(), code).compose(id -> id == null
              ? Future.succeededFuture(new JsonObject().put("unknown", true))
              : people.byId(id).map(a -> checkinRow(a, e)));
      return scanned.compose(s -> renderCheckin(ctx, e, s, null));
    }).onFailure(ctx::fail);
  }

  private void checkinFromForm(RoutingContext ctx) {
    MultiMap f = ctx.request().formAttributes();
    auth.requireWeb(ctx).compose(me -> checkinEvent(ctx, me))
        .compose(e -> people.checkIn(e.id(), uuid(f.get("rsvpId")))
            .compose(c -> renderCheckin(ctx, e, checkinRow(c.attendee(), e), checkinMessage(c, e)))
            .recover(err -> err instanceof Problem h && h.is(Problem.Kind.CONFLICT)
                ? renderCheckin(ctx, e, null, h.getMessage()) : Future.failedFuture(err)))
        .onFailure(ctx::fail);
  }

  private Future<Void> renderCheckin(RoutingContext ctx, Event e, JsonObject scanned,
                                     String notice) {
    String q = ctx.request().getParam("q");
    if (q == null) q = ctx.request().getFormAttribute("q");
    String query = q == null ? "" : q.trim();
    return people.search(e.id(), query).compose(list -> people.counts(e.id()).compose(counts -> {
      JsonArray rows = new JsonArray();
      for (Attendee a : list) rows.add(checkinRow(a, e));
      return views.render(ctx, "checkin", base(e, "Check-in: " + e.title())
          .put("q", query).put("results", rows).put("scanned", scanned)
          .put("notice", notice).put("counts", counts));
    }));
  }

  private static String checkinMessage(PeopleStore.CheckIn c, Event e) {
    String name = c.attendee().name();
    return c.already() ? name + " was already checked in at " + time(c.at(), e) + "."
        : name + " is checked in (" + time(c.at(), e) + ")"
            + (c.attendee().guests() > 0 ? " with " + c.attendee().guests() + " guest"
                + (c.attendee().guests() == 1 ? "" : "s") : "") + ".";
  }

  private static JsonObject checkinRow(Attendee a, Event e) {
    return new JsonObject().put("id", a.id().toString()).put("name", a.name())
        .put("status", a.status()).put("guests", a.guests())
        .put("checkedIn", a.checkedInAt() != null)
        .put("checkedInAt", a.checkedInAt() == null ? null : time(a.checkedInAt(), e))
        .put("canCheckIn", a.checkedInAt() == null && !"cancelled".equals(a.status())
            && !"not_going".equals(a.status()));
  }

  private Future<Event> checkinEvent(RoutingContext ctx, Account me) {
    return events.find(ctx.pathParam("event")).compose(e -> {
      if (e == null) return Future.failedFuture(Problem.notFound());
      return access.require(e.groupId(), me, Access.CHECK_IN).map(e);
    });
  }

  // ---- API ----

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

  private JsonObject attendeesJson(Event e, JsonObject counts, List<Attendee> list,
                                   boolean organizer) {
    JsonArray out = new JsonArray();
    for (Attendee a : list) {
      JsonObject j = new JsonObject().put("id", a.id().toString()).put("name", a.name());
      if (organizer || a.shareEmail()) j.put("email", a.email());
      j.put("profile", new JsonObject().put("headline", a.headline()).put("company", a.company())
              .put("url", a.url()).put("goals", new JsonArray(a.goals()))
              .put("topics", new JsonArray(a.topics())))
          .put("checkedIn", a.checkedInAt() != null);
      if (organizer) {
        j.put("status", a.status()).put("guests", a.guests()).put("listed", a.listed())
            .put("shareEmail", a.shareEmail())
            .put("checkedInAt", a.checkedInAt() == null ? null : a.checkedInAt().toString());
      }
      out.add(j);
    }
    return new JsonObject().put("event", e.id()).put("counts", counts).put("attendees", out);
  }

  private void checkinApi(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, Set.of("token", "rsvpId"));
    String token = in.string("token");
    String rsvpId = in.string("rsvpId");
    if (token == null && rsvpId == null) in.error("token", "send token or rsvpId");
    if (token != null && rsvpId != null) in.error("rsvpId", "send token or rsvpId, not both");
    UUID id = null;
    if (rsvpId != null) {
      try {
        id = UUID.fromString(rsvpId);
      } catch (IllegalArgumentException ex) {
        in.error("rsvpId", "must be an RSVP id");
      }
    }
    UUID byId = id;
    auth.apiAccount(ctx).compose(me -> {
      in.check();
      return checkinEvent(ctx, me);
    }).compose(e -> (byId != null ? Future.succeededFuture(byId) : people.findForCheckIn(e.id(), token))
        .compose(found -> found == null ? Future.<PeopleStore.CheckIn>failedFuture(Problem.notFound())
            : people.checkIn(e.id(), found))
        .map(c -> new JsonObject().put("rsvpId", c.attendee().id().toString())
            .put("name", c.attendee().name()).put("guests", c.attendee().guests())
            .put("status", c.attendee().status())
            .put("checkedInAt", c.at().toString())
            .put("checkedInAtLocal", LocalDateTime.ofInstant(c.at(), e.zone()).toString())
            .put("alreadyCheckedIn", c.already())
            .put("message", checkinMessage(c, e))))
        .onSuccess(ctx::json).onFailure(ctx::fail);
  }

  // ---- helpers ----

  /** The outbox payload of a mail rendered now (Outbox.PREPARED): subject, text, html, replyTo. */
  private JsonObject prepared(String name, String subject, JsonObject model, String replyTo) {
    try {
      Templates.Parts parts = mails.render(name, model);
      JsonObject payload = new JsonObject().put("subject", subject)
          .put("text", parts.text()).put("html", parts.html());
      if (replyTo != null) payload.put("replyTo", replyTo);
      return payload;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The attendee behind /r/{token}/... and their event; erased or unknown tokens are a 404. */
  private record Viewer(Attendee me, Event event) {}

  private Future<Viewer> viewer(RoutingContext ctx) {
    return people.byToken(ctx.pathParam("token")).compose(a -> {
      if (a == null || a.erased()) return Future.failedFuture(Problem.notFound());
      return events.find(a.eventId()).compose(e -> e == null
          ? Future.failedFuture(Problem.notFound())
          : Future.succeededFuture(new Viewer(a, e)));
    });
  }

  private Future<String> roleIn(Event e, Account me) {
    return me == null ? Future.succeededFuture(null) : groups.role(e.groupId(), me.id());
  }

  private JsonObject base(Event e, String title) {
    return new JsonObject().put("title", title)
        .put("event", EventViews.page(e, baseUrl, false, Instant.now()));
  }

  private JsonArray attendeeCards(List<Attendee> list, Map<UUID, String> conn, String token) {
    JsonArray out = new JsonArray();
    for (Attendee a : list) {
      String state = conn.get(a.id());
      boolean connected = "accepted".equals(state);
      JsonObject card = card(a);
      if (a.shareEmail() || connected) card.put("email", a.email());
      card.put("connected", connected)
          .put("requestSent", "sent".equals(state))
          .put("requestReceived", "received".equals(state))
          .put("canConnect", state == null)
          .put("connectAction", "/r/" + token + "/people/" + a.id() + "/connect");
      out.add(card);
    }
    return out;
  }

  private static JsonArray organizerCards(List<Attendee> list) {
    JsonArray out = new JsonArray();
    for (Attendee a : list) {
      out.add(card(a).put("email", a.email()).put("listed", a.listed())
          .put("shareEmail", a.shareEmail()).put("status", a.status()));
    }
    return out;
  }

  private static JsonObject card(Attendee a) {
    return new JsonObject().put("id", a.id().toString()).put("name", a.name())
        .put("headline", a.headline()).put("company", a.company()).put("profileUrl", a.url())
        .put("goals", new JsonArray(PeopleRules.goalLabels(a.goals())))
        .put("topics", new JsonArray(a.topics()))
        .put("checkedIn", a.checkedInAt() != null);
  }

  private static JsonArray suggestions(Attendee me, List<Attendee> others) {
    List<PeopleRules.Person> persons = others.stream().map(Attendee::person).toList();
    JsonArray out = new JsonArray();
    for (PeopleRules.Match m : PeopleRules.suggestions(me.person(), persons)) {
      out.add(new JsonObject().put("id", m.person().id().toString())
          .put("name", m.person().name()).put("reasons", new JsonArray(m.reasons())));
      if (out.size() == 10) break;
    }
    return out;
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

  static String time(Instant t, Event e) {
    return TIME.format(LocalDateTime.ofInstant(t, e.zone()));
  }

  private static UUID uuid(String s) {
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw Problem.notFound();
    }
  }

}
