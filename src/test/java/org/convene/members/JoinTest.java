package org.convene.members;

import static org.convene.members.MemberScene.everything;
import static org.convene.members.MemberScene.form;
import static org.convene.members.MemberScene.mailsTo;
import static org.convene.members.MemberScene.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.convene.TestDb;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Joining a group through the API and the web form, through a real SMTP server: the join is
 * pending until the mailed link is opened, the answer never carries the link, a second join
 * with the same address changes nothing and mails the link again, the member changes their
 * profile and sharing on their page and by API, and leaving erases them.
 */
class JoinTest {
  static GreenMail smtp;
  static TestServer server;
  static int counter;

  @BeforeAll
  static void start() {
    int port = TestServer.freePort();
    smtp = MemberScene.smtp(port);
    server = MemberScene.serverWithSmtp(TestDb.fresh(), port);
    String owner = server.organizerToken("join-owner@members.test");
    server.createGroup(owner, "join-alumni");
    // the organizers ask for class year, chapter and goals only
    sql(server, "UPDATE groups SET member_fields = $1 WHERE slug = 'join-alumni'",
        (Object) new String[] {"class_year", "chapter", "goals"});
  }

  @AfterAll
  static void stop() {
    server.close();
    smtp.stop();
  }

  static String email(String who) {
    return who + "." + (++counter) + "@members.test";
  }

  static String memberToken(MimeMessage m) throws Exception {
    Matcher t = Pattern.compile(Pattern.quote(server.baseUrl) + "/m/([A-Za-z0-9_-]{22})")
        .matcher(everything(m));
    assertTrue(t.find(), "the mail carries the member link");
    return t.group(1);
  }

  static HttpResponse<Buffer> join(String name, String address, JsonObject profile) {
    return server.postJson("/api/v1/groups/join-alumni/members", new JsonObject()
        .put("name", name).put("email", address).put("profile", profile).put("listed", true));
  }

  @Test
  void aJoinIsPendingUntilTheMailedLinkIsOpened() throws Exception {
    String address = email("ada");
    HttpResponse<Buffer> r = join("Ada Lovelace", address, new JsonObject().put("classYear", 2012)
        .put("chapter", "London").put("employer", "not asked by this group"));
    assertEquals(202, r.statusCode(), r.bodyAsString());
    assertEquals("pending", r.bodyAsJsonObject().getString("status"));
    assertFalse(r.bodyAsString().contains("/m/"), "the answer never carries the link");

    List<MimeMessage> mails = mailsTo(smtp, address, 1, 10_000);
    assertEquals(1, mails.size());
    assertTrue(mails.get(0).getSubject().contains("Confirm your address"), mails.get(0).getSubject());
    String token = memberToken(mails.get(0));
    assertEquals(0L, sql(server, "SELECT count(*) AS n FROM members WHERE email = $1 AND verified_at IS NOT NULL",
        address).get(0).getLong("n"), "not a member before the link is opened");
    assertFalse(server.get("/g/join-alumni").bodyAsString().contains("has 1 confirmed member"));

    JsonObject me = server.get("/api/v1/members/" + token).bodyAsJsonObject();
    assertTrue(me.getBoolean("verified"), "opening the link verifies");
    assertEquals(2012, me.getJsonObject("profile").getInteger("classYear"));
    assertEquals("London", me.getJsonObject("profile").getString("chapter"));
    assertNull(me.getJsonObject("profile").getString("employer"), "only the asked fields are kept");
    assertEquals(new JsonArray(), me.getJsonArray("shared"), "nothing is shared by default");
    assertTrue(server.get("/g/join-alumni").bodyAsString().contains("Join join-alumni")
        || server.get("/g/join-alumni").bodyAsString().contains("/g/join-alumni/join"));

    HttpResponse<Buffer> changed = server.patchJson("/api/v1/members/" + token, new JsonObject()
        .put("shared", new JsonArray().add("class_year")).put("announcements", "weekly")
        .put("profile", new JsonObject().put("chapter", "Paris")));
    assertEquals(200, changed.statusCode(), changed.bodyAsString());
    assertEquals("Paris", changed.bodyAsJsonObject().getJsonObject("profile").getString("chapter"));
    assertEquals(2012, changed.bodyAsJsonObject().getJsonObject("profile").getInteger("classYear"));
    assertEquals("weekly", changed.bodyAsJsonObject().getString("announcements"));

    HttpResponse<Buffer> bad = server.patchJson("/api/v1/members/" + token, new JsonObject()
        .put("shared", new JsonArray().add("password")).put("announcements", "hourly"));
    assertEquals(400, bad.statusCode());
    assertTrue(bad.bodyAsJsonObject().getJsonObject("details").containsKey("shared"));
    assertTrue(bad.bodyAsJsonObject().getJsonObject("details").containsKey("announcements"));
  }

  @Test
  void joiningAgainWithAMembersAddressChangesNothingAndMailsTheirLinkAgain() throws Exception {
    String address = email("grace");
    assertEquals(202, join("Grace Hopper", address, new JsonObject().put("chapter", "Arlington"))
        .statusCode());
    String token = memberToken(mailsTo(smtp, address, 1, 10_000).get(0));
    server.get("/m/" + token);

    HttpResponse<Buffer> again = join("Someone Else", address, new JsonObject().put("chapter", "Evil"));
    assertEquals(202, again.statusCode(), "the same answer as for a new member");
    List<MimeMessage> mails = mailsTo(smtp, address, 2, 10_000);
    assertEquals(2, mails.size());
    assertEquals(token, memberToken(mails.get(1)), "the same link again");
    JsonObject me = server.get("/api/v1/members/" + token).bodyAsJsonObject();
    assertEquals("Grace Hopper", me.getString("name"));
    assertEquals("Arlington", me.getJsonObject("profile").getString("chapter"));

    // at most once an hour: a third join mails nothing
    assertEquals(202, join("Grace Hopper", address, null).statusCode());
    Thread.sleep(1500);
    assertEquals(2, mailsTo(smtp, address, 3, 500).size());
  }

