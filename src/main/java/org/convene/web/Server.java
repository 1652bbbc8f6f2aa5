package org.convene.web;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.convene.core.Config;
import org.convene.core.Problem;

/**
 * One HTTP server instance (deployed once per core). It owns no state: the routes it mounts
 * share the pool, and everything instances must agree on lives in PostgreSQL.
 */
public final class Server extends VerticleBase {
  /** Pages whose URL carries a private token: a link they contain must not send it on. */
  private final Config config;
  private final String metricsRegistry;
  private final Csrf csrf;
  private final Failures failures;
  private final Health health;
  private final Consumer<Router> features;
  private final java.util.List<Shortcut> shortcuts;
  /** Connections waiting for a request head, and until when (System.nanoTime()). */
  private final Map<HttpConnection, Long> headerDeadlines = new HashMap<>();
  private long headerSweep = -1;
  private HttpServer server;
  private Router router;

  public Server(Config config, String metricsRegistry, Csrf csrf, Failures failures,
                Health health, Consumer<Router> features, java.util.List<Shortcut> shortcuts) {
    this.shortcuts = java.util.List.copyOf(shortcuts);
    this.config = config;
    this.metricsRegistry = metricsRegistry;
    this.csrf = csrf;
    this.failures = failures;
    this.health = health;
    this.features = features;
  }

  @Override
  public Future<?> start() {
    Config.Limits limits = config.limits();
    Router r = Router.router(vertx);
    r.route().handler(RequestLog::handle);
    // the next request on this connection gets the same time to send its headers
    r.route().handler(ctx -> {
      HttpConnection conn = ctx.request().connection();
      ctx.addEndHandler(v -> awaitHeaders(conn));
      ctx.next();
    });
    r.route().handler(this::securityHeaders);
    r.route().handler(InputGuard::checkPathAndQuery);
    r.get("/health").handler(health::alive);
    r.get("/ready").handler(health::ready);
    if (config.metricsToken() != null) {
      r.get("/metrics").handler(this::metricsToken)
          .handler(PrometheusScrapingHandler.create(metricsRegistry));
    }
    r.get("/openapi.yaml").handler(this::openApi);
    r.route("/static/*").handler(StaticHandler.create("webroot").setMaxAgeSeconds(3600));
    r.route().handler(this::bodyDeadline);
    BodyHandler body = BodyHandler.create().setHandleFileUploads(false);
    if (limits.maxBodyBytes() > 0) body.setBodyLimit(limits.maxBodyBytes());
    // An import is the one body bigger than a form; every other path keeps the small limit.
    BodyHandler bulk = BodyHandler.create().setHandleFileUploads(false);
    if (limits.maxImportBytes() > 0) bulk.setBodyLimit(limits.maxImportBytes());
    r.route().handler(ctx -> (isImport(ctx.request().path()) ? bulk : body).handle(ctx));
    r.route().handler(this::bodyReceived);
    r.route().handler(InputGuard::checkForm);
    if (limits.maxFormFieldBytes() > 0) r.route().handler(this::formFieldLimit);
    r.post().handler(ctx -> {
      if (ctx.request().path().startsWith("/api/")) ctx.next();
      else csrf.verify(ctx);
    });
    features.accept(r);
    r.route().handler(ctx -> ctx.fail(Problem.notFound()));
    r.route().failureHandler(failures::handle);
    router = r;

    // No h2c: while it is on, Vert.x holds a new connection back until it has seen whether the
    // bytes are HTTP/2, and the header deadline below could not start at the connection's start
    HttpServerOptions options = new HttpServerOptions().setCompressionSupported(false)
        .setHttp2ClearTextEnabled(false);
    if (limits.idleTimeoutSeconds() > 0) {
      options.setIdleTimeout(limits.idleTimeoutSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS);
    }
    if (limits.maxHeaderBytes() > 0) options.setMaxHeaderSize(limits.maxHeaderBytes());
    if (limits.maxFormFieldBytes() > 0) {
      // the pasted CSV of an import is one form field; elsewhere the body limit bounds a field
      options.setMaxFormAttributeSize(Math.max(limits.maxFormFieldBytes(), limits.maxImportBytes()));
    }
    server = vertx.createHttpServer(options);
    server.connectionHandler(this::newConnection);
    int headerSeconds = limits.requestHeaderTimeoutSeconds();
    if (headerSeconds > 0) {
      long every = Math.max(100, Math.min(1000, headerSeconds * 250L));
      headerSweep = vertx.setPeriodic(every, t -> dropSlowHeaders());
    }
    return server.requestHandler(req -> {
      headersArrived(req.connection());
      if (!shortcut(req)) r.handle(req);
    }).listen(config.port());
  }

