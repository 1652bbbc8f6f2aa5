package org.convene.people;

import org.convene.outbox.OutboxStore;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.convene.TestServer;

/** Test helpers for the people features: browsers with cookies, RSVPs, SQL and the outbox. */
final class Scene {
  static final String PASSWORD = "correct horse battery";

  private Scene() {}

  /** A browser with a cookie jar; remembers the last CSRF token it saw in a form. */
  static final class Browser {
    final TestServer server;
    final WebClientSession web;
    String csrf;

    Browser(TestServer server) {
      this.server = server;
      this.web = WebClientSession.create(server.client());
    }

    HttpResponse<Buffer> get(String path) {
      try {
        HttpResponse<Buffer> r = web.get(server.port, "localhost", path).send()
            .await(20, TimeUnit.SECONDS);
        String body = r.bodyAsString();
        if (body != null) {
          Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(body);
          if (m.find()) csrf = m.group(1);
        }
        return r;
      } catch (Exception e) {
        throw new IllegalStateException("GET " + path, e);
      }
    }

    HttpResponse<Buffer> post(String path, MultiMap form) {
      if (csrf == null) get("/login");
      if (!form.contains("_csrf")) form.add("_csrf", csrf);
      try {
        return web.post(server.port, "localhost", path).sendForm(form).await(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("POST " + path, e);
      }
    }

    String body(String path) {
      return get(path).bodyAsString();
    }
  }

  static MultiMap form(String... kv) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i + 1 < kv.length; i += 2) m.add(kv[i], kv[i + 1]);
    return m;
  }

  /** A browser signed in as the organizer account with that email (created by organizerToken). */
  static Browser signedIn(TestServer server, String email) {
    Browser b = new Browser(server);
    b.get("/login");
    var r = b.post("/login", form("email", email, "password", PASSWORD, "next", "/organize"));
    if (r.statusCode() != 302 && r.statusCode() != 303) {
      throw new IllegalStateException("login failed: " + r.statusCode());
    }
    return b;
  }

  static void addMember(TestServer server, String ownerToken, String group, String email,
                        String role) {
    var r = server.postJson("/api/v1/groups/" + group + "/organizers",
        new JsonObject().put("email", email).put("role", role), "Authorization", "Bearer " + ownerToken);
    if (r.statusCode() != 201) throw new IllegalStateException("member: " + r.bodyAsString());
  }

  /** RSVPs through the API; answers the created RSVP (with token and id). */
  static JsonObject rsvp(TestServer server, String event, String name, String email,
                         boolean listed, boolean shareEmail, JsonObject profile) {
    JsonObject body = new JsonObject().put("name", name).put("email", email)
        .put("response", "going").put("listed", listed).put("shareEmail", shareEmail)
        .put("profile", profile == null ? new JsonObject() : profile);
    // as a person does: answers, then opens the link from the confirmation mail
    return server.rsvpAndOpen(event, body);
  }

  static JsonObject profile(String headline, String company, List<String> goals,
                            List<String> topics) {
    return new JsonObject().put("headline", headline).put("company", company)
        .put("url", "https://example.org/" + headline.toLowerCase().replace(' ', '-'))
        .put("goals", new JsonArray(goals)).put("topics", new JsonArray(topics));
  }

  static List<Row> sql(TestServer server, String sql, Object... args) {
    try {
      var rows = server.app.pool().preparedQuery(sql).execute(Tuple.from(args))
          .await(20, TimeUnit.SECONDS);
      List<Row> out = new ArrayList<>();
      rows.forEach(out::add);
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Moves an event into the past: it started {@code hoursAgo} hours ago and lasted two hours. */
  static void pastEvent(TestServer server, String event, int hoursAgo) {
    sql(server, """
        UPDATE events SET rsvp_deadline = NULL, starts_at = now() - make_interval(hours => $2),
          ends_at = now() - make_interval(hours => $2) + interval '2 hours' WHERE id = $1""",
        event, hoursAgo);
  }

  /**
   * The connect mails (requests and "connected") written so far, oldest first, each rendered now
   * by the mail feature's renderer as the sender would: payload {subject, text, html, replyTo},
   * or {skipped: why} when it would no longer be sent.
   */
  static List<JsonObject> connectMails(TestServer server) {
    return rendered(server, "kind IN ('connect_request', 'connect_accepted')");
  }

  private static List<JsonObject> rendered(TestServer server, String which) {
    var pool = server.app.pool();
    var events = new org.convene.events.EventStore(pool);
    var invites = new org.convene.mail.CalendarInvites(pool, events, "convene@people.test",
        server.baseUrl);
    var renderer = new org.convene.mail.MailRenderer(server.app.vertx(), pool, events, invites,
        invites, server.baseUrl, new org.convene.mail.UnsubscribeTokens(new byte[32]));
    List<JsonObject> out = new ArrayList<>();
    for (Row r : sql(server, "SELECT id, kind, event_id, rsvp_id, recipient, payload FROM outbox "
        + "WHERE " + which + " ORDER BY id")) {
      var row = new org.convene.outbox.OutboxStore.Claimed(r.getLong("id"), r.getString("kind"),
          r.getString("event_id"), r.getUUID("rsvp_id"), r.getString("recipient"),
          (JsonObject) r.getValue("payload"), 1, null);
      try {
        var outcome = renderer.render(row).await(20, TimeUnit.SECONDS);
        var mail = outcome.mail();
        JsonObject payload = mail == null ? new JsonObject().put("skipped", outcome.skipped())
            : new JsonObject().put("subject", mail.subject()).put("text", mail.text())
                .put("html", mail.html()).put("replyTo", mail.replyTo());
        out.add(new JsonObject().put("id", row.id()).put("kind", row.kind())
            .put("recipient", row.recipient()).put("rsvpId", String.valueOf(row.rsvpId()))
            .put("event", row.eventId()).put("payload", payload));
      } catch (Exception e) {
        throw new IllegalStateException("render outbox row " + row.id(), e);
      }
    }
    return out;
  }

  /**
   * The organizer messages written so far (the follow-ups are), oldest first, each as its
   * recipient would read it: rendered by the mail feature's renderer, as the sender does.
   */
  static List<JsonObject> messageMails(TestServer server) {
    return rendered(server, "kind = 'organizer_message'");
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }
}
