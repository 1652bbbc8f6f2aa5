package org.convene.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.VertxException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import org.junit.jupiter.api.Test;

/** Which failures mean "the database is not reachable right now" (a 503 to try again). */
class FailuresTest {
  @Test
  void everyWayAConnectionGoesAwayIsUnavailable() {
    // each of these was seen while PostgreSQL restarted under load (DatabaseRestartTest)
    assertTrue(Failures.databaseUnavailable(new IOException("Broken pipe")));
    assertTrue(Failures.databaseUnavailable(new SocketException("Connection reset")));
    assertTrue(Failures.databaseUnavailable(new ConnectException("Connection refused")));
    assertTrue(Failures.databaseUnavailable(new IllegalStateException("wrapped",
        new IOException("Broken pipe"))));
    assertTrue(Failures.databaseUnavailable(new VertxException("Connection pool reached max wait queue size of 4000")));
  }

  @Test
  void aBugIsNot() {
    assertFalse(Failures.databaseUnavailable(new IllegalStateException("unknown mail kind")));
    assertFalse(Failures.databaseUnavailable(new NullPointerException()));
  }
}
