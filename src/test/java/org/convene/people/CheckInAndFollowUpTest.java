package org.convene.people;

import static org.convene.people.Scene.bearer;
import static org.convene.people.Scene.form;
import static org.convene.people.Scene.messageMails;
import static org.convene.people.Scene.rsvp;
import static org.convene.people.Scene.sql;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ticket's QR code, check-in at the door, the CSV with check-in times, and follow-ups. */
class CheckInAndFollowUpTest {
  static TestServer server;
  static String owner;
  static String helper;

  @BeforeAll
  static void scene() {
    server = TestServer.start();
    owner = server.organizerToken("door-owner@people.test");
    helper = server.organizerToken("door-helper@people.test");
    server.createGroup(owner, "door-group");
    Scene.addMember(server, owner, "door-group", "door-helper@people.test", "checkin");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String newEvent() {
    return server.createEvent(owner, "door-group", new JsonObject().put("timeZone", "America/New_York"))
        .getString("id");
  }

  static JsonObject checkIn(String event, JsonObject body, String token) {
    var r = server.postJson("/api/v1/events/" + event + "/checkins", body, "Authorization", bearer(token));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  /** Reads a QR code back with ZXing's decoder, as a phone camera would. */
  static String decode(BitMatrix m) throws Exception {
    int scale = 4;
    int w = m.getWidth() * scale;
    int h = m.getHeight() * scale;
    int[] pixels = new int[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        pixels[y * w + x] = m.get(x / scale, y / scale) ? 0xFF000000 : 0xFFFFFFFF;
      }
    }
    return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
        new RGBLuminanceSource(w, h, pixels)))).getText();
  }

  @Test
  void theTicketCarriesACheckInLinkThatIsNotTheManageToken() throws Exception {
    String event = newEvent();
    JsonObject ada = rsvp(server, event, "Ada Ticket", "ada.t@people.test", false, false, null);
    String code = sql(server, "SELECT checkin_code FROM rsvps WHERE id = $1",
        UUID.fromString(ada.getString("id"))).get(0).getString("checkin_code");
    String url = server.baseUrl + "/organize/e/" + event + "/checkin?t=" + code;
    String manage = new Scene.Browser(server).body("/r/" + ada.getString("token"));
    assertTrue(manage.contains("Your ticket"));
    // the attribute is HTML-escaped (Handlebars writes '=' as &#x3D;); a browser decodes it
    String src = manage.replaceAll("(?s).*class=\"ticket-qr\" src=\"([^\"]+)\".*", "$1")
        .replace("&#x3D;", "=").replace("&amp;", "&");
    assertEquals(QrCode.svgDataUri(url), src, "the QR on the page");
    assertEquals(url, decode(QrCode.matrix(url)), "which decodes to the check-in link");
    assertFalse(url.contains(ada.getString("token")), "a helper who scans it gets no manage link");
    assertTrue(manage.contains("/r/" + ada.getString("token") + "/people"));
    assertTrue(manage.contains("Erase my data"));

    // the helper opens the scanned link, checks Ada in; a second scan says when
    var door = Scene.signedIn(server, "door-helper@people.test");
    String scanned = door.body("/organize/e/" + event + "/checkin?t=" + code);
    assertTrue(scanned.contains("Check in Ada Ticket"));
    var done = door.post("/organize/e/" + event + "/checkin",
        form("rsvpId", ada.getString("id")));
    assertEquals(200, done.statusCode());
    String local = DateTimeFormatter.ofPattern("HH:mm").format(LocalDateTime.ofInstant(
        sql(server, "SELECT checked_in_at FROM rsvps WHERE id = $1", UUID.fromString(ada.getString("id")))
            .get(0).getOffsetDateTime("checked_in_at").toInstant(), ZoneId.of("America/New_York")));
    assertTrue(done.bodyAsString().contains("Ada Ticket is checked in (" + local + ")"));
    assertTrue(door.body("/organize/e/" + event + "/checkin?t=" + code)
        .contains("Already checked in at " + local), "times in the event's zone");
    var twice = door.post("/organize/e/" + event + "/checkin", form("rsvpId", ada.getString("id")));
    assertTrue(twice.bodyAsString().contains("Ada Ticket was already checked in at " + local));
    assertTrue(new Scene.Browser(server).body("/r/" + ada.getString("token"))
        .contains("You were checked in at " + local));

    assertTrue(door.body("/organize/e/" + event + "/checkin?t=notaticketnotaticket")
        .contains("not a ticket for this event"));
  }

  @Test
  void twoHelpersScanningAtOnceRecordOneCheckIn() throws Exception {
    String event = newEvent();
    JsonObject ken = rsvp(server, event, "Ken Concurrent", "ken@people.test", false, false, null);
    List<Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>> all = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String token = i % 2 == 0 ? owner : helper;
      JsonObject body = i % 3 == 0 ? new JsonObject().put("rsvpId", ken.getString("id"))
          : new JsonObject().put("token", ken.getString("token"));
      all.add(server.client().post(server.port, "localhost", "/api/v1/events/" + event + "/checkins")
          .putHeader("Authorization", bearer(token)).sendJsonObject(body));
    }
    Future.all(all).await(30, TimeUnit.SECONDS);
    int fresh = 0;
    String at = null;
    for (var f : all) {
      JsonObject j = f.result().bodyAsJsonObject();
      assertEquals(200, f.result().statusCode(), j.encode());
      if (!j.getBoolean("alreadyCheckedIn")) fresh++;
      if (at == null) at = j.getString("checkedInAt");
      assertEquals(at, j.getString("checkedInAt"), "everyone reports the one recorded time");
    }
    assertEquals(1, fresh);
  }

  @Test
  void checkInApiRules() {
    String event = newEvent();
    JsonObject gone = rsvp(server, event, "Gone Person", "gone@people.test", false, false, null);
    server.delete("/api/v1/rsvps/" + gone.getString("token"));
    var cancelled = server.postJson("/api/v1/events/" + event + "/checkins",
        new JsonObject().put("token", gone.getString("token")), "Authorization", bearer(owner));
    assertEquals(409, cancelled.statusCode());
    assertEquals(400, server.postJson("/api/v1/events/" + event + "/checkins", new JsonObject(),
        "Authorization", bearer(owner)).statusCode());
    assertEquals(400, server.postJson("/api/v1/events/" + event + "/checkins",
        new JsonObject().put("rsvpId", "nope"), "Authorization", bearer(owner)).statusCode());
    assertEquals(404, server.postJson("/api/v1/events/" + event + "/checkins",
        new JsonObject().put("rsvpId", UUID.randomUUID().toString()), "Authorization", bearer(owner))
        .statusCode());
    String other = newEvent();
    JsonObject elsewhere = rsvp(server, other, "Else Where", "else@people.test", false, false, null);
    assertEquals(404, server.postJson("/api/v1/events/" + event + "/checkins",
        new JsonObject().put("rsvpId", elsewhere.getString("id")), "Authorization", bearer(owner))
        .statusCode(), "an RSVP of another event is not found here");
  }

  @Test
  void csvHasCheckInTimesAndFollowUpsGoToWhoCameAndToNoShowsSeparately() {
    String event = newEvent();
    JsonObject came = rsvp(server, event, "Came Along", "came@people.test", true, false, null);
    JsonObject also = rsvp(server, event, "Also Came", "also@people.test", false, false, null);
    JsonObject noShow = rsvp(server, event, "No Show", "noshow@people.test", true, false, null);
    JsonObject maybe = rsvp(server, event, "Maybe Not", "maybe@people.test", false, false, null);
    server.patchJson("/api/v1/rsvps/" + maybe.getString("token"), new JsonObject().put("response", "maybe"));

    // before the event: no follow-ups yet
    var early = server.postJson("/api/v1/events/" + event + "/follow-ups", new JsonObject()
        .put("audience", "came").put("subject", "Thanks").put("text", "Hi"), "Authorization", bearer(owner));
    assertEquals(400, early.statusCode());

    Scene.pastEvent(server, event, 3);
    checkIn(event, new JsonObject().put("token", came.getString("token")), helper);
    checkIn(event, new JsonObject().put("rsvpId", also.getString("id")), owner);

    String people = Scene.signedIn(server, "door-owner@people.test").body("/e/" + event + "/people");
    assertTrue(people.indexOf("Came Along") < people.indexOf("No Show")
        && people.indexOf("Also Came") < people.indexOf("No Show"), "checked-in first");
    assertTrue(people.contains("noshow@people.test"), "organizers see every email");

    String csv = server.get("/api/v1/events/" + event + "/rsvps.csv", "Authorization", bearer(owner))
        .bodyAsString();
    String checkedAt = sql(server, "SELECT checked_in_at FROM rsvps WHERE id = $1",
        UUID.fromString(came.getString("id"))).get(0).getOffsetDateTime("checked_in_at").toInstant().toString();
    assertTrue(csv.contains("Checked in at"));
    assertTrue(csv.lines().anyMatch(l -> l.startsWith("\"Came Along\"") && l.contains(checkedAt)), csv);

    assertEquals(403, server.postJson("/api/v1/events/" + event + "/follow-ups", new JsonObject()
        .put("audience", "came").put("subject", "x").put("text", "y"), "Authorization", bearer(helper))
        .statusCode(), "check-in helpers do not mail attendees");
    assertEquals(400, server.postJson("/api/v1/events/" + event + "/follow-ups", new JsonObject()
        .put("audience", "everyone").put("subject", "x").put("text", "y"), "Authorization", bearer(owner))
        .statusCode());

    int before = messageMails(server).size();
    var thanks = server.postJson("/api/v1/events/" + event + "/follow-ups", new JsonObject()
        .put("audience", "came").put("subject", "Thank you for coming")
        .put("text", "It was *great* to see you.\n\nSlides: https://example.org/slides"),
        "Authorization", bearer(owner));
    assertEquals(201, thanks.statusCode(), thanks.bodyAsString());
    assertEquals(2, thanks.bodyAsJsonObject().getInteger("recipients"));
    List<JsonObject> mails = messageMails(server).subList(before, before + 2);
    for (JsonObject m : mails) {
      JsonObject p = m.getJsonObject("payload");
      String token = m.getString("recipient").equals("came@people.test") ? came.getString("token")
          : also.getString("token");
      assertEquals("Thank you for coming", p.getString("subject"));
      assertTrue(p.getString("text").contains(server.baseUrl + "/r/" + token + "/people"),
          "each gets their own people link");
      assertTrue(p.getString("html").contains("<em>great</em>"));
      assertEquals("door-owner@people.test", p.getString("replyTo"));
      assertFalse(p.encode().contains(m.getString("recipient").equals("came@people.test")
          ? "also@people.test" : "came@people.test"), "nobody sees another's address");
    }

    var sorry = server.postJson("/api/v1/events/" + event + "/follow-ups", new JsonObject()
        .put("audience", "no_shows").put("subject", "We missed you").put("text", "Next time!")
        .put("idempotencyKey", "missed-you-1"), "Authorization", bearer(owner));
    assertEquals(201, sorry.statusCode());
    assertEquals(1, sorry.bodyAsJsonObject().getInteger("recipients"), "maybe is not a no-show");
    List<JsonObject> noShows = messageMails(server).subList(before + 2, messageMails(server).size());
    assertEquals(1, noShows.size());
    assertEquals("noshow@people.test", noShows.get(0).getString("recipient"));
    assertFalse(noShows.get(0).getJsonObject("payload").getString("text").contains("/people"));
    var again = server.postJson("/api/v1/events/" + event + "/follow-ups", new JsonObject()
        .put("audience", "no_shows").put("subject", "We missed you").put("text", "Next time!")
        .put("idempotencyKey", "missed-you-1"), "Authorization", bearer(owner));
    assertEquals(200, again.statusCode());
    assertTrue(again.bodyAsJsonObject().getBoolean("alreadySent"));
    assertEquals(before + 3, messageMails(server).size());

    // the web form sends once per form, however often it is submitted
    var web = Scene.signedIn(server, "door-owner@people.test");
    String page = web.body("/organize/e/" + event + "/follow-up");
    String key = page.replaceAll("(?s).*name=\"sendKey\" value=\"([^\"]+)\".*", "$1");
    var first = web.post("/organize/e/" + event + "/follow-up", form("audience", "came",
        "subject", "Photos", "body", "Here are the photos", "sendKey", key));
    assertTrue(first.bodyAsString().contains("Sent to 2 people."));
    var second = web.post("/organize/e/" + event + "/follow-up", form("audience", "came",
        "subject", "Photos", "body", "Here are the photos", "sendKey", key));
    assertTrue(second.bodyAsString().contains("sent already"));
    assertEquals(before + 5, messageMails(server).size());
    var empty = web.post("/organize/e/" + event + "/follow-up", form("audience", "came"));
    assertEquals(400, empty.statusCode());
    assertTrue(empty.bodyAsString().contains("id=\"subject-error\""));
  }
}