  @Test
  void badJoinsAreRefusedWithTheFieldNamed() {
    HttpResponse<Buffer> r = server.postJson("/api/v1/groups/join-alumni/members", new JsonObject()
        .put("name", "").put("email", "not-an-address")
        .put("profile", new JsonObject().put("classYear", 1200).put("goals", new JsonArray().add("world_domination"))));
    assertEquals(400, r.statusCode());
    JsonObject details = r.bodyAsJsonObject().getJsonObject("details");
    for (String f : List.of("name", "email", "classYear", "goals")) {
      assertTrue(details.containsKey(f), f + " in " + details);
    }
    assertEquals(404, server.postJson("/api/v1/groups/no-such-group/members", new JsonObject()
        .put("name", "A").put("email", "a@members.test")).statusCode());
    assertEquals(404, server.get("/api/v1/members/aaaaaaaaaaaaaaaaaaaaaa").statusCode());
  }

  @Test
  void theWebFormJoinsAndTheMemberPageSavesSharingAndLeaving() throws Exception {
    String address = email("hedy");
    MemberScene.Browser b = new MemberScene.Browser(server);
    String page = b.get("/g/join-alumni/join").bodyAsString();
    assertTrue(page.contains("name=\"classYear\""), "asks the group's fields");
    assertFalse(page.contains("name=\"employer\""), "and only those");

    HttpResponse<Buffer> bad = b.post("/g/join-alumni/join", form("name", "Hedy", "email", "nope",
        "classYear", "12x"));
    assertEquals(400, bad.statusCode());
    assertTrue(bad.bodyAsString().contains("valid email address"));
    assertTrue(bad.bodyAsString().contains("value=\"Hedy\""), "what was typed stays");

    HttpResponse<Buffer> ok = b.post("/g/join-alumni/join", form("name", "Hedy Lamarr",
        "email", address, "classYear", "1933", "chapter", "Vienna", "goals", "find_collaborators",
        "announcements", "each"));
    assertEquals(200, ok.statusCode());
    assertTrue(ok.bodyAsString().contains("h•••@members.test"), "says where the link went");
    assertFalse(ok.bodyAsString().contains("/m/"));

    String token = memberToken(mailsTo(smtp, address, 1, 10_000).get(0));
    MemberScene.Browser holder = new MemberScene.Browser(server);
    String mine = holder.get("/m/" + token).bodyAsString();
    assertTrue(mine.contains("value=\"Vienna\""));
    HttpResponse<Buffer> saved = holder.post("/m/" + token, form("name", "Hedy Lamarr",
        "classYear", "1933", "chapter", "Vienna", "goals", "find_collaborators", "listed", "1",
        "shared", "chapter", "shared", "goals", "announcements", "none"));
    assertEquals(302, saved.statusCode(), saved.bodyAsString());
    JsonObject me = server.get("/api/v1/members/" + token).bodyAsJsonObject();
    assertTrue(me.getBoolean("listed"));
    assertEquals(new JsonArray().add("chapter").add("goals"), me.getJsonArray("shared"));
    assertEquals("none", me.getString("announcements"));

    HttpResponse<Buffer> left = holder.post("/m/" + token + "/leave", form());
    assertEquals(200, left.statusCode());
    assertEquals(404, server.get("/api/v1/members/" + token).statusCode());
    assertEquals(0L, sql(server, "SELECT count(*) AS n FROM members WHERE email = $1", address)
        .get(0).getLong("n"));
    assertEquals(0L, sql(server, "SELECT count(*) AS n FROM outbox WHERE recipient = $1", address)
        .get(0).getLong("n"), "leaving takes the mails about them");
  }

  @Test
  void deleteLeavesByApi() throws Exception {
    String address = email("katherine");
    join("Katherine Johnson", address, null);
    String token = memberToken(mailsTo(smtp, address, 1, 10_000).get(0));
    assertEquals(204, server.delete("/api/v1/members/" + token).statusCode());
    assertEquals(404, server.get("/m/" + token).statusCode());
  }

  @Test
  void joinsNobodyConfirmedAreForgottenAfterAWeekWithTheirMail() throws Exception {
    String stale = email("stale");
    String fresh = email("fresh");
    join("Stale Joiner", stale, null);
    join("Fresh Joiner", fresh, null);
    mailsTo(smtp, fresh, 1, 10_000);
    sql(server, "UPDATE members SET created_at = now() - interval '8 days' WHERE email = $1", stale);
    long n = new MemberStore(server.app.pool(), org.convene.core.Config.Limits.defaults())
        .forgetUnverified().await(20, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(1L, n);
    assertEquals(0L, sql(server, "SELECT count(*) AS n FROM members WHERE email = $1", stale)
        .get(0).getLong("n"));
    assertEquals(0L, sql(server, "SELECT count(*) AS n FROM outbox WHERE recipient = $1", stale)
        .get(0).getLong("n"));
    assertEquals(1L, sql(server, "SELECT count(*) AS n FROM members WHERE email = $1", fresh)
        .get(0).getLong("n"), "a join of this week waits for its link");
  }
}
