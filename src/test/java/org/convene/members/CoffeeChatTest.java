package org.convene.members;

import static org.convene.members.MemberScene.everything;
import static org.convene.members.MemberScene.find;
import static org.convene.members.MemberScene.form;
import static org.convene.members.MemberScene.insert;
import static org.convene.members.MemberScene.mailsTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.StringReader;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Property;
import net.fortuna.ical4j.model.component.VEvent;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.members.MemberScene.Member;
import org.convene.members.MemberScene.Written;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Coffee chats end to end, through a real SMTP server: the request mail (message, times, the
 * private answer link, no address), acceptance (both get the other's address and an iTIP invite
 * with both as attendees, each in their own zone), a decline (nothing revealed, the asker cannot
 * tell it from no answer), and the daily limit per sender, held under concurrency.
 */
class CoffeeChatTest {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  // times are proposed up to a year ahead: six weeks from today, then the day after
  static final java.time.LocalDate DAY = java.time.LocalDate.now(BERLIN).plusWeeks(6);
  static final String T1 = DAY + "T09:30";
  static final String T2 = DAY.plusDays(1) + "T17:00";
  static final DateTimeFormatter SHOWN =
      DateTimeFormatter.ofPattern("EEEE d MMMM yyyy, HH:mm", java.util.Locale.ENGLISH);

  static String shown(String local) {
    return SHOWN.format(LocalDateTime.parse(local)) + " (Europe/Berlin)";
  }

  static String utc(String local) {
    return LocalDateTime.parse(local).atZone(BERLIN).toInstant().toString();
  }

  /** A wall time Berlin skips: 02:30 on the next morning clocks go forward. */
  static String skipped() {
    var next = BERLIN.getRules().nextTransition(java.time.Instant.now());
    while (!next.isGap()) next = BERLIN.getRules().nextTransition(next.getInstant());
    return next.getDateTimeBefore().plusMinutes(30).toString();
  }
  static GreenMail smtp;
  static TestServer server;
  static int counter;

  @BeforeAll
  static void start() {
    int port = TestServer.freePort();
    smtp = MemberScene.smtp(port);
    server = MemberScene.serverWithSmtp(TestDb.fresh(), port);
    String owner = server.organizerToken("coffee-owner@members.test");
    server.createGroup(owner, "coffee-alumni");
  }

  @AfterAll
  static void stop() {
    server.close();
    smtp.stop();
  }

  /** A listed member sharing industry and headline (not email), with a fresh address. */
  static Written member(String name, String industry) {
    String email = name.toLowerCase().replace(' ', '.') + "." + (++counter) + "@members.test";
    return insert(server, "coffee-alumni", Member.listed(name, email)
        .sharing("industry", "headline").profile(2015, "Berlin", industry, "Hidden Employer",
            name + " headline"));
  }

  static HttpResponse<Buffer> ask(Written from, Written to, String message, String... times) {
    return server.postJson("/api/v1/members/" + from.token() + "/coffee-chats", new JsonObject()
        .put("to", to.id()).put("message", message).put("times", new JsonArray(List.of(times)))
        .put("timeZone", "Europe/Berlin"));
  }

  static String answerToken(MimeMessage requestMail) throws Exception {
    Matcher m = Pattern.compile(Pattern.quote(server.baseUrl) + "/coffee/([A-Za-z0-9_-]{32})")
        .matcher(everything(requestMail));
    assertTrue(m.find(), "the request mail carries the answer link");
    return m.group(1);
  }

  static MimeMessage onlyMail(String to) {
    List<MimeMessage> got = mailsTo(smtp, to, 1, 15_000);
    assertEquals(1, got.size(), "one mail to " + to);
    return got.get(0);
  }

  static Calendar invite(MimeMessage m) throws Exception {
    Part ics = find(m, "text/calendar");
    assertTrue(ics != null, "the mail carries an invite");
    assertTrue(ics.getContentType().toLowerCase().contains("method=request"));
    return new CalendarBuilder().build(new StringReader(MemberScene.text(ics)));
  }

  static String prop(VEvent e, String name) {
    return e.getProperty(name).map(Property::getValue).orElse(null);
  }

