package org.convene.core;

import java.util.regex.Pattern;

/**
 * Text bound for the log with email addresses and API tokens blotted out. In core so that every
 * layer can use it: database errors quote the values they refused ("Key (email)=(…) already
 * exists"), SMTP errors quote recipients, and either can surface in any feature's log line.
 */
public final class Redact {
  private static final Pattern EMAIL = Pattern.compile("[^\\s@<>()\"',;:=\\[\\]]+@[A-Za-z0-9.-]+");
  private static final Pattern TOKEN = Pattern.compile("cvn_[A-Za-z0-9_-]+");

  private Redact() {}

  /** a•••@example.org: enough for the owner to recognise, too little to learn an address. */
  public static String maskedEmail(String email) {
    int at = email == null ? -1 : email.indexOf('@');
    return at <= 0 ? "•••" : email.charAt(0) + "•••" + email.substring(at);
  }

  public static String scrub(String text) {
    if (text == null) return null;
    return TOKEN.matcher(EMAIL.matcher(text).replaceAll("<email>")).replaceAll("cvn_…");
  }

  /** A copy of a failure fit for the log: same types and stack traces, scrubbed messages. */
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
}
