package org.convene.bench;

import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Template;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The reference Convene is measured against in bench/run.sh: the least a Vert.x server has to do
 * for each benchmarked path, on the same PostgreSQL, pool size and number of event loops.
 *
 * <ul>
 *   <li>{@code GET /e/:id}: ONE prepared query (the event row with its seat count) and ONE
 *       Handlebars template, compiled once at start, of about the size of Convene's event page;
 *   <li>{@code GET /plain}: "ok", no database (what a 304 costs at least);
 *   <li>{@code POST /rsvp/:id}: reads {name, email} (JSON) and runs ONE guarded statement in
 *       autocommit: the counter goes up only while below the cap, the RSVP row only if it did;
 *       201, or 409 when full or the email already answered.
 * </ul>
 *
 * <p>Usage: {@code BareServer httpPort pgPort database templateFile}; tables: bench/run.sh.
 */
public final class BareServer {
  private static final String EVENT_SQL = """
      SELECT e.title, e.group_slug, e.group_name, e.description_md, e.description_html, e.venue,
             e.starts_at, e.ends_at, e.time_zone, c.cap, c.taken
      FROM bare_event e JOIN bare_counter c ON c.id = e.id WHERE e.id = $1""";
  private static final String RSVP_SQL = """
      WITH s AS (UPDATE bare_counter SET taken = taken + 1 WHERE id = $1 AND taken < cap
                 RETURNING id)
      INSERT INTO bare_rsvp (counter_id, email, name) SELECT id, $2, $3 FROM s""";
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEE d MMM uuuu, HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");
  private static final DateTimeFormatter UTC_STAMP = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'");
  private static final List<Map<String, String>> GOALS = List.of(
      Map.of("value", "find_mentor", "label", "Looking for a mentor"),
      Map.of("value", "offer_mentoring", "label", "Happy to mentor"),
      Map.of("value", "hiring", "label", "Hiring"),
      Map.of("value", "job_seeking", "label", "Looking for a job"),
      Map.of("value", "find_collaborators", "label", "Looking for collaborators"),
      Map.of("value", "exploring", "label", "Exploring the field"));

  private BareServer() {}

