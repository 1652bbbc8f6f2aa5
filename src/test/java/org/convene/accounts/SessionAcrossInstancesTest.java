package org.convene.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.WebSession;
import org.convene.db.Database;
import org.junit.jupiter.api.Test;

/** Two instances on one database, as behind a load balancer, and instances that restart. */
class SessionAcrossInstancesTest {

  @Test
  void aLoginOnOneInstanceWorksOnTheOtherAndSurvivesRestarts() {
    Database.Target db = TestDb.fresh();
    TestServer a = TestServer.start(db, Map.of());
    TestServer b = TestServer.start(db, Map.of());
    try {
      WebSession onA = new WebSession(a);
      assertEquals(302, onA.signUp("uma@example.org", "Uma", "a long passphrase").statusCode());
      WebSession onB = onA.on(b);
      var dash = onB.get("/organize");
      assertEquals(200, dash.statusCode());
      assertTrue(dash.bodyAsString().contains("Log out Uma"));

      // a form read on A is accepted by B: the CSRF secret is shared through PostgreSQL
      var group = onB.post("/organize/groups", "slug", "uma-circle", "name", "Uma's circle",
          "kind", "community");
      assertEquals(302, group.statusCode(), group.bodyAsString());

      a.close();
      TestServer a2 = TestServer.start(db, Map.of());
      try {
        var again = onA.on(a2).get("/organize");
        assertEquals(200, again.statusCode(), "the session outlives the instance that made it");
        assertTrue(again.bodyAsString().contains("Uma&#x27;s circle")
            || again.bodyAsString().contains("Uma's circle"), again.bodyAsString());
        assertEquals(302, onA.on(a2).submit("/organize", "/logout").statusCode());
        assertEquals(302, onB.get("/organize").statusCode(), "logged out on every instance");
      } finally {
        a2.close();
      }
    } finally {
      b.close();
    }
  }
}
