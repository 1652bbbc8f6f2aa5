package org.convene.members;

import static org.convene.members.MemberScene.everything;
import static org.convene.members.MemberScene.form;
import static org.convene.members.MemberScene.mailsTo;
import static org.convene.members.MemberScene.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.convene.TestDb;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Members hearing of new events, through a real SMTP server: join, verify, publish, announced
 * (once, to verified "each event" members only); a one-click unsubscribe stops announcements at
 * once, queued ones included; "weekly" members get one digest with the week's events; and an
 * event for members only is off the public lists and answered only from a verified member's link.
 */
class AnnouncementTest {
  static GreenMail smtp;
  static TestServer server;
  static String owner;
  static int counter;
  private static final Pattern MEMBER_LINK = Pattern.compile("/m/([A-Za-z0-9_-]{22})");

  @BeforeAll
  static void start() {
    int port = TestServer.freePort();
    smtp = MemberScene.smtp(port);
    server = MemberScene.serverWithSmtp(TestDb.fresh(), port);
    owner = server.organizerToken("announce-owner@members.test");
  }

  @AfterAll
  static void stop() {
    server.close();
    smtp.stop();
  }

  static String email(String who) {
    return who + "." + (++counter) + "@announce.test";
  }

  static String group(String slug) {
    server.createGroup(owner, slug);
    return slug;
  }

  /** Joins through the API and opens the mailed link, as a person does; answers the token. */
  static String joinAndVerify(String group, String name, String address, String announcements)
      throws Exception {
    var r = server.postJson("/api/v1/groups/" + group + "/members", new JsonObject()
        .put("name", name).put("email", address).put("announcements", announcements));
    assertEquals(202, r.statusCode(), r.bodyAsString());
    List<MimeMessage> got = mailsTo(smtp, address, 1, 10_000);
    assertEquals(1, got.size(), "the join mail");
    Matcher m = MEMBER_LINK.matcher(everything(got.get(0)));
    assertTrue(m.find());
    String token = m.group(1);
    assertEquals(200, server.get("/m/" + token).statusCode(), "opening the link verifies");
    return token;
  }

  static JsonObject event(String group, String title, JsonObject extra) {
    return server.createEvent(owner, group, new JsonObject().put("title", title).mergeIn(extra));
  }

  static List<MimeMessage> withSubject(String address, String part, int n, long waitMs) {
    long end = System.currentTimeMillis() + waitMs;
    while (true) {
      List<MimeMessage> out = mailsTo(smtp, address, 0, 0).stream().filter(m -> {
        try {
          return m.getSubject().contains(part);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }).toList();
      if (out.size() >= n || System.currentTimeMillis() > end) return out;
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return out;
      }
    }
  }

  /** Until the outbox has nothing waiting to go, so "no mail" means none was sent. */
  static void outboxSettled() throws Exception {
    long end = System.currentTimeMillis() + 15_000;
    while (System.currentTimeMillis() < end) {
      long waiting = sql(server, "SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sending')")
          .get(0).getLong("n");
      if (waiting == 0) return;
      Thread.sleep(100);
    }
    throw new AssertionError("the outbox did not drain");
  }

  @Test
  void publishingAnnouncesOnceToVerifiedMembersWhoChoseEachEvent() throws Exception {
    String g = group("announce-each");
    String each = email("each");
    String token = joinAndVerify(g, "Ada Each", each, "each");
    String none = email("none");
    joinAndVerify(g, "Nora None", none, "none");
    String weekly = email("weekly");
    joinAndVerify(g, "Wes Weekly", weekly, "weekly");
    // joined but never opened the link; imported by the office and never invited
    String pending = email("pending");
    assertEquals(202, server.postJson("/api/v1/groups/" + g + "/members", new JsonObject()
        .put("name", "Pat Pending").put("email", pending)).statusCode());
    MemberScene.insert(server, g, MemberScene.Member.listed("Ivy Imported", email("imported"))
        .verified(false));

    JsonObject e = event(g, "Spring reunion", new JsonObject());
    List<MimeMessage> got = withSubject(each, "New event: Spring reunion", 1, 10_000);
    assertEquals(1, got.size(), "the announcement");
    MimeMessage m = got.get(0);
    String all = everything(m);
    assertTrue(all.contains(server.baseUrl + "/e/" + e.getString("id")), "links the event");
    assertTrue(all.contains(server.baseUrl + "/m/" + token), "links the member page");
    assertNotNull(m.getHeader("List-Unsubscribe"), "one-click unsubscribe (RFC 8058)");
    assertEquals("List-Unsubscribe=One-Click", m.getHeader("List-Unsubscribe-Post")[0]);

    // saving it again, or cancelling and publishing again, announces nothing more
    assertEquals(200, server.patchJson("/api/v1/events/" + e.getString("id"),
        new JsonObject().put("title", "Spring reunion (new room)"),
        "Authorization", "Bearer " + owner).statusCode());
    // a draft is not news until it is published
    JsonObject draft = event(g, "Summer picnic", new JsonObject().put("status", "draft"));
    outboxSettled();
    assertEquals(0, withSubject(each, "Summer picnic", 1, 500).size(), "a draft is not announced");
    assertEquals(200, server.patchJson("/api/v1/events/" + draft.getString("id"),
        new JsonObject().put("status", "published"), "Authorization", "Bearer " + owner)
        .statusCode());
    assertEquals(1, withSubject(each, "New event: Summer picnic", 1, 10_000).size());
    outboxSettled();

    assertEquals(2, withSubject(each, "New event:", 2, 0).size(), "one mail per event");
    for (String nobody : List.of(none, weekly, pending)) {
      assertEquals(0, withSubject(nobody, "New event:", 1, 0).size(), nobody);
    }
    assertEquals(0, sql(server, """
        SELECT count(*) AS n FROM outbox WHERE kind = 'member_announcement'
          AND recipient LIKE 'imported.%'""").get(0).getLong("n"), "the office's list is not mailed");
  }