  /** Every operation mounted, as "METHOD /path/:param" (for the API contract and the fuzz test). */
  public java.util.SortedSet<String> operations() {
    java.util.SortedSet<String> ops = new java.util.TreeSet<>();
    if (router == null) return ops;
    for (io.vertx.ext.web.Route route : router.getRoutes()) {
      String path = route.getPath();
      if (path == null || route.methods() == null) continue;
      for (io.vertx.core.http.HttpMethod m : route.methods()) ops.add(m.name() + " " + path);
    }
    return ops;
  }

  /** Stops taking connections and lets in-flight requests finish (SIGTERM). */
  @Override
  public Future<?> stop() {
    if (headerSweep >= 0) vertx.cancelTimer(headerSweep);
    return server == null ? Future.succeededFuture() : server.shutdown(4, TimeUnit.SECONDS);
  }

  /**
   * A client that sends its request headers a byte at a time (slowloris) resets the idle timer
   * with every byte; this closes its connection once REQUEST_HEADER_TIMEOUT has passed without
   * a whole request head, counted from the connection's start or the previous answer. A deadline
   * in a map and one sweep a second, not a timer per request: setting and cancelling a timer for
   * every request on a kept-alive connection was a tenth of a feed 304's time (JFR).
   */
  private void awaitHeaders(HttpConnection conn) {
    int seconds = config.limits().requestHeaderTimeoutSeconds();
    if (seconds <= 0) return;
    headerDeadlines.put(conn, System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds));
  }

  private void newConnection(HttpConnection conn) {
    conn.closeHandler(v -> headerDeadlines.remove(conn));
    awaitHeaders(conn);
  }

  private void headersArrived(HttpConnection conn) {
    headerDeadlines.remove(conn);
  }

  private void dropSlowHeaders() {
    long now = System.nanoTime();
    var it = headerDeadlines.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      if (now - e.getValue() >= 0) {
        it.remove();
        e.getKey().close();
      }
    }
  }

  /** A body that trickles in past REQUEST_TIMEOUT gets a 408 and its connection is closed. */
  private void bodyDeadline(RoutingContext ctx) {
    int seconds = config.limits().requestTimeoutSeconds();
    if (seconds > 0) {
      long timer = vertx.setTimer(seconds * 1000L, t -> {
        if (!ctx.response().ended() && !ctx.response().headWritten()) {
          ctx.response().setStatusCode(408).putHeader("Connection", "close")
              .putHeader("Content-Type", "text/plain; charset=utf-8")
              .end("The request took too long to arrive.");
        }
        ctx.request().connection().close();
      });
      ctx.put("bodyDeadline", timer);
      ctx.addEndHandler(v -> vertx.cancelTimer(timer));
    }
    ctx.next();
  }

  private void bodyReceived(RoutingContext ctx) {
    Long timer = ctx.get("bodyDeadline");
    if (timer != null) vertx.cancelTimer(timer);
    ctx.next();
  }

  // the office's member list as CSV, pasted into the form or sent to the API
  private static final Pattern IMPORT =
      Pattern.compile("/(api/v1/groups|organize/g)/[^/]+/members/import");

  private static boolean isImport(String path) {
    return IMPORT.matcher(path).matches();
  }

  /** MAX_FORM_FIELD_SIZE for every form but an import's (the server lets one field be bigger). */
  private void formFieldLimit(RoutingContext ctx) {
    if (!isImport(ctx.request().path())) {
      int max = config.limits().maxFormFieldBytes();
      for (Map.Entry<String, String> f : ctx.request().formAttributes()) {
        // a char is at most 3 UTF-8 bytes: only a long field needs counting exactly
        String v = f.getValue();
        if (v != null && v.length() * 3L > max
            && v.getBytes(StandardCharsets.UTF_8).length > max) {
          ctx.fail(413);
          return;
        }
      }
    }
    ctx.next();
  }

  private void metricsToken(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    byte[] given = (header == null ? "" : header).getBytes(StandardCharsets.UTF_8);
    byte[] wanted = ("Bearer " + config.metricsToken()).getBytes(StandardCharsets.UTF_8);
    if (MessageDigest.isEqual(given, wanted)) {
      ctx.next();
    } else {
      ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer")
          .putHeader("Cache-Control", "no-store").end();
    }
  }

  /** Answers from a feature's memory without routing (see Shortcut); false: route it. */
  private boolean shortcut(io.vertx.core.http.HttpServerRequest req) {
    if (shortcuts.isEmpty()) return false;
    long start = System.nanoTime();
    for (Shortcut s : shortcuts) {
      Shortcut.Answer a;
      try {
        a = s.answer(req);
      } catch (RuntimeException e) {
        // a bug in the shortcut; the router still answers the request correctly
        org.slf4j.LoggerFactory.getLogger(Server.class).error("a shortcut failed", e);
        a = null;
      }
      if (a == null) continue;
      var res = req.response();
      securityHeaders(res, req.path());
      CharSequence[] headers = a.headers();
      for (int i = 0; i + 1 < headers.length; i += 2) res.putHeader(headers[i], headers[i + 1]);
      // the next request's head is awaited from this answer on: set before end(), which may
      // dispatch a pipelined request, and with no listener on the write
      awaitHeaders(req.connection());
      res.setStatusCode(a.status()).end();
      RequestLog.answered(req.method().name(), req.path(), a.status(), start);
      return true;
    }
    return false;
  }

  private void securityHeaders(RoutingContext ctx) {
    securityHeaders(ctx.response(), ctx.request().path());
    ctx.next();
  }

  // The same headers on every answer, as Netty's byte strings: checked and encoded byte by byte
  // instead of char by char, which was a quarter of a 304's time (JFR, bench/run.sh feed phase).
  private static final CharSequence NOSNIFF_NAME = HttpHeaders.createOptimized("X-Content-Type-Options");
  private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
  private static final CharSequence REFERRER_NAME = HttpHeaders.createOptimized("Referrer-Policy");
  private static final CharSequence NO_REFERRER = HttpHeaders.createOptimized("no-referrer");
  private static final CharSequence SAME_ORIGIN_REFERRER =
      HttpHeaders.createOptimized("strict-origin-when-cross-origin");
  private static final CharSequence FRAME_NAME = HttpHeaders.createOptimized("X-Frame-Options");
  private static final CharSequence DENY = HttpHeaders.createOptimized("DENY");
  private static final CharSequence CSP_NAME = HttpHeaders.createOptimized("Content-Security-Policy");
  private static final CharSequence CSP = HttpHeaders.createOptimized(
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
          + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
  private static final CharSequence HSTS_NAME = HttpHeaders.createOptimized("Strict-Transport-Security");
  private static final CharSequence HSTS = HttpHeaders.createOptimized("max-age=31536000; includeSubDomains");

  private void securityHeaders(io.vertx.core.http.HttpServerResponse res, String path) {
    boolean privatePath = PrivatePaths.isPrivate(path);
    res.putHeader(NOSNIFF_NAME, NOSNIFF)
        .putHeader(REFERRER_NAME, privatePath ? NO_REFERRER : SAME_ORIGIN_REFERRER)
        .putHeader(FRAME_NAME, DENY)
        .putHeader(CSP_NAME, CSP);
    if (config.secureCookies()) res.putHeader(HSTS_NAME, HSTS);
  }


  /**
   * The API description, with this server's absolute address: OpenAPI allows a relative server
   * URL, but code generators and Vert.x's own contract loader want an absolute one.
   */
  private void openApi(RoutingContext ctx) {
    ctx.vertx().fileSystem().readFile("openapi.yaml")
        .map(buf -> buf.toString(StandardCharsets.UTF_8)
            .replaceFirst("(?m)^- url: /api/v1$", "- url: " + config.baseUrl() + "/api/v1"))
        .onSuccess(yaml -> ctx.response().putHeader("Content-Type", "application/yaml; charset=utf-8")
            .end(yaml))
        .onFailure(ctx::fail);
  }
}
