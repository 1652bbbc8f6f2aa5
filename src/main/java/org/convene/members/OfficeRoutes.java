package org.convene.members;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.convene.accounts.Account;
import org.convene.accounts.Auth;
import org.convene.core.Problem;
import org.convene.groups.Access;
import org.convene.groups.Group;
import org.convene.groups.GroupStore;
import org.convene.web.JsonInput;
import org.convene.web.Paging;
import org.convene.web.Views;

/**
 * The office's member list, for the group's organizers (owners and organizers; check-in
 * helpers see no member list): {@code /organize/g/{group}/members} with its counts, the member
 * fields the join form asks for and the invitations; the CSV import
 * {@code /organize/g/{group}/members/import}; and their API calls. The organizer's branch of
 * {@code GET /api/v1/groups/{group}/members} is here (DirectoryRoutes answers the member's
 * {@code ?token=} branch and passes a bearer on).
 */
public final class OfficeRoutes {
  private static final int PAGE = 50;
  private static final int MAX_PAGE = 500;
  private static final Map<String, String> FIELD_LABELS = Map.of("class_year", "Class year",
      "programme", "Programme or degree", "chapter", "Chapter or city", "industry", "Industry",
      "employer", "Employer", "headline", "Headline", "profile_url", "Profile link",
      "goals", "Goals (what they are here for)", "topics", "Topics");
  // the preview's errors are keyed by field; a row's table cell says which field each is about
  private static final Map<String, String> ERROR_LABELS = Map.of("classYear", "Class year",
      "programme", "Programme", "chapter", "Chapter", "industry", "Industry", "employer",
      "Employer", "headline", "Headline", "url", "Profile link", "goals", "Goals", "topics",
      "Topics");
  private static final Map<String, String> STATUS_LABELS = Map.of("pending", "Joined, not confirmed",
      "verified", "Member", "imported", "Imported, not invited", "invited", "Invited");

  private final OfficeStore office;
  private final GroupStore groups;
  private final Access access;
  private final Auth auth;
  private final Views views;

  public OfficeRoutes(OfficeStore office, GroupStore groups, Access access, Auth auth,
                      Views views) {
    this.office = office;
    this.groups = groups;
    this.access = access;
    this.auth = auth;
    this.views = views;
  }

  /** Mount after DirectoryRoutes, which hands the organizer's list request on. */
  public void mount(Router r) {
    r.get("/organize/g/:group/members").handler(this::listPage);
    r.post("/organize/g/:group/members/fields").handler(this::fieldsFromForm);
    r.post("/organize/g/:group/members/invitations").handler(this::inviteFromForm);
    r.get("/organize/g/:group/members/import").handler(this::importPage);
    r.post("/organize/g/:group/members/import").handler(this::importFromForm);

    r.get("/api/v1/groups/:group/members").handler(this::listApi);
    r.post("/api/v1/groups/:group/members/import").handler(this::importApi);
    r.post("/api/v1/groups/:group/members/invitations").handler(this::inviteApi);
  }

  private record Organizer(Group group, Account account) {}

  private Future<Organizer> webOrganizer(RoutingContext ctx) {
    return auth.requireWeb(ctx).compose(me -> organizer(ctx, me));
  }

  private Future<Organizer> apiOrganizer(RoutingContext ctx) {
    return auth.apiAccount(ctx).compose(me -> organizer(ctx, me));
  }

  private Future<Organizer> organizer(RoutingContext ctx, Account me) {
    return access.requireGroup(ctx.pathParam("group"), me, Access.MANAGE_EVENTS)
        .map(granted -> new Organizer(granted.group(), me));
  }

  // ---- the list ----

  private static String status(RoutingContext ctx) {
    String s = ctx.request().getParam("status");
    if (s == null || s.isBlank() || "all".equals(s)) return null;
    if (!OfficeStore.STATUSES.contains(s)) {
      throw Problem.invalid(new JsonObject().put("status",
          "must be one of " + String.join(", ", OfficeStore.STATUSES)));
    }
    return s;
  }

  private void listApi(RoutingContext ctx) {
    Paging paging = Paging.of(ctx, 100, MAX_PAGE);
    String status = status(ctx);
    apiOrganizer(ctx).compose(o -> office.page(o.group().id(), status, paging.after(),
            paging.limit())
        .compose(page -> office.counts(o.group().id()).map(counts -> {
          JsonArray items = new JsonArray();
          page.items().forEach(m -> items.add(m.json()));
          return new JsonObject().put("items", items).put("next", page.next())
              .put("counts", counts);
        })))
        .onSuccess(ctx::json).onFailure(ctx::fail);
  }

  private void listPage(RoutingContext ctx) {
    Paging paging = Paging.of(ctx, PAGE, MAX_PAGE);
    String status = status(ctx);
    webOrganizer(ctx).compose(o -> renderList(ctx, 200, o, status, paging, null))
        .onFailure(ctx::fail);
  }

