package org.convene;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.atomic.AtomicInteger;
import org.convene.db.Database;

/**
 * One real PostgreSQL per test run (embedded, in a temp dir) and a fresh, migrated database per
 * test class. No mocks, no H2.
 */
public final class TestDb {
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres server;

  private TestDb() {}

  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        Path dir = Files.createTempDirectory("convene-test-pg");
        server = EmbeddedPostgres.builder()
            .setDataDirectory(dir)
            .setCleanDataDirectory(true)
            .setServerConfig("max_connections", "300")
            .setServerConfig("fsync", "off")
            .start();
        EmbeddedPostgres s = server;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            s.close();
          } catch (Exception ignored) {
            // the JVM is going away either way
          }
        }));
      } catch (Exception e) {
        throw new IllegalStateException("could not start the test PostgreSQL", e);
      }
    }
    return server;
  }

  /** A new empty database with all migrations applied. */
  public static Database.Target fresh() {
    String name = "t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    EmbeddedPostgres pg = server();
    try (Connection c = pg.getPostgresDatabase().getConnection()) {
      c.createStatement().execute("CREATE DATABASE " + name);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    Database.Target t = new Database.Target("127.0.0.1", pg.getPort(), name, "postgres",
        "postgres", false);
    Database.migrate(t);
    return t;
  }

  /** The first column of the first row of {@code sql} on {@code t}, as text (null if no row). */
  public static String queryOne(Database.Target t, String sql) {
    try (Connection c = java.sql.DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password());
         var rs = c.createStatement().executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (Exception e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public static void execute(Database.Target t, String sql) {
    try (Connection c = java.sql.DriverManager.getConnection(t.jdbcUrl(), t.user(), t.password())) {
      c.createStatement().execute(sql);
    } catch (Exception e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
