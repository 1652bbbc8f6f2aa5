package org.convene.web;

import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;
import org.convene.core.Redact;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request: method, path, status, milliseconds. Paths that carry a secret (manage
 * links, feed tokens) are redacted and query strings are dropped, so logs hold no tokens or emails.
 */
public final class RequestLog {
  private static final Logger log = LoggerFactory.getLogger("convene.access");
  private static final Pattern SECRET_SEGMENT = Pattern.compile(
      "^(/r|/feeds|/api/v1/rsvps|/c|/checkin|/u|/m|/api/v1/connect-requests|/api/v1/members)/[^/]+");

  private RequestLog() {}

  public static void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    String method = ctx.request().method().name();
    String path = redact(ctx.request().path());
    ctx.addEndHandler(done -> log.info("{} {} {} {}ms", method, path,
        ctx.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000));
    ctx.next();
  }

  /** The same line for an answer given without routing (see Shortcut). */
  public static void answered(String method, String path, int status, long startNanos) {
    log.info("{} {} {} {}ms", method, redact(path), status, (System.nanoTime() - startNanos) / 1_000_000);
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
    if (path == null) return "";
    return SECRET_SEGMENT.matcher(path).replaceFirst("$1/…");
  }
}