  private Future<Void> renderList(RoutingContext ctx, int code, Organizer o, String status,
                                  Paging paging, JsonObject fieldErrors) {
    Group g = o.group();
    return office.page(g.id(), status, paging.after(), paging.limit()).compose(page ->
        office.counts(g.id()).compose(counts -> groups.memberFields(g.id()).compose(fields -> {
          JsonArray people = new JsonArray();
          for (OfficeStore.Listed m : page.items()) {
            people.add(new JsonObject().put("name", m.name()).put("email", m.email())
                .put("status", m.status()).put("statusLabel", STATUS_LABELS.get(m.status()))
                .put("classYear", m.profile().classYear()).put("chapter", m.profile().chapter())
                .put("employer", m.profile().employer()).put("listed", m.listed())
                .put("since", m.createdAt().toLocalDate().toString()));
          }
          JsonArray statuses = new JsonArray().add(new JsonObject().put("value", "all")
              .put("label", "Everyone").put("selected", status == null));
          for (String s : OfficeStore.STATUSES) {
            statuses.add(new JsonObject().put("value", s).put("label", STATUS_LABELS.get(s))
                .put("selected", s.equals(status)));
          }
          List<String> asked = MemberRules.asked(fields);
          JsonArray choices = new JsonArray();
          for (String f : MemberRules.FIELDS) {
            choices.add(new JsonObject().put("value", f).put("label", FIELD_LABELS.get(f))
                .put("checked", asked.contains(f)));
          }
          String next = page.next() == null ? null : "/organize/g/" + g.slug() + "/members?after="
              + page.next() + (status == null ? "" : "&status=" + status);
          return views.render(ctx, code, "organize-members", new JsonObject()
              .put("title", "Members · " + g.name())
              .put("group", g.view()).put("counts", counts).put("people", people)
              .put("statuses", statuses).put("filtered", status != null)
              .put("first", paging.after() > 0
                  ? "/organize/g/" + g.slug() + "/members" + (status == null ? "" : "?status=" + status)
                  : null)
              .put("next", next).put("fieldChoices", choices)
              .put("errors", fieldErrors == null ? new JsonObject() : fieldErrors)
              .put("notice", notice(ctx)));
        })));
  }

  private static String notice(RoutingContext ctx) {
    var q = ctx.queryParams();
    if (q.get("fields") != null) return "The join form now asks for the fields ticked below.";
    if (q.get("queued") != null) {
      String skipped = q.get("skipped");
      return "Invitations sent: " + number(q.get("queued"))
          + (skipped != null && !"0".equals(skipped) ? ". " + number(skipped) + " not sent today:"
              + " those addresses have had as much mail from us today as anyone gets; send"
              + " again tomorrow." : ".");
    }
    if (q.get("created") != null) {
      return "Imported: " + number(q.get("created")) + " new, " + number(q.get("updated"))
          + " updated, " + number(q.get("unchanged")) + " unchanged. Imported members get no"
          + " mail until you send the invitations.";
    }
    return null;
  }

  private static String number(String raw) {
    return raw != null && raw.matches("\\d{1,6}") ? raw : "0";
  }

  // ---- member fields ----

  private void fieldsFromForm(RoutingContext ctx) {
    List<String> chosen = ctx.request().formAttributes().getAll("fields");
    webOrganizer(ctx).compose(o -> {
      String problem = org.convene.groups.GroupRules.memberFieldsProblem(chosen);
      if (problem == null && chosen.isEmpty()) {
        problem = "Tick at least one field; the join form always asks for the name and email.";
      }
      if (problem != null) {
        return renderList(ctx, 400, o, null, new Paging(PAGE, 0),
            new JsonObject().put("fields", problem));
      }
      return groups.setMemberFields(o.group().id(), chosen).map(x -> {
        ctx.redirect("/organize/g/" + o.group().slug() + "/members?fields=saved#fields");
        return (Void) null;
      });
    }).onFailure(ctx::fail);
  }

  // ---- invitations ----

  private void inviteFromForm(RoutingContext ctx) {
    webOrganizer(ctx).compose(o -> office.invite(o.group().id(), o.account().id(), null).map(n -> {
      ctx.redirect("/organize/g/" + o.group().slug() + "/members?queued=" + n.queued()
          + "&skipped=" + n.skipped());
      return (Void) null;
    })).onFailure(ctx::fail);
  }

