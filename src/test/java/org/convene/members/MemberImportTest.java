package org.convene.members;

import static org.convene.members.MemberScene.bearer;
import static org.convene.members.MemberScene.everything;
import static org.convene.members.MemberScene.form;
import static org.convene.members.MemberScene.mailsTo;
import static org.convene.members.MemberScene.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.sqlclient.Row;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.outbox.MailQuotaStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The office's member list through a real SMTP server: the CSV import's preview and errors,
 * idempotent re-import that never overwrites what a member chose, no mail to the imported until
 * the invitation, the invitation once and its link, leaving after it, the organizers' paged list
 * with its counts, strangers kept out, and the import and invitation through the web forms.
 */
class MemberImportTest {
  static GreenMail smtp;
  static TestServer server;
  static String owner;
  static String stranger;
  static int groups;

  @BeforeAll
  static void start() {
    int port = TestServer.freePort();
    smtp = MemberScene.smtp(port);
    server = MemberScene.serverWithSmtp(TestDb.fresh(), port);
    owner = server.organizerToken("office-owner@import.test");
    stranger = server.organizerToken("office-stranger@import.test");
    server.createGroup(stranger, "stranger-club");
  }

  @AfterAll
  static void stop() {
    server.close();
    smtp.stop();
  }

  /** A group of the owner's of its own, so tests do not see each other's members. */
  static String group() {
    String slug = "office-" + (++groups);
    server.createGroup(owner, slug);
    return slug;
  }

  static HttpResponse<Buffer> importCsv(String group, String csv, boolean dryRun, String token) {
    return postCsv("/api/v1/groups/" + group + "/members/import" + (dryRun ? "?dryRun=true" : ""),
        Buffer.buffer(csv), token, "text/csv; charset=utf-8");
  }

