package org.convene.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.WebSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AccountsApiTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject account(String email, String password, String name) {
    return new JsonObject().put("email", email).put("password", password).put("name", name);
  }

  @Test
  void signingUpAnswersTheAccountWithoutItsPassword() {
    var r = server.postJson("/api/v1/accounts",
        account("  Ada@Example.ORG ", "a long passphrase", "Ada Lovelace"));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    JsonObject a = r.bodyAsJsonObject();
    assertEquals("ada@example.org", a.getString("email"));
    assertEquals("Ada Lovelace", a.getString("name"));
    assertNotNull(a.getString("id"));
    assertFalse(r.bodyAsString().contains("passphrase"));
    assertFalse(r.bodyAsString().contains("argon"));
  }

  @Test
  void aTakenEmailIs409EvenInOtherLetterCase() {
    assertEquals(201, server.postJson("/api/v1/accounts",
        account("bob@example.org", "a long passphrase", "Bob")).statusCode());
    var r = server.postJson("/api/v1/accounts",
        account("BOB@example.org", "another passphrase", "Bob Two"));
    assertEquals(409, r.statusCode());
    assertEquals("email_taken", r.bodyAsJsonObject().getString("error"));
  }

  @Test
  void badFieldsAre400WithAMessagePerField() {
    var r = server.postJson("/api/v1/accounts", account("not-an-email", "short", " "));
    assertEquals(400, r.statusCode());
    JsonObject details = r.bodyAsJsonObject().getJsonObject("details");
    assertTrue(details.containsKey("email"), details.encode());
    assertTrue(details.containsKey("password"), details.encode());
    assertTrue(details.containsKey("name"), details.encode());
  }

  @Test
  void unknownFieldsAndWrongTypesAreNamed() {
    var r = server.postJson("/api/v1/accounts", account("carl@example.org", "a long passphrase",
        "Carl").put("admin", true));
    assertEquals(400, r.statusCode());
    assertEquals("unknown field", r.bodyAsJsonObject().getJsonObject("details").getString("admin"));
    r = server.postJson("/api/v1/accounts", new JsonObject().put("email", "carl@example.org")
        .put("password", 1234567890123L).put("name", "Carl"));
    assertEquals(400, r.statusCode());
    assertTrue(r.bodyAsJsonObject().getJsonObject("details").containsKey("password"));
  }

  @Test
  void passwordsAreStoredAsArgon2idHashes() {
    server.postJson("/api/v1/accounts", account("dora@example.org", "a long passphrase", "Dora"));
    String hash = TestDb.queryOne(server.db,
        "SELECT password_hash FROM accounts WHERE email = 'dora@example.org'");
    assertTrue(hash.startsWith("$argon2id$v=19$"), hash);
    assertFalse(hash.contains("a long passphrase"));
  }

  @Test
  void tokensNeedTheRightPassword() {
    server.postJson("/api/v1/accounts", account("erin@example.org", "a long passphrase", "Erin"));
    var wrong = server.postJson("/api/v1/tokens", new JsonObject()
        .put("email", "erin@example.org").put("password", "not the passphrase"));
    assertEquals(401, wrong.statusCode());
    assertEquals("invalid_credentials", wrong.bodyAsJsonObject().getString("error"));
    var nobody = server.postJson("/api/v1/tokens", new JsonObject()
        .put("email", "nobody@example.org").put("password", "a long passphrase"));
    assertEquals(401, nobody.statusCode());
    assertEquals(wrong.bodyAsString(), nobody.bodyAsString(), "no hint whether the email exists");
    var ok = server.postJson("/api/v1/tokens", new JsonObject()
        .put("email", "ERIN@example.org").put("password", "a long passphrase"));
    assertEquals(201, ok.statusCode());
    assertTrue(ok.bodyAsJsonObject().getString("token").startsWith("cvn_"));
  }

  @Test
  void tokensAreStoredHashedAndListedWithoutTheirValue() {
    String token = server.organizerToken("fay@example.org");
    String count = TestDb.queryOne(server.db, "SELECT count(*) FROM api_tokens WHERE "
        + "encode(token_hash, 'escape') LIKE '%" + token.substring(4, 20) + "%'");
    assertEquals("0", count);
    var list = server.get("/api/v1/tokens", "Authorization", "Bearer " + token);
    assertEquals(200, list.statusCode());
    assertEquals(1, list.bodyAsJsonObject().getJsonArray("tokens").size());
    assertFalse(list.bodyAsString().contains(token));
  }

  @Test
  void aRevokedTokenIs401() {
    String token = server.organizerToken("gus@example.org");
    String auth = "Bearer " + token;
    String id = server.get("/api/v1/tokens", "Authorization", auth).bodyAsJsonObject()
        .getJsonArray("tokens").getJsonObject(0).getString("id");
    assertEquals(204, server.delete("/api/v1/tokens/" + id, "Authorization", auth).statusCode());
    var after = server.get("/api/v1/tokens", "Authorization", auth);
    assertEquals(401, after.statusCode());
    assertEquals(401, server.postJson("/api/v1/groups", new JsonObject().put("slug", "gus-group")
        .put("name", "Gus").put("kind", "community"), "Authorization", auth).statusCode());
  }

  @Test
  void someoneElsesTokenCannotBeRevoked() {
    String mine = server.organizerToken("hal@example.org");
    String theirs = server.organizerToken("ivy@example.org");
    String theirId = server.get("/api/v1/tokens", "Authorization", "Bearer " + theirs)
        .bodyAsJsonObject().getJsonArray("tokens").getJsonObject(0).getString("id");
    assertEquals(404, server.delete("/api/v1/tokens/" + theirId, "Authorization", "Bearer " + mine)
        .statusCode());
    assertEquals(200, server.get("/api/v1/tokens", "Authorization", "Bearer " + theirs).statusCode());
  }

  @Test
  void aTokenRevokedFromTheDashboardIs401() {
    WebSession web = new WebSession(server);
    assertEquals(302, web.signUp("jo@example.org", "Jo", "a long passphrase").statusCode());
    var created = web.submit("/organize", "/organize/tokens", "label", "Campus CRM");
    assertEquals(200, created.statusCode());
    var m = java.util.regex.Pattern.compile("(cvn_[A-Za-z0-9_-]+)").matcher(created.bodyAsString());
    assertTrue(m.find(), created.bodyAsString());
    String token = m.group(1);
    assertEquals(200, server.get("/api/v1/tokens", "Authorization", "Bearer " + token).statusCode());

    String dashboard = web.get("/organize").bodyAsString();
    assertTrue(dashboard.contains("Campus CRM"));
    var action = java.util.regex.Pattern.compile("action=\"(/organize/tokens/[^\"]+/revoke)\"")
        .matcher(dashboard);
    assertTrue(action.find(), dashboard);
    assertEquals(302, web.post(action.group(1)).statusCode());
    assertEquals(401, server.get("/api/v1/tokens", "Authorization", "Bearer " + token).statusCode());
    assertFalse(web.get("/organize").bodyAsString().contains("Campus CRM"));
  }
}
