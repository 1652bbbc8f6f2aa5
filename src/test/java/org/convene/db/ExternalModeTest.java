package org.convene.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.convene.TestDb;
import org.convene.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DATABASE_URL set: the server uses that PostgreSQL (here a second one, reached only through its
 * URL), starts nothing embedded, rides out the database going away, and refuses to start on a
 * database whose migrations do not check out.
 */
class ExternalModeTest {
  @TempDir Path tmp;

  private static EmbeddedPostgres postgres(Path dir, int port) throws Exception {
    return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false)
        .setPort(port).setServerConfig("fsync", "off").start();
  }

  @Test
  void theServerUsesTheUrlStartsNothingEmbeddedAndRecoversWhenTheDatabaseReturns() throws Exception {
    Path pgDir = tmp.resolve("external-pg");
    int pgPort = TestServer.freePort();
    EmbeddedPostgres external = postgres(pgDir, pgPort);
    Path dataDir = tmp.resolve("must-stay-empty");
    int port = TestServer.freePort();
    try (Child server = Child.start(tmp, "external", Map.of("PORT", Integer.toString(port),
        "DATA_DIR", dataDir.toString(),
        "DATABASE_URL", "postgresql://postgres:postgres@127.0.0.1:" + pgPort + "/postgres"))) {
      server.awaitReady();
      assertTrue(server.output().contains("external PostgreSQL"), server.output());
      assertFalse(Files.exists(dataDir), "nothing embedded: DATA_DIR is never created");
      assertFalse(server.process.descendants().anyMatch(p ->
          p.info().command().orElse("").contains("postgres")), "no PostgreSQL child process");

      assertEquals(201, server.post("/api/v1/accounts", """
          {"email":"ext@example.org","password":"a long passphrase","name":"Ext"}""").statusCode());
      try (var c = external.getPostgresDatabase().getConnection();
           var rs = c.createStatement().executeQuery(
               "SELECT count(*) FROM accounts WHERE email = 'ext@example.org'")) {
        rs.next();
        assertEquals(1, rs.getInt(1), "the account is in the external database");
      }

      external.close(); // the database goes away
      server.awaitStatus("/ready", 503, 15);
      assertEquals(200, server.get("/health").statusCode(), "the process itself is fine");
      var during = server.post("/api/v1/tokens", """
          {"email":"ext@example.org","password":"a long passphrase"}""");
      assertEquals(503, during.statusCode(), during.body());
      assertFalse(during.body().contains("Exception"));

      external = postgres(pgDir, pgPort); // and comes back on the same address
      Duration back = server.awaitStatus("/ready", 200, 30);
      System.out.println("/ready was 200 again " + back.toMillis() + " ms after PostgreSQL returned");
      assertEquals(201, server.post("/api/v1/tokens", """
          {"email":"ext@example.org","password":"a long passphrase"}""").statusCode(),
          "no restart needed");

      server.process.destroy();
      assertEquals(0, server.awaitExit(10), server.output());
      assertFalse(Files.exists(dataDir));
    } finally {
      external.close();
    }
  }

  @Test
  void aMigrationThatDoesNotCheckOutStopsTheStartWithTheReason() throws Exception {
    Database.Target db = TestDb.fresh();
    TestDb.execute(db, "UPDATE flyway_schema_history SET checksum = 12345 WHERE version = '1'");
    try (Child server = Child.start(tmp, "bad-migration", Map.of(
        "PORT", Integer.toString(TestServer.freePort()),
        "DATA_DIR", tmp.resolve("unused").toString(),
        "DATABASE_URL", db.url()))) {
      int code = server.awaitExit(60);
      assertNotEquals(0, code);
      String out = server.output();
      assertTrue(out.contains("Convene could not start: Database migration failed"), out);
      assertTrue(out.contains("checksum mismatch for migration version 1"), out);
      assertFalse(out.contains("Convene ready"));
      assertFalse(out.contains("postgres:postgres@"), "no password in the log");
    }
  }

  @Test
  void aMigrationThatFailsHalfwayStopsTheStartWithTheReason() throws Exception {
    // the tables exist but the history says nothing was applied, so Flyway runs V1 again and
    // its first CREATE TABLE fails
    Database.Target db = TestDb.fresh();
    TestDb.execute(db, "DELETE FROM flyway_schema_history");
    try (Child server = Child.start(tmp, "failed-migration", Map.of(
        "PORT", Integer.toString(TestServer.freePort()),
        "DATA_DIR", tmp.resolve("unused").toString(),
        "DATABASE_URL", db.url()))) {
      assertNotEquals(0, server.awaitExit(60));
      String out = server.output();
      assertTrue(out.contains("Convene could not start: Database migration failed"), out);
      assertTrue(out.contains("already exists"), out);
    }
  }
}