  static HttpResponse<Buffer> postCsv(String path, Buffer body, String token, String type) {
    try {
      return server.client().post(server.port, "localhost", path)
          .putHeader("Content-Type", type).putHeader("Authorization", bearer(token))
          .sendBuffer(body).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static long members(String group) {
    return sql(server, "SELECT count(*) AS n FROM members m JOIN groups g ON g.id = m.group_id"
        + " WHERE g.slug = $1", group).get(0).getLong("n");
  }

  static Row member(String group, String email) {
    List<Row> rows = sql(server, """
        SELECT m.* FROM members m JOIN groups g ON g.id = m.group_id
        WHERE g.slug = $1 AND m.email = $2""", group, email);
    return rows.isEmpty() ? null : rows.get(0);
  }

  static JsonObject row(JsonObject preview, int line) {
    for (Object o : preview.getJsonArray("rows")) {
      if (((JsonObject) o).getInteger("line") == line) return (JsonObject) o;
    }
    throw new AssertionError("no row for line " + line + " in " + preview.encodePrettily());
  }

  static HttpResponse<Buffer> invite(String group, JsonObject body, String token) {
    return server.postJson("/api/v1/groups/" + group + "/members/invitations",
        body == null ? new JsonObject() : body, "Authorization", bearer(token));
  }

  static String memberToken(MimeMessage m) throws Exception {
    Matcher t = Pattern.compile(Pattern.quote(server.baseUrl) + "/m/([A-Za-z0-9_-]{22})")
        .matcher(everything(m));
    assertTrue(t.find(), "the mail carries the member link");
    return t.group(1);
  }

  // A BOM, CRLF, a quoted field with a comma and another with a line break, and five mistakes
  static final String MESSY = "\uFEFFName,Email,Class Year,chapter,goals,topics\r\n"
      + "\"Lovelace, Ada\",ada@messy.test,2012,London,find_mentor;hiring,\"math, engines\"\r\n"
      + "\"Grace\r\nHopper\",grace@messy.test,1928,Arlington,offer_mentoring|exploring,\r\n"
      + "Ada Again,ADA@messy.test,2013,Paris,,\r\n"
      + "No Address,not-an-address,2001,Rome,,\r\n"
      + "Too Old,old@messy.test,1800,Rome,,\r\n"
      + "Dreamer,dreamer@messy.test,2005,Rome,world_domination;hiring,\r\n"
      + ",nameless@messy.test,2005,Rome,,\r\n";

  @Test
  void aDryRunPreviewsEveryRowWithItsErrorsAndSavesNothing() {
    String g = group();
    HttpResponse<Buffer> r = importCsv(g, MESSY, true, owner);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    JsonObject p = r.bodyAsJsonObject();
    assertEquals(new JsonObject().put("create", 2).put("update", 0).put("unchanged", 0)
        .put("invalid", 5), p.getJsonObject("counts"));
    JsonObject ada = row(p, 2);
    assertEquals("Lovelace, Ada", ada.getString("name"), "a quoted comma stays in the field");
    assertEquals("create", ada.getString("action"));
    assertEquals(new JsonObject(), ada.getJsonObject("errors"));
    JsonObject grace = row(p, 3);
    assertEquals("Grace Hopper", grace.getString("name"), "a quoted line break folds to a space");
    assertEquals("create", grace.getString("action"));
    assertTrue(row(p, 5).getJsonObject("errors").getString("email").contains("line 2"),
        "the later row with the same address is the one in error, naming the first: " + p);
    assertTrue(row(p, 6).getJsonObject("errors").containsKey("email"));
    assertTrue(row(p, 7).getJsonObject("errors").getString("classYear").contains("1900"));
    assertTrue(row(p, 8).getJsonObject("errors").getString("goals").contains("world_domination"));
    assertTrue(row(p, 9).getJsonObject("errors").containsKey("name"));
    assertEquals(0, members(g), "a dry run saves nothing");
  }

  @Test
  void aFileWithAnErrorSavesNothing() {
    String g = group();
    HttpResponse<Buffer> r = importCsv(g, MESSY, false, owner);
    assertEquals(422, r.statusCode(), r.bodyAsString());
    assertEquals("invalid_rows", r.bodyAsJsonObject().getString("error"));
    assertEquals(5, r.bodyAsJsonObject().getJsonObject("counts").getInteger("invalid"));
    assertEquals(7, r.bodyAsJsonObject().getJsonArray("rows").size(), "the same preview");
    assertEquals(0, members(g), "not even the good rows");

    HttpResponse<Buffer> unknown = importCsv(g, "name,email,shoe_size,Favourite Colour\n"
        + "Ada,ada@unknown.test,38,blue\n", true, owner);
    assertEquals(422, unknown.statusCode());
    String columns = unknown.bodyAsJsonObject().getJsonObject("details").getString("columns");
    assertTrue(columns.contains("shoe_size") && columns.contains("Favourite Colour"), columns);

    assertEquals(422, importCsv(g, "email,chapter\nada@x.test,Rome\n", true, owner).statusCode(),
        "the header must name name and email");
    assertEquals(422, importCsv(g, "name,email\n\"Ada,ada@x.test\n", false, owner).statusCode(),
        "a quote never closed");
    HttpResponse<Buffer> latin1 = postCsv("/api/v1/groups/" + g + "/members/import",
        Buffer.buffer(new byte[] {'n', 'a', 'm', 'e', ',', 'e', 'm', 'a', 'i', 'l', '\n',
            'J', (byte) 0xF6, 'r', 'g', ',', 'j', '@', 'x', '.', 't', 'e', 's', 't', '\n'}),
        owner, "text/csv");
    assertEquals(422, latin1.statusCode(), "not UTF-8");
    assertTrue(latin1.bodyAsJsonObject().getString("message").contains("UTF-8"));
    assertEquals(415, postCsv("/api/v1/groups/" + g + "/members/import",
        Buffer.buffer("{}"), owner, "application/json").statusCode());
    assertEquals(0, members(g));
  }

  @Test
  void tooBigAFileIsRefusedClearly() {
    String g = group();
    StringBuilder rows = new StringBuilder("name,email\n");
    for (int i = 0; i <= ImportRules.MAX_ROWS; i++) rows.append("P").append(i).append(",p").append(i).append("@big.test\n");
    HttpResponse<Buffer> tooMany = importCsv(g, rows.toString(), true, owner);
    assertEquals(413, tooMany.statusCode(), tooMany.bodyAsString());
    assertTrue(tooMany.bodyAsJsonObject().getString("message").contains("10000"));
    HttpResponse<Buffer> huge = importCsv(g, "name,email\n" + "x".repeat(3 * 1024 * 1024), true, owner);
    assertEquals(413, huge.statusCode());
    assertEquals(0, members(g));
  }

  static final String OFFICE = """
      name,email,class_year,chapter,employer,goals
      Ada Lovelace,ada@office.test,2012,London,Analytical Engines,find_mentor
      Grace Hopper,grace@office.test,1928,Arlington,US Navy,offer_mentoring;hiring
      Hedy Lamarr,hedy@office.test,1933,Vienna,,
      """;

  @Test
  void anImportCreatesAndImportingAgainChangesNothingUnlessTheFileDoes() {
    String g = group();
    HttpResponse<Buffer> first = importCsv(g, OFFICE, false, owner);
    assertEquals(200, first.statusCode(), first.bodyAsString());
    assertEquals(3, first.bodyAsJsonObject().getJsonObject("counts").getInteger("create"));
    assertEquals(3, members(g));
    Row ada = member(g, "ada@office.test");
    assertEquals("imported", ada.getString("source"));
    assertNull(ada.getOffsetDateTime("verified_at"), "not verified");
    assertNull(ada.getOffsetDateTime("invited_at"));
    assertFalse(ada.getBoolean("listed"), "not listed");
    assertEquals(0, ada.getArrayOfStrings("shared").length, "shares nothing");
    assertEquals(2012, ada.getInteger("class_year"));
    assertEquals(List.of("offer_mentoring", "hiring"),
        List.of(member(g, "grace@office.test").getArrayOfStrings("goals")));

    HttpResponse<Buffer> again = importCsv(g, OFFICE, false, owner);
    assertEquals(200, again.statusCode());
    assertEquals(new JsonObject().put("create", 0).put("update", 0).put("unchanged", 3)
        .put("invalid", 0), again.bodyAsJsonObject().getJsonObject("counts"));
    assertEquals(3, members(g), "no duplicates");

    String changed = OFFICE.replace("Vienna,,", "Hollywood,MGM,").replace("Ada Lovelace", "Ada King");
    JsonObject preview = importCsv(g, changed, true, owner).bodyAsJsonObject();
    assertEquals(2, preview.getJsonObject("counts").getInteger("update"), preview.encode());
    assertEquals("update", row(preview, 4).getString("action"));
    assertEquals("unchanged", row(preview, 3).getString("action"));
    assertEquals(200, importCsv(g, changed, false, owner).statusCode());
    assertEquals("Hollywood", member(g, "hedy@office.test").getString("chapter"));
    assertEquals("MGM", member(g, "hedy@office.test").getString("employer"));
    assertEquals("Ada King", member(g, "ada@office.test").getString("name"));
    assertEquals(3, members(g));

    // an empty cell never clears what is there
    assertEquals(200, importCsv(g, "name,email,chapter\nHedy Lamarr,hedy@office.test,\n", false,
        owner).statusCode());
    assertEquals("Hollywood", member(g, "hedy@office.test").getString("chapter"));
  }

  @Test
  void aMemberWhoJoinedKeepsWhatTheyChoseAndTheFileOnlyFillsTheGaps() {
    String g = group();
    MemberScene.Written kat = MemberScene.insert(server, g,
        MemberScene.Member.listed("Katherine Johnson", "kat@office.test")
            .profile(1937, "Hampton", null, null, null).sharing("chapter").goals("offer_mentoring"));
    sql(server, "UPDATE members SET announcements = 'weekly' WHERE id = $1::uuid", kat.id());
    HttpResponse<Buffer> r = importCsv(g, """
        name,email,class_year,chapter,employer,goals
        K. Johnson (office),kat@office.test,1940,Langley,NASA,hiring
        """, false, owner);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertEquals(1, r.bodyAsJsonObject().getJsonObject("counts").getInteger("update"));
    Row k = member(g, "kat@office.test");
    assertEquals("Katherine Johnson", k.getString("name"), "her name stays hers");
    assertEquals(1937, k.getInteger("class_year"));
    assertEquals("Hampton", k.getString("chapter"));
    assertEquals(List.of("offer_mentoring"), List.of(k.getArrayOfStrings("goals")));
    assertEquals("NASA", k.getString("employer"), "only what she left empty is filled");
    assertEquals("joined", k.getString("source"));
    assertTrue(k.getBoolean("listed"));
    assertEquals(List.of("chapter"), List.of(k.getArrayOfStrings("shared")));
    assertEquals("weekly", k.getString("announcements"));
    assertEquals(kat.token(), k.getString("token"), "her link is the same");
  }

  @Test
  void theImportedHearNothingUntilInvitedThenOnceAndTheirLinkVerifies() throws Exception {
    String g = group();
    assertEquals(200, importCsv(g, """
        name,email,chapter
        Mary Jackson,mary@invite.test,Hampton
        Dorothy Vaughan,dorothy@invite.test,Hampton
        """, false, owner).statusCode());
    // someone types an imported address into the join form: still no mail before the invitation
    assertEquals(202, server.postJson("/api/v1/groups/" + g + "/members", new JsonObject()
        .put("name", "Someone").put("email", "mary@invite.test")).statusCode());
    Thread.sleep(1500);
    assertEquals(0, mailsTo(smtp, "mary@invite.test", 1, 200).size(), "no mail to the imported");
    assertEquals(0, mailsTo(smtp, "dorothy@invite.test", 1, 200).size());
    assertEquals(0L, sql(server, "SELECT count(*) AS n FROM outbox WHERE recipient LIKE '%@invite.test'")
        .get(0).getLong("n"));

    HttpResponse<Buffer> sent = invite(g, null, owner);
    assertEquals(202, sent.statusCode(), sent.bodyAsString());
    assertEquals(2, sent.bodyAsJsonObject().getInteger("queued"));
    assertEquals(0, invite(g, null, owner).bodyAsJsonObject().getInteger("queued"),
        "a second call queues nobody");

    MimeMessage toMary = mailsTo(smtp, "mary@invite.test", 1, 10_000).get(0);
    assertEquals(1, mailsTo(smtp, "dorothy@invite.test", 1, 10_000).size());
    assertTrue(toMary.getSubject().contains("Group " + g), toMary.getSubject());
    String all = everything(toMary);
    assertTrue(all.contains("Organizer office-owner@import.test"), "names the organizer");
    assertTrue(all.contains("No thanks"), "says how to say no");
    assertNotNull(toMary.getHeader("List-Unsubscribe"), "an unsubscribe stops it");
    String token = memberToken(toMary);
    assertNotNull(member(g, "mary@invite.test").getOffsetDateTime("invited_at"));

    JsonObject me = server.get("/api/v1/members/" + token).bodyAsJsonObject();
    assertTrue(me.getBoolean("verified"), "opening the invitation's link verifies");
    assertEquals("Hampton", me.getJsonObject("profile").getString("chapter"));
    assertEquals(new JsonArray(), me.getJsonArray("shared"), "still sharing nothing");

    // Dorothy says no thanks: leaving erases her and every mail about her
    String dot = memberToken(mailsTo(smtp, "dorothy@invite.test", 1, 10_000).get(0));
    String dotId = member(g, "dorothy@invite.test").getUUID("id").toString();
    assertEquals(204, server.delete("/api/v1/members/" + dot).statusCode());
    assertNull(member(g, "dorothy@invite.test"));
    assertEquals(0L, sql(server, "SELECT count(*) AS n FROM outbox WHERE payload->>'member' = $1",
        dotId).get(0).getLong("n"), "the invitation went with her");
    Thread.sleep(1000);
    assertEquals(1, mailsTo(smtp, "mary@invite.test", 2, 300).size(), "one invitation each");
  }

  @Test
  void invitationsRespectChosenIdsAndTheDailyCapOfUnaskedMail() throws Exception {
    String g = group();
    assertEquals(200, importCsv(g, """
        name,email
        Annie Easley,annie@cap.test
        Christine Darden,christine@cap.test
        Evelyn Boyd,evelyn@cap.test
        """, false, owner).statusCode());
    String annie = member(g, "annie@cap.test").getUUID("id").toString();
    HttpResponse<Buffer> one = invite(g, new JsonObject().put("memberIds", new JsonArray().add(annie)), owner);
    assertEquals(1, one.bodyAsJsonObject().getInteger("queued"), one.bodyAsString());
    assertNull(member(g, "christine@cap.test").getOffsetDateTime("invited_at"));
    assertEquals(400, invite(g, new JsonObject().put("memberIds", new JsonArray().add("nope")), owner)
        .statusCode());

    // Christine's address has had today's ten unasked mails already
    for (int i = 0; i < 10; i++) {
      MailQuotaStore.take(server.app.pool(), "unasked:christine@cap.test", 10, Duration.ofDays(1))
          .await(10, TimeUnit.SECONDS);
    }
    // no body at all: everyone still uninvited
    JsonObject rest = server.send(io.vertx.core.http.HttpMethod.POST, "/api/v1/groups/" + g
        + "/members/invitations", null, "Authorization", bearer(owner)).bodyAsJsonObject();
    assertEquals(1, rest.getInteger("queued"), rest.encode());
    assertEquals(1, rest.getInteger("skipped"));
    assertNull(member(g, "christine@cap.test").getOffsetDateTime("invited_at"),
        "left for a later call");
    assertNotNull(member(g, "evelyn@cap.test").getOffsetDateTime("invited_at"));
  }

  @Test
  void organizersPageThroughEveryoneWithCountsPerClassYearAndChapter() {
    String g = group();
    assertEquals(200, importCsv(g, """
        name,email,class_year,chapter
        One,one@list.test,2010,Rome
        Two,two@list.test,2010,Rome
        Three,three@list.test,2011,Paris
        Four,four@list.test,,Rome
        Five,five@list.test,2012,
        """, false, owner).statusCode());
    MemberScene.insert(server, g, MemberScene.Member.listed("Six", "six@list.test")
        .profile(2011, "Paris", null, null, null));
    Set<String> seen = new HashSet<>();
    String after = null;
    int pages = 0;
    JsonObject counts = null;
    do {
      HttpResponse<Buffer> r = server.get("/api/v1/groups/" + g + "/members?limit=2"
          + (after == null ? "" : "&after=" + after), "Authorization", bearer(owner));
      assertEquals(200, r.statusCode(), r.bodyAsString());
      JsonObject page = r.bodyAsJsonObject();
      assertTrue(page.getJsonArray("items").size() <= 2);
      for (Object o : page.getJsonArray("items")) {
        JsonObject m = (JsonObject) o;
        assertTrue(seen.add(m.getString("id")), "no repeats");
        assertNotNull(m.getString("email"), "organizers see addresses");
        assertFalse(m.containsKey("token"), "never the private link");
        assertTrue(Set.of("imported", "verified").contains(m.getString("status")));
      }
      counts = page.getJsonObject("counts");
      after = page.getString("next");
      pages++;
    } while (after != null && pages < 10);
    assertEquals(6, seen.size());
    assertEquals(3, pages);
    assertEquals(6, counts.getInteger("total"));
    assertEquals(1, counts.getInteger("verified"));
    assertEquals(1, counts.getInteger("listed"));
    assertEquals(5, counts.getInteger("imported"));
    assertEquals(new JsonArray()
        .add(new JsonObject().put("value", 2012).put("count", 1))
        .add(new JsonObject().put("value", 2011).put("count", 2))
        .add(new JsonObject().put("value", 2010).put("count", 2)), counts.getJsonArray("classYears"));
    assertEquals(new JsonArray()
        .add(new JsonObject().put("value", "Rome").put("count", 3))
        .add(new JsonObject().put("value", "Paris").put("count", 2)), counts.getJsonArray("chapters"));

    JsonObject verified = server.get("/api/v1/groups/" + g + "/members?status=verified",
        "Authorization", bearer(owner)).bodyAsJsonObject();
    assertEquals(1, verified.getJsonArray("items").size());
    assertEquals("Six", verified.getJsonArray("items").getJsonObject(0).getString("name"));
    assertEquals(400, server.get("/api/v1/groups/" + g + "/members?status=famous",
        "Authorization", bearer(owner)).statusCode());
  }

  @Test
  void aStrangersBearerIsForbiddenTheListTheImportAndTheInvitations() {
    String g = group();
    assertEquals(200, importCsv(g, OFFICE, false, owner).statusCode());
    assertEquals(403, server.get("/api/v1/groups/" + g + "/members", "Authorization",
        bearer(stranger)).statusCode());
    assertEquals(403, importCsv(g, OFFICE, true, stranger).statusCode());
    assertEquals(403, importCsv(g, OFFICE, false, stranger).statusCode());
    assertEquals(403, invite(g, null, stranger).statusCode());
    assertEquals(403, server.get("/api/v1/groups/" + g + "/members").statusCode(), "nobody at all");
    assertEquals(401, server.get("/api/v1/groups/" + g + "/members", "Authorization",
        "Bearer not-a-token").statusCode());
    assertEquals(null, member(g, "ada@office.test").getOffsetDateTime("invited_at"));
    MemberScene.Browser snoop = MemberScene.signedIn(server, "office-stranger@import.test");
    assertEquals(403, snoop.get("/organize/g/" + g + "/members").statusCode());
    assertEquals(403, snoop.get("/organize/g/" + g + "/members/import").statusCode());
  }

  @Test
  void organizersChooseTheJoinFormsFieldsByApiAndOnTheWeb() {
    String g = group();
    HttpResponse<Buffer> patched = server.patchJson("/api/v1/groups/" + g, new JsonObject()
        .put("memberFields", new JsonArray().add("class_year").add("chapter")),
        "Authorization", bearer(owner));
    assertEquals(200, patched.statusCode(), patched.bodyAsString());
    assertEquals(new JsonArray().add("class_year").add("chapter"),
        server.get("/api/v1/groups/" + g).bodyAsJsonObject().getJsonArray("memberFields"));
    String join = server.get("/g/" + g + "/join").bodyAsString();
    assertTrue(join.contains("name=\"classYear\"") && !join.contains("name=\"employer\""));
    HttpResponse<Buffer> bad = server.patchJson("/api/v1/groups/" + g, new JsonObject()
        .put("memberFields", new JsonArray().add("shoe_size")), "Authorization", bearer(owner));
    assertEquals(400, bad.statusCode());
    assertTrue(bad.bodyAsJsonObject().getJsonObject("details").containsKey("memberFields"));

    MemberScene.Browser web = MemberScene.signedIn(server, "office-owner@import.test");
    String page = web.get("/organize/g/" + g + "/members").bodyAsString();
    assertTrue(page.contains("name=\"fields\" value=\"chapter\" checked"), page);
    assertFalse(page.contains("name=\"fields\" value=\"employer\" checked"));
    HttpResponse<Buffer> saved = web.post("/organize/g/" + g + "/members/fields",
        form("fields", "employer", "fields", "goals"));
    assertEquals(302, saved.statusCode(), saved.bodyAsString());
    assertEquals(new JsonArray().add("employer").add("goals"),
        server.get("/api/v1/groups/" + g).bodyAsJsonObject().getJsonArray("memberFields"));
    assertEquals(400, web.post("/organize/g/" + g + "/members/fields", form()).statusCode(),
        "at least one field");
  }

  @Test
  void theWebImportPreviewsThenSavesThroughTheFormAndInvites() throws Exception {
    String g = group();
    MemberScene.Browser web = MemberScene.signedIn(server, "office-owner@import.test");
    assertTrue(web.get("/organize").bodyAsString().contains("/organize/g/" + g + "/members"));
    assertTrue(web.get("/organize/g/" + g).bodyAsString().contains("/organize/g/" + g + "/members"));
    String page = web.get("/organize/g/" + g + "/members/import").bodyAsString();
    assertTrue(page.contains("name=\"csv\""));

    String csv = "name,email,class_year,chapter\r\nAlan Turing,alan@web.test,1934,Cambridge\r\n"
        + "Joan Clarke,joan@web.test,19x4,Cambridge\r\n";
    HttpResponse<Buffer> bad = web.post("/organize/g/" + g + "/members/import",
        form("csv", csv, "step", "preview"));
    assertEquals(200, bad.statusCode());
    assertTrue(bad.bodyAsString().contains("must be a year"), "the row's error is shown");
    assertFalse(bad.bodyAsString().contains("value=\"save\""), "no save button with errors");
    HttpResponse<Buffer> forced = web.post("/organize/g/" + g + "/members/import",
        form("csv", csv, "step", "save"));
    assertEquals(422, forced.statusCode(), "saving re-validates");
    assertEquals(0, members(g));

    String fixed = csv.replace("19x4", "1941");
    HttpResponse<Buffer> preview = web.post("/organize/g/" + g + "/members/import",
        form("csv", fixed, "step", "preview"));
    assertEquals(200, preview.statusCode());
    assertTrue(preview.bodyAsString().contains("Save 2 members"), preview.bodyAsString());
    assertTrue(preview.bodyAsString().contains("Alan Turing"));
    assertEquals(0, members(g), "a preview saves nothing");

    HttpResponse<Buffer> saved = web.post("/organize/g/" + g + "/members/import",
        form("csv", fixed, "step", "save"));
    assertEquals(302, saved.statusCode(), saved.bodyAsString());
    assertEquals(2, members(g));
    String list = web.get(saved.getHeader("Location")).bodyAsString();
    assertTrue(list.contains("Imported: 2 new"), list);
    assertTrue(list.contains("joan@web.test"));
    assertTrue(list.contains("Cambridge"));

    HttpResponse<Buffer> noCsrf = web.web.post(server.port, "localhost",
        "/organize/g/" + g + "/members/import").sendForm(form("csv", fixed, "step", "save"))
        .await(20, TimeUnit.SECONDS);
    assertEquals(403, noCsrf.statusCode(), "the form needs its CSRF token");

    HttpResponse<Buffer> invited = web.post("/organize/g/" + g + "/members/invitations", form());
    assertEquals(302, invited.statusCode());
    assertTrue(web.get(invited.getHeader("Location")).bodyAsString().contains("Invitations sent: 2"));
    assertEquals(1, mailsTo(smtp, "alan@web.test", 1, 10_000).size());
  }
}
