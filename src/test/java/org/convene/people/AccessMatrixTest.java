package org.convene.people;

import static org.convene.people.Scene.bearer;
import static org.convene.people.Scene.form;
import static org.convene.people.Scene.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.convene.TestDb;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 12's access matrix: every viewer against every surface that shows people, at every stage
 * of an event, asserting exactly whose names and emails each answer carries (and that everyone
 * else's are absent), that no answer carries anyone else's manage token, that queued connect mails
 * never reveal a person who withdrew or was erased, and that the unasked-mail cap holds.
 *
 * The server sends through SMTP to a GreenMail that only starts in the mail test: until then
 * every mail fails and waits for its retry, so "queued" and "failed" are states the test holds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessMatrixTest {
  static final int UNASKED_PER_DAY = 4;
  static final String GUESS = "guessedtokenguessedtoken0000";

  enum Viewer {
    STRANGER, UNVERIFIED, SPOOFER, UNLISTED, LISTED_ABSENT, ATTENDED, HELPER, OTHER_ORGANIZER,
    ORGANIZER
  }

  enum Surface {
    PEOPLE_PAGE, PEOPLE_VCF, ATTENDEES_BY_TOKEN, ATTENDEES_ORGANIZER, ORGANIZER_PEOPLE_PAGE, RSVPS,
    RSVPS_CSV, CHECKIN_PAGE, CONNECT, CONNECT_TO_HIDDEN
  }

  enum Phase { BEFORE, BEFORE_WHOS_GOING, AFTER }

  /** A person of the scene: their markers, and whether they share their email. */
  record Person(String key, String name, String email, boolean share) {}

  static final Person UNA = new Person("una", "Una Unverified", "una@matrix.test", true);
  static final Person SAM = new Person("sam", "Sam Spoofed", "sam@matrix.test", true);
  static final Person NELL = new Person("nell", "Nell Unlisted", "nell@matrix.test", true);
  static final Person LIAM = new Person("liam", "Liam Listed", "liam@matrix.test", true);
  static final Person AVA = new Person("ava", "Ava Attended", "ava@matrix.test", true);
  static final Person ABE = new Person("abe", "Abe Attended", "abe@matrix.test", false);
  static final List<Person> EVERYONE = List.of(UNA, SAM, NELL, LIAM, AVA, ABE);

  static TestServer server;
  static int smtpPort;
  static GreenMail smtp;
  static String owner;
  static String helper;
  static String other;
  static String event;
  static final Map<String, String> tokens = new LinkedHashMap<>();
  static final Map<String, String> ids = new LinkedHashMap<>();
  static final Map<Viewer, Scene.Browser> browsers = new LinkedHashMap<>();

  @BeforeAll
  static void scene() {
    smtpPort = TestServer.freePort();
    server = TestServer.start(TestDb.fresh(), Map.of("SMTP_HOST", "127.0.0.1",
        "SMTP_PORT", Integer.toString(smtpPort), "SMTP_STARTTLS", "false",
        "MAIL_FROM", "convene@matrix.test",
        "UNASKED_MAILS_PER_ADDRESS_PER_DAY", Integer.toString(UNASKED_PER_DAY)));
    owner = server.organizerToken("mx-owner@matrix.test");
    helper = server.organizerToken("mx-helper@matrix.test");
    other = server.organizerToken("mx-other@matrix.test");
    server.createGroup(owner, "matrix");
    server.createGroup(other, "matrix-elsewhere");
    Scene.addMember(server, owner, "matrix", "mx-helper@matrix.test", "checkin");
    event = server.createEvent(owner, "matrix", new JsonObject().put("title", "Matrix night"))
        .getString("id");

    // Una answers and never opens the mail; Sam's address is used by someone else, who gets
    // nothing back to open it with
    for (Person p : List.of(UNA, SAM)) {
      var r = server.postJson("/api/v1/events/" + event + "/rsvps", new JsonObject()
          .put("name", p.name()).put("email", p.email()).put("response", "going")
          .put("listed", true).put("shareEmail", p.share()));
      assertEquals(201, r.statusCode(), r.bodyAsString());
      assertNull(r.bodyAsJsonObject().getValue("token"), "the answer holds no token");
      assertFalse(r.bodyAsString().contains("/r/"), "nor a manage link");
      tokens.put(p.key(), server.mailedToken(event, p.email()));
      ids.put(p.key(), sql(server, "SELECT id FROM rsvps WHERE token = $1", tokens.get(p.key()))
          .get(0).getUUID("id").toString());
    }
    for (Person p : List.of(NELL, LIAM, AVA, ABE)) {
      JsonObject r = Scene.rsvp(server, event, p.name(), p.email(), p != NELL, p.share(),
          Scene.profile("Role of " + p.key(), "Firm", List.of(), List.of()));
      tokens.put(p.key(), r.getString("token"));
      ids.put(p.key(), r.getString("id"));
    }
    browsers.put(Viewer.HELPER, Scene.signedIn(server, "mx-helper@matrix.test"));
    browsers.put(Viewer.OTHER_ORGANIZER, Scene.signedIn(server, "mx-other@matrix.test"));
    browsers.put(Viewer.ORGANIZER, Scene.signedIn(server, "mx-owner@matrix.test"));
  }

  @AfterAll
  static void stop() {
    server.close();
    if (smtp != null) smtp.stop();
  }

  // ---- who the viewers are ----

  /** The scene's person a viewer is, or null: they hold no manage token. */
  static Person subject(Viewer v) {
    return switch (v) {
      case UNLISTED -> NELL;
      case LISTED_ABSENT -> LIAM;
      case ATTENDED -> AVA;
      default -> null;
    };
  }

  /** The token the viewer can put in a URL: their own, or a guess (the unverified hold none). */
  static String tokenOf(Viewer v) {
    Person p = subject(v);
    return p == null ? GUESS : tokens.get(p.key());
  }

  static String accountOf(Viewer v) {
    return switch (v) {
      case HELPER -> helper;
      case OTHER_ORGANIZER -> other;
      case ORGANIZER -> owner;
      default -> null;
    };
  }

  static Scene.Browser browser(Viewer v) {
    return browsers.computeIfAbsent(v, x -> new Scene.Browser(server));
  }

  // ---- the rules, as the issue states them ----

  /** Who is on the directory: verified, listed, and going (who's going) or came (after). */
  static Set<Person> directory(Phase p) {
    return switch (p) {
      case BEFORE -> Set.of();
      case BEFORE_WHOS_GOING -> new LinkedHashSet<>(List.of(LIAM, AVA, ABE));
      case AFTER -> new LinkedHashSet<>(List.of(AVA, ABE));
    };
  }

  record Expect(int status, Set<Person> names, Set<Person> emails) {
    static Expect nothing(int status) {
      return new Expect(status, Set.of(), Set.of());
    }
  }

  static Expect expect(Viewer v, Surface s, Phase phase) {
    Person me = subject(v);
    Set<Person> dir = directory(phase);
    boolean sees = me != null && dir.contains(me);
    Set<Person> others = new LinkedHashSet<>(dir);
    others.remove(me);
    Set<Person> all = new LinkedHashSet<>(EVERYONE);
    boolean organizer = v == Viewer.ORGANIZER;
    boolean signedIn = accountOf(v) != null;
    return switch (s) {
      case PEOPLE_PAGE -> me == null ? Expect.nothing(404)
          : !sees ? Expect.nothing(200) : new Expect(200, others, sharing(others));
      case PEOPLE_VCF -> me == null ? Expect.nothing(404)
          : !sees ? Expect.nothing(403) : new Expect(200, others, sharing(others));
      case ATTENDEES_BY_TOKEN -> !sees ? Expect.nothing(403) : new Expect(200, dir, sharing(dir));
      case ATTENDEES_ORGANIZER -> organizer ? new Expect(200, all, all) : Expect.nothing(403);
      case ORGANIZER_PEOPLE_PAGE -> organizer ? new Expect(200, all, all) : Expect.nothing(200);
      case RSVPS, RSVPS_CSV -> organizer ? new Expect(200, all, all)
          : Expect.nothing(signedIn ? 403 : 401);
      case CHECKIN_PAGE -> organizer || v == Viewer.HELPER ? new Expect(200, all, Set.of())
          : Expect.nothing(signedIn ? 403 : 302);
      case CONNECT -> me == null ? Expect.nothing(404)
          : !sees ? Expect.nothing(403) : Expect.nothing(201);
      case CONNECT_TO_HIDDEN -> me == null ? Expect.nothing(404)
          : !sees ? Expect.nothing(403) : Expect.nothing(404);
    };
  }

  static Set<Person> sharing(Set<Person> people) {
    Set<Person> out = new LinkedHashSet<>();
    for (Person p : people) if (p.share()) out.add(p);
    return out;
  }

  // ---- asking ----

  static HttpResponse<Buffer> ask(Viewer v, Surface s, Phase phase) {
    String t = tokenOf(v);
    String account = accountOf(v);
    String[] auth = account == null ? new String[0] : new String[] {"Authorization", bearer(account)};
    return switch (s) {
      case PEOPLE_PAGE -> browser(v).get("/r/" + t + "/people");
      case PEOPLE_VCF -> browser(v).get("/r/" + t + "/people.vcf");
      case ATTENDEES_BY_TOKEN -> server.get("/api/v1/events/" + event + "/attendees?token=" + t);
      case ATTENDEES_ORGANIZER -> server.get("/api/v1/events/" + event + "/attendees", auth);
      case ORGANIZER_PEOPLE_PAGE -> browser(v).get("/e/" + event + "/people");
      case RSVPS -> server.get("/api/v1/events/" + event + "/rsvps", auth);
      case RSVPS_CSV -> server.get("/api/v1/events/" + event + "/rsvps.csv", auth);
      case CHECKIN_PAGE -> browser(v).get("/organize/e/" + event + "/checkin");
      case CONNECT -> server.postJson("/api/v1/rsvps/" + t + "/connect-requests",
          new JsonObject().put("rsvpId", ids.get(connectTarget(v, phase).key())));
      case CONNECT_TO_HIDDEN -> server.postJson("/api/v1/rsvps/" + t + "/connect-requests",
          new JsonObject().put("rsvpId", ids.get(UNA.key())));
    };
  }

  /** Someone on the directory other than the viewer (Abe, or Ava when the viewer is Abe). */
  static Person connectTarget(Viewer v, Phase phase) {
    for (Person p : directory(phase)) if (p != subject(v) && p != LIAM) return p;
    return ABE;
  }

  static void toPhase(Phase p) {
    // each stage starts without the previous stage's requests, their mails and quota
    sql(server, "DELETE FROM connect_requests WHERE event_id = $1", event);
    sql(server, "DELETE FROM outbox WHERE event_id = $1 AND kind LIKE 'connect%'", event);
    sql(server, "DELETE FROM mail_quotas");
    switch (p) {
      case BEFORE -> { }
      case BEFORE_WHOS_GOING -> patchEvent(true);
      case AFTER -> {
        patchEvent(false);
        Scene.pastEvent(server, event, 3);
        // who came: Ava and Abe, and also the unverified and the unlisted, who still show nowhere
        var marked = server.postJson("/api/v1/events/" + event + "/attendance", new JsonObject()
            .put("rsvpIds", new JsonArray(List.of(ids.get("una"), ids.get("sam"), ids.get("nell"),
                ids.get("ava"), ids.get("abe")))), "Authorization", bearer(owner));
        assertEquals(200, marked.statusCode(), marked.bodyAsString());
        assertEquals(5, marked.bodyAsJsonObject().getInteger("marked"));
      }
    }
  }

  static void patchEvent(boolean whosGoing) {
    var r = server.patchJson("/api/v1/events/" + event, new JsonObject().put("whosGoing", whosGoing),
        "Authorization", bearer(owner));
    assertEquals(200, r.statusCode(), r.bodyAsString());
  }

  @Test
  @Order(1)
  void everyViewerSeesExactlyWhatTheRulesAllowOnEverySurfaceAtEveryStage() {
    int cells = 0;
    for (Phase phase : Phase.values()) {
      toPhase(phase);
      for (Viewer v : Viewer.values()) {
        for (Surface s : Surface.values()) {
          String where = phase + " / " + v + " / " + s;
          Expect want = expect(v, s, phase);
          var r = ask(v, s, phase);
          String body = r.bodyAsString() == null ? "" : r.bodyAsString();
          assertEquals(want.status(), r.statusCode(), where + ": " + body);
          Person me = subject(v);
          for (Person p : EVERYONE) {
            if (p == me) continue;
            assertEquals(want.names().contains(p), body.contains(p.name()),
                where + (want.names().contains(p) ? " shows " : " hides ") + p.name());
            assertEquals(want.emails().contains(p), body.contains(p.email()),
                where + (want.emails().contains(p) ? " shows " : " hides ") + p.email());
          }
          // nobody's answer holds anyone else's key, organizers' least of all
          for (Map.Entry<String, String> t : tokens.entrySet()) {
            if (me != null && me.key().equals(t.getKey())) continue;
            assertFalse(body.contains(t.getValue()), where + " carries the token of " + t.getKey());
          }
          if (phase == Phase.BEFORE && s == Surface.PEOPLE_PAGE && me != null) {
            assertTrue(body.contains("opens after the event"), where + " says when it opens");
          }
          if (s == Surface.ATTENDEES_BY_TOKEN && phase == Phase.BEFORE && me != null) {
            assertEquals("directory_closed", r.bodyAsJsonObject().getString("error"), where);
          }
          cells++;
        }
      }
    }
    // none of this verified an address whose owner never opened the mail
    for (String key : List.of("una", "sam")) {
      assertNull(sql(server, "SELECT verified_at FROM rsvps WHERE id = $1", UUID.fromString(ids.get(key)))
          .get(0).getValue("verified_at"), key + " stays unverified");
    }
    int expected = Viewer.values().length * Surface.values().length * Phase.values().length;
    assertEquals(expected, cells);
    System.out.println("AccessMatrixTest: " + Viewer.values().length + " viewers x "
        + Surface.values().length + " surfaces x " + Phase.values().length + " stages = " + cells
        + " cells");
  }

  @Test
  @Order(2)
  void organizersMarkWhoCameByApiAndOnThePageWithoutJavaScript() {
    String e = server.createEvent(owner, "matrix", new JsonObject().put("title", "Marking night"))
        .getString("id");
    JsonObject x = Scene.rsvp(server, e, "Xena Marked", "xena@matrix.test", true, true, null);
    JsonObject y = Scene.rsvp(server, e, "Yuri Marked", "yuri@matrix.test", true, true, null);
    JsonObject w = Scene.rsvp(server, e, "Wes Cancelled", "wes@matrix.test", true, true, null);
    server.delete("/api/v1/rsvps/" + w.getString("token"));
    String z = Scene.rsvp(server, e, "Zoe Door", "zoe@matrix.test", false, false, null)
        .getString("token");
    String api = "/api/v1/events/" + e + "/attendance";
    JsonObject one = new JsonObject().put("rsvpIds", new JsonArray().add(x.getString("id")));
    assertEquals(409, server.postJson(api, one, "Authorization", bearer(owner)).statusCode(),
        "not before the event has started");
    Scene.pastEvent(server, e, 3);
    assertEquals(403, server.postJson(api, one, "Authorization", bearer(helper)).statusCode());
    assertEquals(403, server.postJson(api, one, "Authorization", bearer(other)).statusCode());
    assertEquals(401, server.postJson(api, one).statusCode());
    assertEquals(400, server.postJson(api, new JsonObject(), "Authorization", bearer(owner))
        .statusCode());
    String stray = UUID.randomUUID().toString();
    var unknown = server.postJson(api, new JsonObject().put("rsvpIds", new JsonArray()
        .add(x.getString("id")).add(stray).add(ids.get("ava"))), "Authorization", bearer(owner));
    assertEquals(400, unknown.statusCode());
    assertTrue(unknown.bodyAsString().contains(stray) && unknown.bodyAsString().contains(ids.get("ava")),
        "names the ids that are not this event's: " + unknown.bodyAsString());
    assertNull(sql(server, "SELECT checked_in_at FROM rsvps WHERE id = $1",
        UUID.fromString(x.getString("id"))).get(0).getValue("checked_in_at"), "all or nothing");

    // the page: a "came" box per person and the one button, both plain forms with CSRF
    var web = browsers.get(Viewer.ORGANIZER);
    String page = web.body("/e/" + e + "/people");
    assertTrue(page.contains("Everyone who was going came"));
    assertTrue(page.contains("name=\"rsvpId\" value=\"" + x.getString("id") + "\""));
    assertFalse(page.contains("value=\"" + w.getString("id") + "\""), "no box for a cancelled RSVP");
    assertEquals(403, web.post("/e/" + e + "/people/attendance",
        form("_csrf", "forged", "rsvpId", x.getString("id"))).statusCode(), "CSRF protected");
    assertEquals(403, browsers.get(Viewer.HELPER).post("/e/" + e + "/people/attendance",
        form("allGoing", "1")).statusCode());
    var marked = web.post("/e/" + e + "/people/attendance", form("rsvpId", x.getString("id")));
    assertEquals(302, marked.statusCode());
    assertTrue(web.body(marked.getHeader("Location")).contains("Marked 1 person as came."));
    assertEquals("organizer", sql(server, "SELECT attendance_source FROM rsvps WHERE id = $1",
        UUID.fromString(x.getString("id"))).get(0).getString("attendance_source"));
    // Xena came, Yuri not yet: the directory has Xena alone, so she sees nobody else
    assertFalse(new Scene.Browser(server).body("/r/" + x.getString("token") + "/people")
        .contains("Yuri Marked"));
    var all = server.postJson(api, new JsonObject().put("allGoing", true), "Authorization",
        bearer(owner));
    assertEquals(200, all.statusCode(), all.bodyAsString());
    assertEquals(2, all.bodyAsJsonObject().getInteger("marked"),
        "Yuri and Zoe; Xena already came, Wes left");
    assertTrue(new Scene.Browser(server).body("/r/" + x.getString("token") + "/people")
        .contains("Yuri Marked"));

    // check-in by a manage token still works, and answers without it
    var door = server.postJson("/api/v1/events/" + e + "/checkins", new JsonObject().put("token", z),
        "Authorization", bearer(helper));
    assertEquals(200, door.statusCode());
    assertFalse(door.bodyAsString().contains(z));
  }

  @Test
  @Order(3)
  void queuedConnectMailsNeverRevealSomeoneWhoWithdrewAndTheUnaskedCapHolds() throws Exception {
    String e = server.createEvent(owner, "matrix", new JsonObject().put("title", "Mail night")
        .put("whosGoing", true)).getString("id");
    Map<String, JsonObject> p = new LinkedHashMap<>();
    for (String name : List.of("Tessmarker", "Piamarker", "Quinnmarker", "Rexmarker", "Umamarker",
        "Vicmarker")) {
      p.put(name, Scene.rsvp(server, e, name + " Person", name.toLowerCase() + "@matrix.test", true,
          false, null));
    }
    String tess = p.get("Tessmarker").getString("id");
    for (String name : List.of("Piamarker", "Quinnmarker", "Rexmarker", "Umamarker")) {
      var r = server.postJson("/api/v1/rsvps/" + p.get(name).getString("token") + "/connect-requests",
          new JsonObject().put("rsvpId", tess));
      assertEquals(201, r.statusCode(), name + ": " + r.bodyAsString());
    }
    // the fifth request of the day to Tess's address is mail she did not ask for: refused
    var capped = server.postJson("/api/v1/rsvps/" + p.get("Vicmarker").getString("token")
        + "/connect-requests", new JsonObject().put("rsvpId", tess));
    assertEquals(429, capped.statusCode());
    assertEquals("unasked_mail_cap", capped.bodyAsJsonObject().getString("error"));
    var vic = new Scene.Browser(server);
    String vicPage = "/r/" + p.get("Vicmarker").getString("token") + "/people";
    vic.get(vicPage);
    var form = vic.post(vicPage + "/" + tess + "/connect", form());
    assertTrue(form.getHeader("Location").endsWith("done=capped"));
    assertTrue(vic.body(form.getHeader("Location")).contains("as many requests as we send anyone in a day"));
    assertEquals(UNASKED_PER_DAY, sql(server, "SELECT count(*) AS n FROM outbox WHERE kind = "
        + "'connect_request' AND rsvp_id = $1", UUID.fromString(tess)).get(0).getLong("n").intValue());
    // the queued rows hold ids, not the requester's details
    for (var row : sql(server, "SELECT payload FROM outbox WHERE kind = 'connect_request' "
        + "AND rsvp_id = $1", UUID.fromString(tess))) {
      assertFalse(row.getValue("payload").toString().contains("marker"), "no rendered text queued");
    }

    // Tess accepts Uma: two "connected" mails queue
    String answer = sql(server, "SELECT payload ->> 'answerToken' AS t FROM outbox WHERE kind = "
        + "'connect_request' AND payload ->> 'about' = $1", p.get("Umamarker").getString("id"))
        .get(0).getString("t");
    assertEquals(200, server.postJson("/api/v1/connect-requests/" + answer + "/accept",
        new JsonObject()).statusCode());

    // then Pia and Uma unlist, and Quinn erases himself, while their mails wait
    for (String name : List.of("Piamarker", "Umamarker")) {
      assertEquals(200, server.patchJson("/api/v1/rsvps/" + p.get(name).getString("token"),
          new JsonObject().put("listed", false)).statusCode());
    }
    String quinn = p.get("Quinnmarker").getString("id");
    assertEquals(204, server.postJson("/api/v1/rsvps/" + p.get("Quinnmarker").getString("token")
        + "/erase", new JsonObject()).statusCode());
    assertEquals(0, sql(server, "SELECT count(*) AS n FROM outbox WHERE rsvp_id = $1::uuid "
        + "OR payload ->> 'about' = $1::text", quinn).get(0).getLong("n"),
        "erasure leaves no unsent row about Quinn");

    // the sender gave up on everything (no SMTP server yet); the organizer fixes it and retries
    sql(server, "UPDATE outbox SET status = 'failed', claimed_until = NULL "
        + "WHERE event_id = $1 AND status IN ('pending', 'sending')", e);
    smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
    var retry = server.postJson("/api/v1/events/" + e + "/mail/retry", new JsonObject(),
        "Authorization", bearer(owner));
    assertEquals(200, retry.statusCode(), retry.bodyAsString());
    long end = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < end && sql(server, "SELECT count(*) AS n FROM outbox "
        + "WHERE event_id = $1 AND status IN ('pending', 'sending', 'failed')", e).get(0)
        .getLong("n") > 0) {
      Thread.sleep(100);
    }
    List<String[]> mails = new ArrayList<>();
    for (MimeMessage m : smtp.getReceivedMessages()) {
      mails.add(new String[] {m.getAllRecipients()[0].toString(), m.getSubject() + "\n" + text(m)});
    }
    // controls: what may still be revealed is
    assertTrue(mails.stream().anyMatch(m -> m[0].equals("tessmarker@matrix.test")
        && m[1].contains("Rexmarker Person") && m[1].contains("/accept")), "Rex's request reached Tess");
    assertTrue(mails.stream().anyMatch(m -> m[0].equals("umamarker@matrix.test")
        && m[1].contains("tessmarker@matrix.test")), "Uma learns Tess's address: Tess still shares");
    // and the withdrawn are revealed to no one else
    for (String[] m : mails) {
      for (String gone : List.of("Piamarker", "Umamarker", "Quinnmarker")) {
        if (m[0].startsWith(gone.toLowerCase())) continue;
        assertFalse(m[1].contains(gone), "a mail to " + m[0] + " reveals " + gone);
      }
    }
    assertEquals("skipped", sql(server, "SELECT status FROM outbox WHERE kind = 'connect_request' "
        + "AND payload ->> 'about' = $1", p.get("Piamarker").getString("id")).get(0).getString("status"));

    // a sent mail keeps no details of a person erased afterwards either
    String rex = p.get("Rexmarker").getString("id");
    long rexRequest = sql(server, "SELECT id FROM outbox WHERE payload ->> 'about' = $1", rex)
        .get(0).getLong("id");
    assertEquals(204, server.postJson("/api/v1/rsvps/" + p.get("Rexmarker").getString("token")
        + "/erase", new JsonObject()).statusCode());
    var scrubbed = sql(server, "SELECT status, payload::text AS p FROM outbox WHERE id = $1",
        rexRequest).get(0);
    assertEquals("sent", scrubbed.getString("status"), "kept for the counts");
    assertEquals("{}", scrubbed.getString("p"), "without saying whom it was about");
    assertEquals(0, sql(server, "SELECT count(*) AS n FROM outbox WHERE rsvp_id = $1 "
        + "AND (payload::text <> '{}' OR recipient LIKE 'rexmarker%')", UUID.fromString(rex))
        .get(0).getLong("n"), "Rex's own mails lose his address");
  }

  /** The text parts of a mail, decoded. */
  static String text(Part part) throws Exception {
    if (part.isMimeType("text/*")) return String.valueOf(part.getContent());
    if (part.getContent() instanceof Multipart mp) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < mp.getCount(); i++) out.append(text(mp.getBodyPart(i))).append('\n');
      return out.toString();
    }
    return "";
  }
}
