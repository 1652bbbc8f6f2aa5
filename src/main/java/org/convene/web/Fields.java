package org.convene.web;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/** Field rules shared by several features: emails, links, lengths. No I/O. */
public final class Fields {
  // Deliberately simple: one @, no spaces or angle brackets, a dot in the domain. The real test
  // of an address is the mail we send to it.
  private static final Pattern EMAIL = Pattern.compile(
      "^[^@\\s<>()\\[\\],;:\"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
          + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$");

  private Fields() {}

  /** Lower-cased, trimmed address, or null when it is not an address. */
  public static String normalizeEmail(String raw) {
    if (raw == null) return null;
    String e = raw.trim().toLowerCase(Locale.ROOT);
    if (e.length() > 254 || !EMAIL.matcher(e).matches()) return null;
    return e;
  }

  /** True for absolute http(s) links with a host: no javascript:, data: or relative tricks. */
  public static boolean isWebLink(String raw) {
    if (raw == null || raw.length() > 2000) return false;
    try {
      URI u = new URI(raw.trim());
      String scheme = u.getScheme();
      return scheme != null
          && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          && u.getHost() != null && !u.getHost().isBlank();
    } catch (Exception e) {
      return false;
    }
  }

  /** Trimmed text, or null when blank; control characters other than newlines and tabs removed. */
  public static String clean(String raw) {
    if (raw == null) return null;
    String s = raw.replaceAll("[\\p{Cntrl}&&[^\\n\\t]]", "").replace("\r", "").trim();
    return s.isEmpty() ? null : s;
  }

  /** A single line: clean() with line breaks folded to spaces. */
  public static String line(String raw) {
    String s = clean(raw);
    return s == null ? null : s.replaceAll("\\s+", " ");
  }

  /** A local path that is safe to redirect to after login (no scheme, no //host). */
  public static String localPath(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) {
      return null;
    }
    return next;
  }
}
