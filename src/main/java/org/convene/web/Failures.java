package org.convene.web;

import io.vertx.core.VertxException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
import java.net.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler: JSON {"error", "details"} under /api, a friendly page elsewhere.
 * A client never sees a stack trace; unexpected failures are logged here with theirs.
 */
public final class Failures {
  private static final Logger log = LoggerFactory.getLogger(Failures.class);
  private final Views views;

  public Failures(Views views) {
    this.views = views;
  }

  public void handle(RoutingContext ctx) {
    if (ctx.response().ended()) return;
    HttpError error = classify(ctx);
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if (error.status() == 405) ctx.response().putHeader("Allow", "GET, POST");
    if (error.status() == 503) ctx.response().putHeader("Retry-After", "5");
    if (ctx.request().path().startsWith("/api/")) {
      ctx.response().setStatusCode(error.status())
          .putHeader("Content-Type", "application/json; charset=utf-8")
          .putHeader("Cache-Control", "no-store")
          .end(new JsonObject().put("error", error.code()).put("message", error.getMessage())
              .put("details", error.details()).encode());
      return;
    }
    JsonObject model = new JsonObject()
        .put("title", titleFor(error.status()))
        .put("status", error.status())
        .put("message", error.getMessage());
    views.render(ctx, error.status(), "error", model).onFailure(e -> {
      log.error("Error page failed to render", e);
      if (!ctx.response().ended()) {
        ctx.response().setStatusCode(error.status())
            .putHeader("Content-Type", "text/plain; charset=utf-8").end(error.getMessage());
      }
    });
  }

  private HttpError classify(RoutingContext ctx) {
    Throwable t = ctx.failure();
    if (t instanceof HttpError e) return e;
    if (t instanceof DecodeException) {
      return new HttpError(400, "invalid_json", "The body is not valid JSON.");
    }
    if (t == null || ctx.statusCode() > 0 && ctx.statusCode() < 500) {
      return fromStatus(ctx.statusCode());
    }
    if (databaseUnavailable(t)) {
      log.warn("Database unavailable: {}", RequestLog.scrub(t.toString()));
      return new HttpError(503, "unavailable",
          "We are briefly unavailable. Please try again in a few seconds.");
    }
    log.error("Unexpected failure on {} {}", ctx.request().method(),
        RequestLog.redact(ctx.request().path()), RequestLog.scrubbed(t));
    return new HttpError(500, "internal_error",
        "Something went wrong on our side. Please try again.");
  }

  static boolean databaseUnavailable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ConnectException) return true;
      if (c instanceof PgException pg && pg.getSqlState() != null
          && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
        return true;
      }
      if (c instanceof VertxException && c.getMessage() != null) {
        String m = c.getMessage().toLowerCase();
        if (m.contains("connection") || m.contains("closed") || m.contains("timeout")) return true;
      }
      if (c instanceof java.util.concurrent.TimeoutException) return true;
    }
    return false;
  }

  private static HttpError fromStatus(int status) {
    return switch (status) {
      case 400 -> new HttpError(400, "bad_request", "That request was not understood.");
      case 401 -> HttpError.unauthorized();
      case 403 -> HttpError.forbidden();
      case 405 -> new HttpError(405, "method_not_allowed", "That method is not allowed here.");
      case 413 -> new HttpError(413, "too_large", "That request is too large.");
      case 415 -> new HttpError(415, "unsupported_media_type", "Send the body as application/json.");
      case 429 -> new HttpError(429, "rate_limited", "Too many attempts. Please wait a minute.");
      case -1, 404 -> HttpError.notFound();
      default -> new HttpError(status >= 400 && status < 600 ? status : 500, "error",
          "That did not work.");
    };
  }

  private static String titleFor(int status) {
    return switch (status) {
      case 404 -> "Page not found";
      case 403 -> "Not allowed";
      case 429 -> "Slow down";
      case 503 -> "Back in a moment";
      default -> status >= 500 ? "Something went wrong" : "That did not work";
    };
  }
}
