package org.convene.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.WebSession;
import org.convene.db.Database;
import org.junit.jupiter.api.Test;

/** The public pages are the hot path: an anonymous visit must cost no session lookup. */
class PublicPagesTest {

  @Test
  void anonymousVisitorsNeverTouchTheSessionTable() {
    Database.Target db = TestDb.fresh();
    try (TestServer server = TestServer.start(db, Map.of())) {
      String token = server.organizerToken("host@example.org");
      server.createGroup(token, "public-group");
      String id = server.createEvent(token, "public-group", new JsonObject()).getString("id");
      WebSession organizer = new WebSession(server);
      organizer.logIn("host@example.org", "correct horse battery");

      // with the session table gone, any session lookup fails the request
      TestDb.execute(db, "ALTER TABLE sessions RENAME TO sessions_elsewhere");
      for (String path : new String[] {"/", "/g/public-group", "/e/" + id}) {
        assertEquals(200, server.get(path).statusCode(), path);
      }
      for (String path : new String[] {"/", "/g/public-group", "/e/" + id}) {
        assertEquals(500, organizer.get(path).statusCode(),
            path + " with a session cookie does look the session up (to show who is logged in)");
      }
      TestDb.execute(db, "ALTER TABLE sessions_elsewhere RENAME TO sessions");
    }
  }
}
