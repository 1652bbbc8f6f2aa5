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

  private static final Pattern EMAIL = Pattern.compile("[^\\s@<>()\"',;:=\\[\\]]+@[A-Za-z0-9.-]+");
  private static final Pattern TOKEN = Pattern.compile("cvn_[A-Za-z0-9_-]+");

  /** Text bound for the log with email addresses and API tokens blotted out. */
  public static String scrub(String text) {
    if (text == null) return null;
    return TOKEN.matcher(EMAIL.matcher(text).replaceAll("<email>")).replaceAll("cvn_…");
  }

  /**
   * A copy of a failure fit for the log: same types and stack traces, scrubbed messages. Database
   * errors quote the values they refused ("Key (email)=(…) already exists").
   */
  public static Throwable scrubbed(Throwable t) {
    return scrubbed(t, 0);
  }

  private static Throwable scrubbed(Throwable t, int depth) {
    Throwable cause = t.getCause() == null || t.getCause() == t || depth > 8
        ? null : scrubbed(t.getCause(), depth + 1);
    Throwable copy = new LoggedFailure(t.getClass().getName()
        + (t.getMessage() == null ? "" : ": " + scrub(t.getMessage())), cause);
    copy.setStackTrace(t.getStackTrace());
    return copy;
  }

  /** Stands in for the original exception in the log. */
  static final class LoggedFailure extends RuntimeException {
    LoggedFailure(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public String toString() {
      return getMessage();
    }
  }

  public static String redact(String path) {
    if (path == null) return "";
    return SECRET_SEGMENT.matcher(path).replaceFirst("$1/…");
  }
}
