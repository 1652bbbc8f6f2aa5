package org.convene.rsvp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The RSVP journey on the web pages, without JavaScript: form, confirmation, manage link. */
class RsvpWebTest {
  static TestServer server;
  static String token;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    token = server.organizerToken("web-org@example.org");
    server.createGroup(token, "web-group");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A visitor with a cookie jar, as a browser would be. */
  static final class Visitor {
    final WebClientSession web = WebClientSession.create(server.client());
    String csrf;

    HttpResponse<Buffer> get(String path) throws Exception {
      HttpResponse<Buffer> r = web.get(server.port, "localhost", path).send().await(20, TimeUnit.SECONDS);
      Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(r.bodyAsString());
      if (m.find()) csrf = m.group(1);
      return r;
    }

    HttpResponse<Buffer> post(String path, MultiMap form) throws Exception {
      return post(path, form, new String[0]);
    }

    /** headers: name, value, ...; the page's token goes along when the page had one. */
    HttpResponse<Buffer> post(String path, MultiMap form, String... headers) throws Exception {
      if (!form.contains("_csrf") && csrf != null) form.add("_csrf", csrf);
      var req = web.post(server.port, "localhost", path);
      for (int i = 0; i + 1 < headers.length; i += 2) req.putHeader(headers[i], headers[i + 1]);
      return req.sendForm(form).await(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void mistakesAreShownNextToTheFieldsAndWhatWasTypedIsKept() throws Exception {
    String e = server.createEvent(token, "web-group", new JsonObject().put("guestsAllowed", 2)).getString("id");
    Visitor v = new Visitor();
    String page = v.get("/e/" + e).bodyAsString();
    assertTrue(page.contains("name=\"response\""));
    assertTrue(page.contains("List me on the attendee list"));
    var r = v.post("/e/" + e, MultiMap.caseInsensitiveMultiMap().add("name", "Ada <Lovelace>")
        .add("email", "ada@").add("response", "going").add("headline", "Analyst")
        .add("goals", "find_mentor").add("topics", "engines, poetry"));
    assertEquals(400, r.statusCode());
    String body = r.bodyAsString();
    assertTrue(body.contains("id=\"email-error\""), body);
    assertTrue(body.contains("aria-invalid=\"true\" aria-describedby=\"email-error\""));
    assertTrue(body.contains("value=\"Ada &lt;Lovelace&gt;\""), "typed name kept, escaped");
    assertTrue(body.contains("value=\"Analyst\""));
    assertTrue(body.contains("value=\"engines, poetry\""));
    assertTrue(body.contains("value=\"find_mentor\" checked"));
  }

  @Test
  void aGoodRsvpSaysWhereThePrivateLinkWentAndTheMailedLinkOpensIt() throws Exception {
    String e = server.createEvent(token, "web-group", new JsonObject().put("capacity", 1)).getString("id");
    Visitor v = new Visitor();
    v.get("/e/" + e);
    var r = v.post("/e/" + e, MultiMap.caseInsensitiveMultiMap().add("name", "Grace")
        .add("email", "grace@example.org").add("response", "going").add("listed", "1"));
    assertEquals(201, r.statusCode());
    assertNull(r.getHeader("Location"), "no redirect to the private link");
    String sent = r.bodyAsString();
    String gracesToken = server.mailedToken(e, "grace@example.org");
    assertFalse(sent.contains(gracesToken), "whoever typed the address does not get its key");
    assertTrue(sent.contains("Going"), sent);
    assertTrue(sent.contains("g•••@example.org"), "says where the link went");
    assertTrue(sent.contains("confirms that the address is yours"), "and what opening it unlocks");

    // the link from the confirmation mail: its first opening confirms the address
    String location = "/r/" + gracesToken;
    String confirmation = v.get(location).bodyAsString();
    assertTrue(confirmation.contains("Going"));
    assertTrue(confirmation.contains("Your address is confirmed"), confirmation);
    assertTrue(confirmation.contains(server.baseUrl + location),
        "the private manage link is shown to bookmark");
    assertFalse(v.get(location).bodyAsString().contains("Your address is confirmed"),
        "said once, on the first opening");

    // the event is now full: the next person is waitlisted and sees their place in line
    Visitor w = new Visitor();
    w.get("/e/" + e);
    var second = w.post("/e/" + e, MultiMap.caseInsensitiveMultiMap().add("name", "Linus")
        .add("email", "linus@example.org").add("response", "going"));
    assertTrue(second.bodyAsString().contains("On the waitlist, number 1 in line"),
        second.bodyAsString());
    String linus = "/r/" + server.mailedToken(e, "linus@example.org");
    String waitPage = w.get(linus).bodyAsString();
    assertTrue(waitPage.contains("On the waitlist, number 1 in line"), waitPage);

    // Grace cancels through her link; Linus gets the seat at once
    var cancel = v.post(location + "/cancel", MultiMap.caseInsensitiveMultiMap());
    assertEquals(303, cancel.statusCode());
    assertTrue(w.get(linus).bodyAsString().contains("badge-going"));
  }

  @Test
  void theManagePageChangesTheAnswerAndSharing() throws Exception {
    String e = server.createEvent(token, "web-group", new JsonObject().put("guestsAllowed", 1)).getString("id");
    Visitor v = new Visitor();
    v.get("/e/" + e);
    assertEquals(201, v.post("/e/" + e, MultiMap.caseInsensitiveMultiMap().add("name", "Ken")
        .add("email", "ken@example.org").add("response", "maybe")).statusCode());
    String manage = "/r/" + server.mailedToken(e, "ken@example.org");
    v.get(manage);
    var bad = v.post(manage, MultiMap.caseInsensitiveMultiMap().add("name", "Ken")
        .add("response", "going").add("guests", "1").add("profileUrl", "ftp://nope"));
    assertEquals(400, bad.statusCode());
    assertTrue(bad.bodyAsString().contains("id=\"profileUrl-error\""));
    var ok = v.post(manage, MultiMap.caseInsensitiveMultiMap().add("name", "Ken T")
        .add("response", "going").add("guests", "1").add("listed", "1").add("goals", "hiring")
        .add("headline", "CTO"));
    assertEquals(303, ok.statusCode());
    String token = manage.substring(3);
    JsonObject api = server.get("/api/v1/rsvps/" + token).bodyAsJsonObject();
    assertEquals("going", api.getString("status"));
    assertEquals(1, api.getInteger("guests"));
    assertTrue(api.getBoolean("listed"));
    assertFalse(api.getBoolean("shareEmail"), "an unchecked box means no");
    assertEquals("CTO", api.getJsonObject("profile").getString("headline"));
  }

  @Test
  void aFormWithoutTheCsrfTokenIsRefusedAndTheHoneypotStoresNothing() throws Exception {
    String e = server.createEvent(token, "web-group", new JsonObject()).getString("id");
    Visitor v = new Visitor();
    v.get("/e/" + e);
    var forged = v.post("/e/" + e, MultiMap.caseInsensitiveMultiMap().add("_csrf", "x.y")
        .add("name", "Mallory").add("email", "m@example.org").add("response", "going"));
    assertEquals(403, forged.statusCode());
    // the anonymous page has no token (so caches may hold it): a foreign site's form is refused
    // by what the browser says of its origin
    assertEquals(null, v.csrf, "the anonymous event page carries no per-visitor token");
    MultiMap answer = MultiMap.caseInsensitiveMultiMap()
        .add("name", "Mallory").add("email", "m@example.org").add("response", "going");
    assertEquals(403, v.post("/e/" + e, MultiMap.caseInsensitiveMultiMap().addAll(answer),
        "Origin", "https://evil.example").statusCode());
    assertEquals(403, v.post("/e/" + e, MultiMap.caseInsensitiveMultiMap().addAll(answer),
        "Sec-Fetch-Site", "cross-site").statusCode());
    assertEquals(403, v.post("/e/" + e, MultiMap.caseInsensitiveMultiMap().addAll(answer),
        "Sec-Fetch-Site", "same-site").statusCode());
    assertEquals(403, v.post("/e/" + e, MultiMap.caseInsensitiveMultiMap().addAll(answer),
        "Origin", "null").statusCode());
    var bot = v.post("/e/" + e, MultiMap.caseInsensitiveMultiMap().add("name", "Bot")
        .add("email", "bot@example.org").add("response", "going").add("website", "http://spam"));
    assertEquals(200, bot.statusCode());
    assertEquals(0, server.get("/api/v1/events/" + e + "/rsvps", "Authorization", "Bearer " + token)
        .bodyAsJsonObject().getJsonArray("items").size());
  }

  @Test
  void theAnonymousFormWorksFromTheSiteItself() throws Exception {
    String e = server.createEvent(token, "web-group", new JsonObject()).getString("id");
    Visitor v = new Visitor();
    v.get("/e/" + e);
    var sent = v.post("/e/" + e, MultiMap.caseInsensitiveMultiMap()
            .add("name", "Sam").add("email", "sam-same-origin@example.org").add("response", "going"),
        "Origin", server.baseUrl, "Sec-Fetch-Site", "same-origin");
    assertEquals(201, sent.statusCode(), sent.bodyAsString());
    assertEquals(1, server.get("/api/v1/events/" + e + "/rsvps", "Authorization", "Bearer " + token)
        .bodyAsJsonObject().getJsonArray("items").size());
  }

  @Test
  void aCancelledEventSaysRsvpsAreClosed() throws Exception {
    String e = server.createEvent(token, "web-group", new JsonObject()).getString("id");
    Visitor v = new Visitor();
    v.get("/e/" + e);
    server.postJson("/api/v1/events/" + e + "/cancel", new JsonObject(), "Authorization", "Bearer " + token);
    String page = v.get("/e/" + e).bodyAsString();
    assertTrue(page.contains("This event was cancelled, so RSVPs are closed."));
    assertFalse(page.contains("Send my RSVP"));
    var late = v.post("/e/" + e, MultiMap.caseInsensitiveMultiMap().add("name", "Late")
        .add("email", "late@example.org").add("response", "going"));
    assertEquals(409, late.statusCode());
    assertTrue(late.bodyAsString().contains("RSVPs are closed"));
  }
}