  private void inviteApi(RoutingContext ctx) {
    // no body at all invites every uninvited imported member, as {} does
    List<UUID> ids = ctx.body().length() <= 0 ? null
        : memberIds(JsonInput.of(ctx, Set.of("memberIds")));
    apiOrganizer(ctx).compose(o -> office.invite(o.group().id(), o.account().id(), ids))
        .onSuccess(n -> ctx.response().setStatusCode(202)
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("queued", n.queued()).put("skipped", n.skipped()).encode()))
        .onFailure(ctx::fail);
  }

  private static List<UUID> memberIds(JsonInput in) {
    if (!in.has("memberIds") || in.raw().getValue("memberIds") == null) {
      in.check();
      return null;
    }
    JsonArray a = in.array("memberIds");
    List<UUID> ids = new ArrayList<>();
    if (a != null) {
      for (Object o : a) {
        try {
          ids.add(UUID.fromString((String) o));
        } catch (ClassCastException | IllegalArgumentException | NullPointerException e) {
          in.error("memberIds", "must be a list of member ids");
        }
      }
      if (a.size() > ImportRules.MAX_ROWS) {
        in.error("memberIds", "at most " + ImportRules.MAX_ROWS + " ids at once");
      }
    }
    in.check();
    return ids;
  }

  // ---- the CSV import ----

  private void importApi(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase().startsWith("text/csv")) {
      throw new Problem(Problem.Kind.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
          "Send the file as text/csv (UTF-8).");
    }
    String rawDry = ctx.request().getParam("dryRun");
    if (rawDry != null && !rawDry.equals("true") && !rawDry.equals("false")) {
      throw Problem.invalid(new JsonObject().put("dryRun", "must be true or false"));
    }
    boolean dry = "true".equals(rawDry);
    Buffer body = ctx.body().buffer();
    apiOrganizer(ctx).compose(o -> parse(ctx, ImportRules.text(body))
        .compose(rows -> dry ? office.preview(o.group().id(), rows)
            : office.save(o.group().id(), rows)))
        .onSuccess(preview -> ctx.json(dry ? preview.json()
            : new JsonObject().put("counts", preview.counts())
                .put("saved", preview.create() + preview.update())))
        .onFailure(err -> {
          if (err instanceof OfficeStore.InvalidRows bad) {
            ctx.response().setStatusCode(422).putHeader("Content-Type", "application/json")
                .end(bad.preview().json().put("error", bad.code()).put("message", bad.getMessage())
                    .put("details", bad.details()).encode());
          } else {
            ctx.fail(err);
          }
        });
  }

  /** Parsing 10,000 rows is a few milliseconds of work: off the event loop all the same. */
  private static Future<List<ImportRules.Row>> parse(RoutingContext ctx, String text) {
    return ctx.vertx().executeBlocking(() -> ImportRules.parse(text), false);
  }

  private void importPage(RoutingContext ctx) {
    webOrganizer(ctx).compose(o -> renderImport(ctx, 200, o, "", null, null))
        .onFailure(ctx::fail);
  }

  private void importFromForm(RoutingContext ctx) {
    String csv = ctx.request().getFormAttribute("csv");
    boolean save = "save".equals(ctx.request().getFormAttribute("step"));
    webOrganizer(ctx).compose(o -> {
      if (csv == null || csv.isBlank()) {
        return renderImport(ctx, 400, o, "", null, "Paste the CSV first: a header row"
            + " name,email, then one member a line.");
      }
      Future<List<ImportRules.Row>> rows;
      try {
        rows = parse(ctx, ImportRules.text(Buffer.buffer(csv.getBytes(StandardCharsets.UTF_8))));
      } catch (Problem p) {
        rows = Future.failedFuture(p);
      }
      return rows
          .compose(parsed -> save ? office.save(o.group().id(), parsed).map(p -> {
                ctx.redirect("/organize/g/" + o.group().slug() + "/members?created=" + p.create()
                    + "&updated=" + p.update() + "&unchanged=" + p.unchanged());
                return (Void) null;
              })
              : office.preview(o.group().id(), parsed)
                  .compose(p -> renderImport(ctx, 200, o, csv, p, null)))
          .recover(err -> {
            if (err instanceof OfficeStore.InvalidRows bad) {
              return renderImport(ctx, 422, o, csv, bad.preview(), bad.getMessage());
            }
            if (err instanceof Problem p && (p.is(Problem.Kind.UNPROCESSABLE)
                || p.is(Problem.Kind.TOO_LARGE))) {
              return renderImport(ctx, 422, o, csv, null, p.getMessage());
            }
            return Future.failedFuture(err);
          });
    }).onFailure(ctx::fail);
  }

  private Future<Void> renderImport(RoutingContext ctx, int code, Organizer o, String csv,
                                    ImportRules.Preview preview, String problem) {
    JsonObject model = new JsonObject().put("title", "Import members · " + o.group().name())
        .put("group", o.group().view()).put("csv", csv).put("problem", problem)
        .put("goals", String.join(", ", DirectoryRules.GOAL_LABELS.keySet()));
    if (preview != null) {
      JsonArray rows = new JsonArray();
      for (ImportRules.Planned p : preview.rows()) {
        JsonArray errors = new JsonArray();
        ImportRules.firstErrors(p.row()).forEach((field, message) -> errors.add(
            ERROR_LABELS.containsKey(field) ? ERROR_LABELS.get(field) + ": " + message : message));
        rows.add(new JsonObject().put("line", p.row().line()).put("name", p.row().name())
            .put("email", p.row().email()).put("action", p.action())
            .put("invalid", !p.row().valid()).put("errors", errors));
      }
      int saving = preview.create() + preview.update();
      model.put("preview", new JsonObject().put("rows", rows).put("counts", preview.counts())
          .put("valid", preview.valid()).put("saving", saving)
          .put("nothingToSave", preview.valid() && saving == 0));
    }
    return views.render(ctx, code, "organize-members-import", model);
  }
}
