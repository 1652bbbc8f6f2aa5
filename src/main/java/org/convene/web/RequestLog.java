package org.convene.web;

import io.vertx.ext.web.RoutingContext;
import org.convene.core.Redact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request: method, path, status, milliseconds. Paths that carry a secret (manage
 * links, feed tokens) are redacted and query strings are dropped, so logs hold no tokens or emails.
 */
public final class RequestLog {
  private static final Logger log = LoggerFactory.getLogger("convene.access");

  private RequestLog() {}

  public static void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    String method = ctx.request().method().name();
    String path = redact(ctx.request().path());
    ctx.addEndHandler(done -> line(method, path, ctx.response().getStatusCode(), start));
    ctx.next();
  }

  /** The same line for an answer given without routing (see Shortcut). */
  public static void answered(String method, String path, int status, long startNanos) {
    line(method, redact(path), status, startNanos);
  }

  // One StringBuilder instead of a "{} {} {} {}ms" pattern: formatting the pattern was a third of
  // the access log's cost on a feed 304 (JFR, bench/run.sh feed phase).
  private static void line(String method, String path, int status, long startNanos) {
    if (!log.isInfoEnabled()) return;
    log.info(new StringBuilder(method.length() + path.length() + 16).append(method).append(' ')
        .append(path).append(' ').append(status).append(' ')
        .append((System.nanoTime() - startNanos) / 1_000_000).append("ms").toString());
  }

  /** Text bound for the log with email addresses and API tokens blotted out (see Redact). */
  public static String scrub(String text) {
    return Redact.scrub(text);
  }

  /** A copy of a failure fit for the log: same types and stack traces, scrubbed messages. */
  public static Throwable scrubbed(Throwable t) {
    return Redact.scrubbed(t);
  }

  public static String redact(String path) {
    return PrivatePaths.redact(path);
  }
}
