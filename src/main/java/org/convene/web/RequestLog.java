package org.convene.web;

import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request: method, path, status, milliseconds. Paths that carry a secret (manage
 * links, feed tokens) are redacted and query strings are dropped, so logs hold no tokens or emails.
 */
public final class RequestLog {
  private static final Logger log = LoggerFactory.getLogger("convene.access");
  private static final Pattern SECRET_SEGMENT = Pattern.compile(
      "^(/r|/feeds|/api/v1/rsvps|/c|/checkin)/[^/]+");

  private RequestLog() {}

  public static void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    String method = ctx.request().method().name();
    String path = redact(ctx.request().path());
    ctx.addEndHandler(done -> log.info("{} {} {} {}ms", method, path,
        ctx.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000));
    ctx.next();
  }

  public static String redact(String path) {
    if (path == null) return "";
    return SECRET_SEGMENT.matcher(path).replaceFirst("$1/…");
  }
}
