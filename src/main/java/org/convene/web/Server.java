package org.convene.web;

import org.convene.core.Problem;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One HTTP server instance (deployed once per core). It owns no state: the routes it mounts
 * share the pool, and everything instances must agree on lives in PostgreSQL.
 */
public final class Server extends VerticleBase {
  private final int port;
  private final String metricsRegistry;
  private final Csrf csrf;
  private final Failures failures;
  private final Health health;
  private final Consumer<Router> features;
  private HttpServer server;

  public Server(int port, String metricsRegistry, Csrf csrf, Failures failures, Health health,
                Consumer<Router> features) {
    this.port = port;
    this.metricsRegistry = metricsRegistry;
    this.csrf = csrf;
    this.failures = failures;
    this.health = health;
    this.features = features;
  }

  @Override
  public Future<?> start() {
    Router r = Router.router(vertx);
    r.route().handler(RequestLog::handle);
    r.route().handler(Server::securityHeaders);
    r.get("/health").handler(health::alive);
    r.get("/ready").handler(health::ready);
    r.get("/metrics").handler(PrometheusScrapingHandler.create(metricsRegistry));
    r.get("/openapi.yaml").handler(Server::openApi);
    r.route("/static/*").handler(StaticHandler.create("webroot").setMaxAgeSeconds(3600));
    r.route().handler(BodyHandler.create().setBodyLimit(256 * 1024).setHandleFileUploads(false));
    r.post().handler(ctx -> {
      if (ctx.request().path().startsWith("/api/")) ctx.next();
      else csrf.verify(ctx);
    });
    features.accept(r);
    r.route().handler(ctx -> ctx.fail(Problem.notFound()));
    r.route().failureHandler(failures::handle);

    server = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(false));
    return server.requestHandler(r).listen(port);
  }

  /** Stops taking connections and lets in-flight requests finish (SIGTERM). */
  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.shutdown(4, TimeUnit.SECONDS);
  }

  private static void securityHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "strict-origin-when-cross-origin")
        .putHeader("X-Frame-Options", "DENY")
        .putHeader("Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
    ctx.next();
  }

  private static void openApi(RoutingContext ctx) {
    ctx.vertx().fileSystem().readFile("openapi.yaml")
        .onSuccess(buf -> ctx.response().putHeader("Content-Type", "application/yaml; charset=utf-8")
            .end(buf))
        .onFailure(ctx::fail);
  }
}