  @Test
  void theRequestMailsTheMessageTimesAndAPrivateLinkButNoAddress() throws Exception {
    Written ada = member("Ada Asker", "Software");
    Written grace = member("Grace Asked", "Finance");
    var r = ask(ada, grace, "Could we talk about moving into quantitative finance?", T1, T2);
    assertEquals(201, r.statusCode(), r.bodyAsString());
    assertEquals("sent", r.bodyAsJsonObject().getString("status"));
    assertEquals(java.util.Set.of("id", "status"), r.bodyAsJsonObject().fieldNames(),
        "the answer link goes by mail only");

    MimeMessage m = onlyMail(grace.email());
    assertTrue(m.getSubject().contains("Ada Asker would like a coffee chat"));
    String all = everything(m);
    assertTrue(all.contains("moving into quantitative finance"));
    assertTrue(all.contains(shown(T1)), all);
    assertTrue(all.contains(shown(T2)));
    assertTrue(all.contains("Ada Asker headline"), "what Ada shares");
    assertFalse(all.contains(ada.email()), "not Ada's address before Grace accepts");
    assertFalse(all.contains("Hidden Employer"), "not what Ada keeps to herself");
    assertFalse(all.contains(ada.token()), "not Ada's private link");

    JsonObject chat = server.get("/api/v1/coffee-chats/" + answerToken(m)).bodyAsJsonObject();
    assertEquals("pending", chat.getString("status"));
    assertNull(chat.getJsonObject("from").getString("email"));
    assertEquals(2, chat.getJsonArray("times").size());
    assertEquals(T1, chat.getJsonArray("times").getJsonObject(0).getString("startsAt"));
    assertEquals(404, server.get("/api/v1/coffee-chats/" + "q".repeat(32)).statusCode());
  }