  public static void main(String[] args) throws Exception {
    int httpPort = Integer.parseInt(args[0]);
    int pgPort = Integer.parseInt(args[1]);
    String database = args[2];
    Template page = new Handlebars().compileInline(Files.readString(Path.of(args[3])));
    // as Convene (App.start): one Vert.x, one shared pool of 16, one HTTP server per core (max 4)
    int instances = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    int poolSize = Integer.parseInt(System.getProperty("bare.pool", "16"));
    Vertx vertx = Vertx.vertx();
    Pool pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(poolSize).setMaxWaitQueueSize(4000))
        .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(pgPort)
            .setDatabase(database).setUser("postgres").setPassword("postgres")
            .setCachePreparedStatements(true).setPipeliningLimit(16))
        .using(vertx)
        .build();
    vertx.deployVerticle(() -> new Http(httpPort, pool, page),
            new DeploymentOptions().setInstances(instances))
        .await(30, TimeUnit.SECONDS);
    System.out.println("bare server on port " + httpPort + " (" + instances + " instances, pool "
        + poolSize + ")");
  }

  static final class Http extends VerticleBase {
    private final int port;
    private final Pool pool;
    private final Template page;

    Http(int port, Pool pool, Template page) {
      this.port = port;
      this.pool = pool;
      this.page = page;
    }

    @Override
    public Future<?> start() {
      return vertx.createHttpServer(new HttpServerOptions().setPort(port).setTcpNoDelay(true))
          .requestHandler(this::handle)
          .listen();
    }

    private void handle(HttpServerRequest req) {
      String path = req.path();
      if (path.equals("/plain")) {
        req.response().putHeader("Content-Type", "text/plain; charset=utf-8").end("ok");
      } else if (path.startsWith("/e/") && req.method().name().equals("GET")) {
        event(req, path.substring(3));
      } else if (path.startsWith("/rsvp/") && req.method().name().equals("POST")) {
        rsvp(req, path.substring(6));
      } else {
        req.response().setStatusCode(404).end();
      }
    }

    /** The id in the path, or null after answering 404. */
    private static Integer id(HttpServerRequest req, String text) {
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        req.response().setStatusCode(404).end();
        return null;
      }
    }

    private void event(HttpServerRequest req, String idText) {
      Integer id = id(req, idText);
      if (id == null) return;
      pool.preparedQuery(EVENT_SQL).execute(Tuple.of(id)).onComplete(ar -> {
        if (ar.failed()) {
          req.response().setStatusCode(500).end(String.valueOf(ar.cause()));
          return;
        }
        if (ar.result().size() == 0) {
          req.response().setStatusCode(404).end();
          return;
        }
        try {
          String html = page.apply(model(id, ar.result().iterator().next()));
          req.response().putHeader("Content-Type", "text/html; charset=utf-8")
              .putHeader("Cache-Control", "no-store").end(html);
        } catch (Exception e) {
          req.response().setStatusCode(500).end(String.valueOf(e));
        }
      });
    }

    private static Map<String, Object> model(int id, Row r) {
      ZoneId zone = ZoneId.of(r.getString("time_zone"));
      ZonedDateTime start = r.getLocalDateTime("starts_at").atZone(zone);
      ZonedDateTime end = r.getLocalDateTime("ends_at").atZone(zone);
      String when = DAY.format(start) + "–" + HOUR.format(end) + " (" + zone.getId() + " time)";
      String title = r.getString("title");
      String md = r.getString("description_md");
      String venue = r.getString("venue");
      String startUtc = UTC_STAMP.format(start.withZoneSameInstant(ZoneId.of("UTC")));
      String endUtc = UTC_STAMP.format(end.withZoneSameInstant(ZoneId.of("UTC")));
      String self = "http://localhost/e/" + id;
      Map<String, Object> m = new HashMap<>();
      m.put("id", id);
      m.put("title", title);
      m.put("group", r.getString("group_slug"));
      m.put("groupName", r.getString("group_name"));
      m.put("descriptionHtml", r.getString("description_html"));
      m.put("venue", venue);
      m.put("timeZone", zone.getId());
      m.put("when", when);
      m.put("startsUtc", start.toInstant().toString());
      m.put("endsUtc", end.toInstant().toString());
      int cap = r.getInteger("cap");
      m.put("capacity", cap);
      m.put("seatsLeft", cap - r.getInteger("taken"));
      m.put("csrf", "bare-" + Long.toHexString(System.nanoTime()));
      m.put("goals", GOALS);
      m.put("googleUrl", "https://calendar.google.com/calendar/render?action=TEMPLATE&text="
          + enc(title) + "&dates=" + startUtc + "/" + endUtc + "&ctz=" + enc(zone.getId())
          + "&details=" + enc(md + "\n\n" + self) + "&location=" + enc(venue));
      m.put("outlookUrl", "https://outlook.live.com/calendar/0/deeplink/compose?subject="
          + enc(title) + "&startdt=" + enc(start.toInstant().toString()) + "&enddt="
          + enc(end.toInstant().toString()) + "&body=" + enc(md + "\n\n" + self)
          + "&location=" + enc(venue));
      return m;
    }

    private static String enc(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void rsvp(HttpServerRequest req, String idText) {
      Integer id = id(req, idText);
      if (id == null) return;
      req.body().onComplete(b -> {
        if (b.failed()) {
          req.response().setStatusCode(400).end();
          return;
        }
        JsonObject in;
        try {
          in = b.result().toJsonObject();
        } catch (RuntimeException e) {
          req.response().setStatusCode(400).end();
          return;
        }
        String email = in.getString("email");
        String name = in.getString("name");
        if (email == null || name == null) {
          req.response().setStatusCode(400).end();
          return;
        }
        pool.preparedQuery(RSVP_SQL).execute(Tuple.of(id, email, name)).onComplete(ar -> {
          if (ar.failed() && ar.cause() instanceof io.vertx.pgclient.PgException pg
              && "23505".equals(pg.getSqlState())) {
            // the email already answered: the whole statement (the counter too) rolled back
            req.response().setStatusCode(409).end();
          } else if (ar.failed()) {
            req.response().setStatusCode(500).end(String.valueOf(ar.cause()));
          } else if (ar.result().rowCount() == 0) {
            req.response().setStatusCode(409).putHeader("Content-Type", "application/json")
                .end("{\"error\":\"full_or_already_registered\"}");
          } else {
            req.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                .end("{\"status\":\"going\"}");
          }
        });
      });
    }
  }
}
