package org.convene.web;

import org.convene.core.Problem;
import io.vertx.core.VertxException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;
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
    Answer answer = classify(ctx);
    Problem error = answer.problem();
    int status = answer.status();
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if (status == 405) ctx.response().putHeader("Allow", "GET, POST");
    if (status == 503) ctx.response().putHeader("Retry-After", "5");
    if (ctx.request().path().startsWith("/api/")) {
      ctx.response().setStatusCode(status)
          .putHeader("Content-Type", "application/json; charset=utf-8")
          .putHeader("Cache-Control", "no-store")
          .end(new JsonObject().put("error", error.code()).put("message", error.getMessage())
              .put("details", error.details()).encode());
      return;
    }
    JsonObject model = new JsonObject()
        .put("title", titleFor(status))
        .put("status", status)
        .put("message", error.getMessage());
    views.render(ctx, status, "error", model).onFailure(e -> {
      log.error("Error page failed to render", e);
      if (!ctx.response().ended()) {
        ctx.response().setStatusCode(status)
            .putHeader("Content-Type", "text/plain; charset=utf-8").end(error.getMessage());
      }
    });
  }

  private Answer classify(RoutingContext ctx) {
    Throwable t = ctx.failure();
    if (t instanceof Problem e) return Answer.of(e);
    if (t instanceof DecodeException) {
      return Answer.of(new Problem(Problem.Kind.BAD_REQUEST, "invalid_json",
          "The body is not valid JSON."));
    }
    if (t == null || ctx.statusCode() > 0 && ctx.statusCode() < 500) {
      return fromStatus(ctx.statusCode());
    }
    if (databaseUnavailable(t)) {
      log.warn("Database unavailable: {}", RequestLog.scrub(t.toString()));
      return Answer.of(new Problem(Problem.Kind.UNAVAILABLE, "unavailable",
          "We are briefly unavailable. Please try again in a few seconds."));
    }
    log.error("Unexpected failure on {} {}", ctx.request().method(),
        RequestLog.redact(ctx.request().path()), RequestLog.scrubbed(t));
    return Answer.of(new Problem(Problem.Kind.INTERNAL, "internal_error",
        "Something went wrong on our side. Please try again."));
  }

  static boolean databaseUnavailable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      // refused, reset, a broken pipe or closed under us: PostgreSQL restarting, a failover, a
      // network blip. Any I/O failure counts: the only I/O a handler waits on is the database's
      // (a client that went away cannot be answered anyway).
      if (c instanceof java.io.IOException) return true;
      // 08: connection exceptions; 57P: shutting down / cannot connect now; 53: out of resources
      // (too many connections, out of memory); 40001/40P01 are retried by the stores themselves
      if (c instanceof PgException pg && pg.getSqlState() != null
          && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P")
              || pg.getSqlState().startsWith("53"))) {
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

  /** What the client is told: the problem, and its HTTP status. */
  private record Answer(Problem problem, int status) {
    static Answer of(Problem p) {
      return new Answer(p, statusOf(p.kind()));
    }
  }

  /**
   * A status Vert.x set itself (no route, wrong method, body too large, ...). The ones with no
   * kind of their own (414, 431, ...) keep their status.
   */
  private static Answer fromStatus(int status) {
    Problem p = switch (status) {
      case 400 -> new Problem(Problem.Kind.BAD_REQUEST, "bad_request", "That request was not understood.");
      case 401 -> Problem.unauthorized();
      case 403 -> Problem.forbidden();
      case 405 -> new Problem(Problem.Kind.METHOD_NOT_ALLOWED, "method_not_allowed", "That method is not allowed here.");
      case 413 -> new Problem(Problem.Kind.TOO_LARGE, "too_large", "That request is too large.");
      case 415 -> new Problem(Problem.Kind.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "Send the body as application/json.");
      case 429 -> new Problem(Problem.Kind.RATE_LIMITED, "rate_limited", "Too many attempts. Please wait a minute.");
      case -1, 404 -> Problem.notFound();
      default -> null;
    };
    if (p != null) return Answer.of(p);
    boolean server = status >= 500 && status < 600;
    return new Answer(new Problem(server ? Problem.Kind.INTERNAL : Problem.Kind.BAD_REQUEST,
        "error", "That did not work."), status >= 400 && status < 600 ? status : 500);
  }

  /** The one place where a problem's kind becomes an HTTP status. */
  public static int statusOf(Problem.Kind kind) {
    return switch (kind) {
      case BAD_REQUEST, INVALID -> 400;
      case UNAUTHORIZED -> 401;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case METHOD_NOT_ALLOWED -> 405;
      case CONFLICT -> 409;
      case GONE -> 410;
      case TOO_LARGE -> 413;
      case UNSUPPORTED_MEDIA_TYPE -> 415;
      case RATE_LIMITED -> 429;
      case UNAVAILABLE -> 503;
      case INTERNAL -> 500;
      case UNPROCESSABLE -> 422;
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
