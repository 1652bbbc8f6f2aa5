package org.convene;

import org.convene.core.Config;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.convene.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** Starts Convene: configuration, database (embedded or DATABASE_URL), migrations, HTTP. */
public final class Main {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    long t0 = System.nanoTime();
    Config config;
    Database db;
    try {
      config = Config.fromEnv();
      // Blocking work (embedded PostgreSQL, Flyway) happens here, before any event loop exists.
      db = Database.start(config);
    } catch (RuntimeException e) {
      log.error("Convene could not start: {}", e.getMessage());
      System.exit(1);
      return;
    }
    App app;
    try {
      app = App.start(config, db.target()).await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.error("Convene could not start the HTTP server: {}", e.getMessage());
      db.close();
      System.exit(1);
      return;
    }
    log.info("Convene ready at {} (port {}, {}) in {} ms", config.baseUrl(), config.port(),
        db.isEmbedded() ? "embedded PostgreSQL in " + config.dataDir() : "external PostgreSQL",
        Duration.ofNanos(System.nanoTime() - t0).toMillis());

    // SIGTERM/SIGINT: stop accepting, let in-flight requests finish, stop PostgreSQL, exit 0.
    // The budget is 10 s in all: up to 4 s for requests (Server.stop), then the pool, then
    // PostgreSQL's fast stop (pg_ctl waits at most 5 s).
    Runnable shutdown = () -> {
      log.info("Shutting down");
      try {
        app.stop().await(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        log.warn("HTTP shutdown did not finish cleanly: {}", e.getMessage());
      }
      db.close();
      Runtime.getRuntime().halt(0);
    };
    Signal.handle(new Signal("TERM"), s -> new Thread(shutdown, "shutdown").start());
    Signal.handle(new Signal("INT"), s -> new Thread(shutdown, "shutdown").start());
  }
}