  @Test
  void acceptingSendsBothAnInviteWithBothAttendeesEachInTheirOwnZone() throws Exception {
    Written ada = member("Ada Lovelace", "Software");
    Written grace = member("Grace Hopper", "Navy");
    assertEquals(201, ask(ada, grace, "Compilers?", T1, T2).statusCode());
    String token = answerToken(onlyMail(grace.email()));

    var accepted = server.postJson("/api/v1/coffee-chats/" + token + "/accept", new JsonObject()
        .put("time", T2).put("timeZone", "America/New_York"));
    assertEquals(200, accepted.statusCode(), accepted.bodyAsString());
    JsonObject body = accepted.bodyAsJsonObject();
    assertEquals("accepted", body.getString("status"));
    assertFalse(body.getBoolean("alreadyAnswered"));
    assertEquals(ada.email(), body.getJsonObject("from").getString("email"),
        "acceptance reveals the asker to the one who accepted");
    assertEquals("America/New_York", body.getJsonObject("acceptedTime").getString("timeZone"));

    MimeMessage toAda = onlyMail(ada.email());
    List<MimeMessage> toGrace = mailsTo(smtp, grace.email(), 2, 15_000);
    assertEquals(2, toGrace.size(), "the request, then the acceptance");
    MimeMessage graceInvite = toGrace.stream().filter(x -> {
      try {
        return find(x, "text/calendar") != null;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).findFirst().orElseThrow();
    assertTrue(everything(toAda).contains(grace.email()), "Ada learns Grace's address");
    assertTrue(everything(graceInvite).contains(ada.email()), "Grace learns Ada's address");
    assertEquals(grace.email(), ((InternetAddress) toAda.getReplyTo()[0]).getAddress());

    LocalDateTime berlin = LocalDateTime.parse(T2);
    LocalDateTime newYork = berlin.atZone(ZoneId.of("Europe/Berlin"))
        .withZoneSameInstant(ZoneId.of("America/New_York")).toLocalDateTime();
    DateTimeFormatter ics = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    String uid = null;
    for (var c : List.of(new Object[] {invite(toAda), "Europe/Berlin", berlin},
        new Object[] {invite(graceInvite), "America/New_York", newYork})) {
      Calendar cal = (Calendar) c[0];
      assertEquals("REQUEST", cal.getProperty("METHOD").orElseThrow().getValue());
      VEvent e = (VEvent) cal.getComponent("VEVENT").orElseThrow();
      List<String> attendees = e.getProperties("ATTENDEE").stream()
          .map(p -> p.getValue().toLowerCase()).sorted().toList();
      assertEquals(List.of("mailto:" + ada.email(), "mailto:" + grace.email()).stream().sorted()
          .toList(), attendees);
      e.getProperties("ATTENDEE").forEach(p ->
          assertEquals("ACCEPTED", p.getParameter("PARTSTAT").orElseThrow().getValue()));
      assertEquals("mailto:convene@convene.test",
          e.getProperty("ORGANIZER").orElseThrow().getValue().toLowerCase());
      var start = e.getProperty("DTSTART").orElseThrow();
      assertEquals(c[1], start.getParameter("TZID").orElseThrow().getValue(), "in each one's zone");
      assertEquals(ics.format((LocalDateTime) c[2]), start.getValue());
      assertTrue(cal.getComponent("VTIMEZONE").isPresent());
      assertTrue(prop(e, "SUMMARY").contains("Ada Lovelace and Grace Hopper"));
      if (uid == null) uid = prop(e, "UID");
      else assertEquals(uid, prop(e, "UID"), "one chat, one calendar entry");
    }

    // a second answer changes nothing and sends nothing
    var again = server.postJson("/api/v1/coffee-chats/" + token + "/decline", new JsonObject());
    assertTrue(again.bodyAsJsonObject().getBoolean("alreadyAnswered"));
    assertEquals("accepted", again.bodyAsJsonObject().getString("status"));
    // and Ada's directory shows Grace's address now
    String page = new MemberScene.Browser(server).get("/m/" + ada.token() + "/directory").bodyAsString();
    assertTrue(page.contains(grace.email()));
    assertTrue(page.contains("You have a coffee chat together."));
    Thread.sleep(1500);
    assertEquals(1, mailsTo(smtp, ada.email(), 2, 0).size());
  }

  @Test
  void aDeclineRevealsNothingAndLooksLikeNoAnswerToTheAsker() throws Exception {
    Written ada = member("Ada Declined", "Software");
    Written grace = member("Grace Decliner", "Finance");
    assertEquals(201, ask(ada, grace, "Coffee?", T1).statusCode());
    String token = answerToken(onlyMail(grace.email()));
    var asker = new MemberScene.Browser(server);
    String before = asker.get("/m/" + ada.token() + "/directory").bodyAsString();
    assertTrue(before.contains("Coffee chat asked."));

    var browser = new MemberScene.Browser(server);
    String answer = browser.get("/coffee/" + token).bodyAsString();
    assertTrue(answer.contains("Coffee?"));
    assertFalse(answer.contains(ada.email()));
    var declined = browser.post("/coffee/" + token + "/decline", form());
    assertEquals(200, declined.statusCode());
    assertTrue(declined.bodyAsString().contains("Declined."));
    assertFalse(declined.bodyAsString().contains(ada.email()), "a decline reveals nothing");
    assertNull(server.get("/api/v1/coffee-chats/" + token).bodyAsJsonObject()
        .getJsonObject("from").getString("email"));

    String after = asker.get("/m/" + ada.token() + "/directory").bodyAsString();
    assertTrue(after.contains("Coffee chat asked."), "the asker sees what they saw before");
    assertFalse(after.contains(grace.email()));
    var again = ask(ada, grace, "Coffee now?", T2);
    assertEquals(409, again.statusCode(), "as if no answer came yet");
    assertEquals("already_asked", again.bodyAsJsonObject().getString("error"));
    Thread.sleep(1500);
    assertEquals(0, mailsTo(smtp, ada.email(), 1, 0).size(), "the asker gets no mail");
    assertEquals(1, mailsTo(smtp, grace.email(), 2, 0).size());
    // accepting after declining changes nothing
    var late = server.postJson("/api/v1/coffee-chats/" + token + "/accept",
        new JsonObject().put("time", T1));
    assertEquals("declined", late.bodyAsJsonObject().getString("status"));
  }

  @Test
  void aMemberMaySendFiveRequestsADayEvenAllAtOnce() throws Exception {
    Written busy = member("Busy Bee", "Software");
    List<Written> targets = new ArrayList<>();
    for (int i = 0; i < 8; i++) targets.add(member("Target " + i, "Software"));
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (Written t : targets) {
      sent.add(server.client().post(server.port, "localhost",
              "/api/v1/members/" + busy.token() + "/coffee-chats")
          .sendJsonObject(new JsonObject().put("to", t.id()).put("message", "Hi")
              .put("times", new JsonArray().add(T1)).put("timeZone", "Europe/Berlin")));
    }
    Future.join(new ArrayList<>(sent)).await(30, TimeUnit.SECONDS);
    long created = sent.stream().filter(f -> f.result().statusCode() == 201).count();
    long limited = sent.stream().filter(f -> f.result().statusCode() == 429
        && "coffee_chat_limit".equals(f.result().bodyAsJsonObject().getString("error"))).count();
    assertEquals(CoffeeChatRules.PER_SENDER_PER_DAY, created);
    assertEquals(8 - CoffeeChatRules.PER_SENDER_PER_DAY, limited);
    assertEquals(CoffeeChatRules.PER_SENDER_PER_DAY, MemberScene.sql(server,
        "SELECT id FROM coffee_chats WHERE requester_id = $1::uuid", busy.id()).size());
    assertEquals(CoffeeChatRules.PER_SENDER_PER_DAY, MemberScene.sql(server,
        "SELECT id FROM outbox WHERE kind = 'coffee_chat_request' AND recipient = ANY($1)",
        (Object) targets.stream().map(Written::email).toArray(String[]::new)).size(),
        "a refused request mails no one");
  }

  @Test
  void twoRequestsToTheSameMemberAtOnceMakeOne() throws Exception {
    Written a = member("Pair Asker", "Software");
    Written b = member("Pair Target", "Software");
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      sent.add(server.client().post(server.port, "localhost",
              "/api/v1/members/" + a.token() + "/coffee-chats")
          .sendJsonObject(new JsonObject().put("to", b.id()).put("message", "Hi " + i)
              .put("times", new JsonArray().add(T1)).put("timeZone", "Europe/Berlin")));
    }
    Future.join(new ArrayList<>(sent)).await(30, TimeUnit.SECONDS);
    assertEquals(1, sent.stream().filter(f -> f.result().statusCode() == 201).count());
    assertEquals(3, sent.stream().filter(f -> f.result().statusCode() == 409).count());
  }

  @Test
  void badRequestsNameTheFieldAndOnlyListedMembersMayAsk() {
    Written a = member("Val Asker", "Software");
    Written b = member("Val Target", "Software");
    Written unlisted = insert(server, "coffee-alumni",
        Member.listed("Una Unlisted", "una." + (++counter) + "@members.test").listed(false));
    String url = "/api/v1/members/" + a.token() + "/coffee-chats";
    JsonObject ok = new JsonObject().put("to", b.id()).put("message", "Hi")
        .put("times", new JsonArray().add(T1)).put("timeZone", "Europe/Berlin");

    var four = server.postJson(url, ok.copy().put("times", new JsonArray().add(T1).add(T2)
        .add(DAY.plusDays(2) + "T10:00").add(DAY.plusDays(3) + "T10:00")));
    assertEquals(400, four.statusCode());
    assertTrue(four.bodyAsJsonObject().getJsonObject("details").containsKey("times"));
    var past = server.postJson(url, ok.copy().put("times", new JsonArray().add("2020-01-01T10:00")));
    assertEquals("must be in the future",
        past.bodyAsJsonObject().getJsonObject("details").getString("times.0"));
    // 02:30 does not exist in Berlin on the morning clocks go forward
    var gap = server.postJson(url, ok.copy().put("times", new JsonArray().add(skipped())));
    assertTrue(gap.bodyAsJsonObject().getJsonObject("details").containsKey("times.0"));
    var zone = server.postJson(url, ok.copy().put("timeZone", "Mars/Olympus"));
    assertTrue(zone.bodyAsJsonObject().getJsonObject("details").containsKey("timeZone"));
    var extra = server.postJson(url, ok.copy().put("email", "me@x.test"));
    assertEquals("unknown field", extra.bodyAsJsonObject().getJsonObject("details").getString("email"));
    var empty = server.postJson(url, ok.copy().put("message", "  "));
    assertTrue(empty.bodyAsJsonObject().getJsonObject("details").containsKey("message"));

    assertEquals(404, server.postJson(url, ok.copy().put("to", a.id())).statusCode(), "yourself");
    assertEquals(404, server.postJson(url, ok.copy().put("to", unlisted.id())).statusCode());
    assertEquals(403, server.postJson("/api/v1/members/" + unlisted.token() + "/coffee-chats",
        ok).statusCode(), "an unlisted member may not ask");
    assertEquals(404, server.postJson("/api/v1/members/" + "n".repeat(33) + "/coffee-chats",
        ok).statusCode());
    var badAccept = server.postJson("/api/v1/coffee-chats/" + "n".repeat(32) + "/accept",
        new JsonObject().put("time", T1));
    assertEquals(404, badAccept.statusCode());
  }

  @Test
  void theWebFormAsksAndShowsMistakesAndTheAnswerPageAccepts() throws Exception {
    Written a = member("Web Asker", "Software");
    Written b = member("Web Target", "Finance");
    var browser = new MemberScene.Browser(server);
    String directory = browser.get("/m/" + a.token() + "/directory").bodyAsString();
    String formUrl = "/m/" + a.token() + "/directory/" + b.id() + "/coffee-chat";
    assertTrue(directory.contains("href=\"" + formUrl + "\""));
    var page = browser.get(formUrl);
    assertEquals(200, page.statusCode());
    assertTrue(page.bodyAsString().contains("Ask Web Target for a coffee chat"));

    var wrong = browser.post(formUrl, form("message", "", "times", "2020-01-01T10:00", "times", "",
        "times", "", "timeZone", "Europe/Berlin"));
    assertEquals(400, wrong.statusCode());
    assertTrue(wrong.bodyAsString().contains("Say in a line or two"));
    assertTrue(wrong.bodyAsString().contains("must be in the future"));
    assertTrue(wrong.bodyAsString().contains("<title>Error: "));

    var sent = browser.post(formUrl, form("message", "Hello from the form", "times", T1,
        "times", T2, "times", "", "timeZone", "Europe/Berlin"));
    assertEquals(302, sent.statusCode());
    assertTrue(sent.getHeader("Location").startsWith("/m/" + a.token() + "/directory?done=coffee"));
    String token = answerToken(onlyMail(b.email()));

    var answerer = new MemberScene.Browser(server);
    String answer = answerer.get("/coffee/" + token).bodyAsString();
    assertTrue(answer.contains("Hello from the form"));
    assertTrue(answer.contains("value=\"" + utc(T1) + "\""), "the times to choose from");
    var accepted = answerer.post("/coffee/" + token + "/accept",
        form("time", utc(T1), "timeZone", "Asia/Tokyo"));
    assertEquals(200, accepted.statusCode());
    assertTrue(accepted.bodyAsString().contains("Accepted."));
    assertTrue(accepted.bodyAsString().contains(a.email()), "the answer page reveals the asker now");
    assertTrue(accepted.bodyAsString().contains("(Asia/Tokyo)"));
    assertEquals(1, mailsTo(smtp, a.email(), 1, 15_000).size());
  }

  @Test
  void leavingTheGroupTakesTheChatsAndTheirUnsentMailsAlong() throws Exception {
    Written ada = member("Ada Leaver", "Software");
    Written grace = member("Grace Stayer", "Finance");
    assertEquals(201, ask(ada, grace, "Before I go", T1).statusCode());
    String token = answerToken(onlyMail(grace.email()));
    // a mail about Ada still waiting (as if SMTP were down)
    MemberScene.sql(server, """
        INSERT INTO outbox (kind, recipient, payload)
        VALUES ('coffee_chat_accepted', $1, jsonb_build_object('chat', gen_random_uuid()::text,
          'to', $2::text, 'about', $3::text))""", grace.email(), grace.id(), ada.id());
    MemberScene.sql(server, "DELETE FROM members WHERE id = $1::uuid", ada.id());
    int erased = CoffeeChatStore.eraseMailsOf(server.app.pool(), java.util.UUID.fromString(ada.id()))
        .await(10, TimeUnit.SECONDS);
    assertTrue(erased >= 2, "the request to Grace and the waiting mail: " + erased);
    assertEquals(0, MemberScene.sql(server, "SELECT id FROM outbox WHERE payload->>'about' = $1"
        + " OR payload->>'to' = $1", ada.id()).size());
    assertEquals(404, server.get("/coffee/" + token).statusCode());
    assertEquals(404, server.get("/api/v1/coffee-chats/" + token).statusCode());
    assertEquals(0, MemberScene.sql(server, "SELECT id FROM coffee_chats WHERE requester_id = $1::uuid",
        ada.id()).size());
  }
}
