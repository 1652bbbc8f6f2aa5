package org.convene.db;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.convene.core.Config;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the data lives: the server named by DATABASE_URL, or an embedded PostgreSQL in DATA_DIR.
 * Everything here blocks, so it runs before any verticle is deployed.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  /** How to reach the server; the same facts feed Flyway (JDBC) and the Vert.x pool. */
  public record Target(String host, int port, String database, String user, String password,
                       boolean ssl) {
    public String jdbcUrl() {
      return "jdbc:postgresql://" + host + ":" + port + "/" + database
          + (ssl ? "?sslmode=require" : "");
    }

    public String url() {
      return "postgresql://" + user + ":" + password + "@" + host + ":" + port + "/" + database;
    }

    public PgConnectOptions connectOptions() {
      PgConnectOptions o = new PgConnectOptions()
          .setHost(host).setPort(port).setDatabase(database).setUser(user).setPassword(password)
          .setCachePreparedStatements(true)
          // the client skips its statement cache for SQL over 2048 characters by default, and
          // our one-statement RSVP answer is longer: it was parsed and planned on every call
          .setPreparedStatementCacheSqlLimit(16384)
          .setPipeliningLimit(16)
          .setReconnectAttempts(0);
      if (ssl) {
        o.setSslMode(io.vertx.pgclient.SslMode.REQUIRE)
            .setSslOptions(new io.vertx.core.net.ClientSSLOptions().setTrustAll(true));
      }
      return o;
    }
  }

  private final Target target;
  private final EmbeddedPostgres embedded;

  private Database(Target target, EmbeddedPostgres embedded) {
    this.target = target;
    this.embedded = embedded;
  }

  public Target target() {
    return target;
  }

  public boolean isEmbedded() {
    return embedded != null;
  }

  /** Connects (starting the embedded server if needed) and applies the migrations. */
  public static Database start(Config config) {
    Database db = config.databaseUrl() != null
        ? new Database(parseUrl(config.databaseUrl()), null)
        : startEmbedded(config.dataDir());
    try {
      migrate(db.target);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    return db;
  }

  public static Target parseUrl(String url) {
    URI uri;
    try {
      uri = URI.create(url.replaceFirst("^postgres(ql)?:", "postgresql:"));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("DATABASE_URL is not a URL: " + e.getMessage());
    }
    if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalStateException(
          "DATABASE_URL must look like postgresql://user:password@host:5432/database");
    }
    String user = "postgres";
    String password = "";
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      if (parts.length > 1) password = decode(parts[1]);
    }
    String dbName = uri.getPath() == null || uri.getPath().length() <= 1
        ? user : decode(uri.getPath().substring(1));
    boolean ssl = uri.getQuery() != null && uri.getQuery().matches(".*sslmode=(require|verify-ca|verify-full).*");
    return new Target(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, dbName, user,
        password, ssl);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  static Database startEmbedded(Path dataDir) {
    Path pgData = dataDir.resolve("postgres");
    try {
      Files.createDirectories(dataDir);
      stopOrphanedPostmaster(pgData);
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setDataDirectory(pgData)
          .setCleanDataDirectory(false)
          // zonky turns these off for tests; a real server must not lose acknowledged writes
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("fsync", "on")
          .setServerConfig("max_connections", "200")
          .setPGStartupWait(Duration.ofSeconds(60))
          .start();
      log.info("Embedded PostgreSQL running on port {} with data in {}", pg.getPort(), pgData);
      return new Database(
          new Target("127.0.0.1", pg.getPort(), "postgres", "postgres", "postgres", false), pg);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("Could not start the embedded PostgreSQL in " + pgData
          + ": " + e.getMessage()
          + " (is another Convene using this DATA_DIR? Set DATA_DIR or DATABASE_URL.)", e);
    }
  }

  /**
   * After a kill -9 of the JVM the embedded postmaster lives on and keeps the data directory
   * locked; it is ours, so stop it the way pg_ctl would (SIGTERM = smart shutdown). Runs at
   * start, before Vert.x exists, so waiting for it to exit holds up no event loop.
   */
  private static void stopOrphanedPostmaster(Path pgData) throws IOException {
    Path pidFile = pgData.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) return;
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty()) return;
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> proc = ProcessHandle.of(pid);
    if (proc.isEmpty() || !proc.get().isAlive()) return; // PostgreSQL clears a stale pid file itself
    String cmd = proc.get().info().command().orElse("");
    if (!cmd.contains("postgres")) return;
    log.warn("Stopping PostgreSQL left running by an earlier crash (pid {})", pid);
    proc.get().destroy();
    try {
      proc.get().onExit().get(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (ExecutionException | TimeoutException e) {
      proc.get().destroyForcibly();
    }
  }

  public static void migrate(Target target) {
    long t0 = System.nanoTime();
    try {
      var result = Flyway.configure()
          .dataSource(target.jdbcUrl(), target.user(), target.password())
          .locations("classpath:db/migration")
          .connectRetries(10)
          .load()
          .migrate();
      log.info("Database schema at version {} ({} migrations applied now) in {} ms",
          result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
          result.migrationsExecuted, Duration.ofNanos(System.nanoTime() - t0).toMillis());
    } catch (FlywayException e) {
      throw new IllegalStateException("Database migration failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (IOException e) {
        log.warn("Embedded PostgreSQL did not stop cleanly: {}", e.getMessage());
      }
    }
  }
}