  @Test
  void oneClickUnsubscribeStopsAnnouncementsAtOnce() throws Exception {
    String g = group("announce-stop");
    String address = email("stop");
    String token = joinAndVerify(g, "Sam Stop", address, "each");
    event(g, "First talk", new JsonObject());
    MimeMessage first = withSubject(address, "New event: First talk", 1, 10_000).get(0);
    String url = first.getHeader("List-Unsubscribe")[0].replaceAll("^<|>$", "");
    String path = url.substring(url.indexOf("/u/"));

    // an announcement already queued, due in a few seconds, when the click comes
    JsonObject second = event(g, "Second talk", new JsonObject().put("status", "draft"));
    var clicked = server.client().post(server.port, "localhost", path)
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("List-Unsubscribe", "One-Click"))
        .await(10, TimeUnit.SECONDS);
    assertEquals(200, clicked.statusCode(), clicked.bodyAsString());
    sql(server, """
        INSERT INTO outbox (kind, event_id, recipient, payload, next_attempt_at)
        SELECT 'member_announcement', $1, m.email, jsonb_build_object('member', m.id::text),
          now() + interval '1 second'
        FROM members m WHERE m.token = $2""", second.getString("id"), token);

    JsonObject me = server.get("/api/v1/members/" + token).bodyAsJsonObject();
    assertEquals("none", me.getString("announcements"), "the member page says what they get");
    assertEquals(200, server.patchJson("/api/v1/events/" + second.getString("id"),
        new JsonObject().put("status", "published"), "Authorization", "Bearer " + owner)
        .statusCode());
    event(g, "Third talk", new JsonObject());
    Thread.sleep(1500);
    outboxSettled();
    assertEquals(1, withSubject(address, "New event:", 1, 0).size(), "nothing after the click");
    assertEquals("skipped", sql(server, """
        SELECT status FROM outbox WHERE kind = 'member_announcement' AND event_id = $1""",
        second.getString("id")).get(0).getString("status"), "the queued one is not sent");
  }

  @Test
  void weeklyMembersGetOneDigestWithTheWeeksEvents() throws Exception {
    String g = group("announce-weekly");
    String weekly = email("digest");
    joinAndVerify(g, "Dana Digest", weekly, "weekly");
    String each = email("each-too");
    joinAndVerify(g, "Eli Each", each, "each");
    event(g, "Career panel", new JsonObject());
    event(g, "Wine tasting", new JsonObject().put("startsAt", "2030-02-01T19:00")
        .put("endsAt", "2030-02-01T22:00"));
    event(g, "Founders breakfast", new JsonObject().put("startsAt", "2030-03-01T08:00")
        .put("endsAt", "2030-03-01T09:30"));
    assertEquals(3, withSubject(each, "New event:", 3, 10_000).size());
    outboxSettled();
    assertEquals(1, mailsTo(smtp, weekly, 0, 0).size(), "weekly gets only the join mail so far");

    AnnouncementStore store = new AnnouncementStore(server.app.pool());
    assertEquals(0, store.queueDigests(Instant.now()).await(10, TimeUnit.SECONDS),
        "nobody's week is up yet");
    Instant nextWeek = Instant.now().plus(Duration.ofDays(8));
    assertEquals(1, store.queueDigests(nextWeek).await(10, TimeUnit.SECONDS), "one digest");
    assertEquals(0, store.queueDigests(nextWeek).await(10, TimeUnit.SECONDS),
        "and not a second for the same week");
    List<MimeMessage> digest = withSubject(weekly, "This week in", 1, 10_000);
    assertEquals(1, digest.size());
    String all = everything(digest.get(0));
    for (String title : List.of("Career panel", "Wine tasting", "Founders breakfast")) {
      assertTrue(all.contains(title), title);
    }
    assertTrue(digest.get(0).getSubject().contains("3 new events"), digest.get(0).getSubject());
    assertNotNull(digest.get(0).getHeader("List-Unsubscribe"));
    outboxSettled();
    assertEquals(0, withSubject(each, "This week in", 1, 0).size(), "each-event members get none");
  }

  @Test
  void aMembersOnlyEventIsOffThePublicListsAndAnsweredOnlyFromAVerifiedMembersLink()
      throws Exception {
    String g = group("announce-private");
    String other = group("announce-other");
    String memberAddress = email("member");
    String token = joinAndVerify(g, "Mo Member", memberAddress, "each");
    String otherToken = joinAndVerify(other, "Otto Other", email("other"), "none");
    assertEquals(202, server.postJson("/api/v1/groups/" + g + "/members", new JsonObject()
        .put("name", "Una Unverified").put("email", email("unverified"))).statusCode());
    String unverifiedToken = sql(server,
        "SELECT token FROM members WHERE name = 'Una Unverified'").get(0).getString("token");

    JsonObject e = event(g, "Board dinner", new JsonObject().put("audience", "members"));
    String id = e.getString("id");
    assertEquals("members", e.getString("audience"));
    assertFalse(server.get("/").bodyAsString().contains("Board dinner"), "not on /");
    assertFalse(server.get("/g/" + g + "/calendar.ics").bodyAsString().contains("Board dinner"),
        "not in the public group feed");
    assertTrue(server.get("/g/" + g).bodyAsString().contains("Members only"),
        "the group page shows it, marked");

    // the announcement links the member's own RSVP page
    String mail = everything(withSubject(memberAddress, "New event: Board dinner", 1, 10_000).get(0));
    assertTrue(mail.contains(server.baseUrl + "/m/" + token + "/e/" + id), mail);

    String rsvps = "/api/v1/events/" + id + "/rsvps";
    for (String t : new String[] {null, otherToken, unverifiedToken, "not-a-member-token-at-all"}) {
      JsonObject body = new JsonObject().put("name", "Stranger").put("email", email("stranger"))
          .put("response", "going");
      if (t != null) body.put("memberToken", t);
      HttpResponse<Buffer> r = server.postJson(rsvps, body);
      assertEquals(403, r.statusCode(), t + ": " + r.bodyAsString());
      assertEquals("members_only", r.bodyAsJsonObject().getString("error"));
      assertTrue(r.bodyAsJsonObject().getJsonObject("details").getString("joinUrl")
          .endsWith("/g/" + g + "/join"));
    }
    HttpResponse<Buffer> wrongAddress = server.postJson(rsvps, new JsonObject().put("name", "Mo")
        .put("email", email("someone-else")).put("response", "going").put("memberToken", token));
    assertEquals(400, wrongAddress.statusCode(), wrongAddress.bodyAsString());
    assertEquals(0, sql(server, "SELECT count(*) AS n FROM rsvps WHERE event_id = $1", id)
        .get(0).getLong("n"), "nothing was stored");

    HttpResponse<Buffer> ok = server.postJson(rsvps, new JsonObject().put("name", "Mo Member")
        .put("response", "going").put("memberToken", token));
    assertEquals(201, ok.statusCode(), ok.bodyAsString());
    assertEquals("going", ok.bodyAsJsonObject().getString("status"));
    assertEquals(memberAddress, sql(server, "SELECT email FROM rsvps WHERE event_id = $1", id)
        .get(0).getString("email"));

    // on the web: the event page invites to join instead of showing the form
    String page = server.get("/e/" + id).bodyAsString();
    assertTrue(page.contains("/g/" + g + "/join"), "a join link");
    assertFalse(page.contains("name=\"response\""), "no RSVP form for the public");
    MemberScene.Browser anyone = new MemberScene.Browser(server);
    anyone.get("/e/" + id);
    HttpResponse<Buffer> posted = anyone.post("/e/" + id, form("name", "Stranger",
        "email", email("web-stranger"), "response", "going"));
    assertEquals(403, posted.statusCode());
    assertTrue(posted.bodyAsString().contains("This event is for members of"));

    // a member answers from their own page, with their member address
    String second = email("second");
    String secondToken = joinAndVerify(g, "Sue Second", second, "none");
    MemberScene.Browser member = new MemberScene.Browser(server);
    String memberPage = member.get("/m/" + secondToken).bodyAsString();
    assertTrue(memberPage.contains("/m/" + secondToken + "/e/" + id), "listed on the member page");
    HttpResponse<Buffer> form = member.get("/m/" + secondToken + "/e/" + id);
    assertEquals(200, form.statusCode());
    assertTrue(form.bodyAsString().contains("name=\"response\""));
    HttpResponse<Buffer> sent = member.post("/m/" + secondToken + "/e/" + id,
        form("name", "Sue Second", "response", "going"));
    assertEquals(201, sent.statusCode(), sent.bodyAsString());
    assertEquals(1, sql(server, "SELECT count(*) AS n FROM rsvps WHERE event_id = $1 AND email = $2",
        id, second).get(0).getLong("n"));
    assertEquals(404, member.get("/m/" + otherToken + "/e/" + id).statusCode(),
        "another group's member has no page for it");
  }
}
