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

  // NUL and the other C0 controls (but tab and line breaks), DEL, and the C1 controls:
  // PostgreSQL refuses NUL in text, and none of them belongs in a name, an address or a title.
  private static final Pattern CONTROL = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F]");

  // Compiled once: String.replaceAll compiles its pattern on every call, and clean() runs for
  // every field of every form (a tenth of an RSVP's event-loop time went to regex, JFR spread phase).
  private static final Pattern CONTROL_BUT_BREAKS = Pattern.compile("[\\p{Cntrl}&&[^\\n\\t]]");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private Fields() {}

  /** True when the text, or any string inside a JSON value, holds a character no field can hold. */
  public static boolean hasControlCharacters(Object value) {
    if (value instanceof String s) return CONTROL.matcher(s).find();
    if (value instanceof io.vertx.core.json.JsonObject o) {
      for (String k : o.fieldNames()) {
        if (hasControlCharacters(k) || hasControlCharacters(o.getValue(k))) return true;
      }
    }
    if (value instanceof io.vertx.core.json.JsonArray a) {
      for (Object v : a) if (hasControlCharacters(v)) return true;
    }
    return false;
  }

  /** Lower-cased, trimmed address, or null when it is not an address. */
  public static String normalizeEmail(String raw) {
    if (raw == null) return null;
    String e = raw.trim().toLowerCase(Locale.ROOT);
    if (e.length() > 254 || CONTROL.matcher(e).find() || !EMAIL.matcher(e).matches()) return null;
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
    String s = CONTROL_BUT_BREAKS.matcher(raw).replaceAll("").trim();
    return s.isEmpty() ? null : s;
  }

  /** A single line: clean() with line breaks folded to spaces. */
  public static String line(String raw) {
    String s = clean(raw);
    return s == null ? null : SPACES.matcher(s).replaceAll(" ");
  }

  /**
   * A path on this server that is safe to redirect to after login, or null. Parsed, not
   * pattern-matched: browsers drop tabs and line breaks and read a backslash as a slash, so
   * "/\tevil.example" or "/\\evil.example" would leave the site.
   */
  public static String localPath(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.length() > 2000) {
      return null;
    }
    for (int i = 0; i < next.length(); i++) {
      char c = next.charAt(i);
      if (c <= 0x20 || c == 0x7F || c == '\\' || Character.isWhitespace(c)) return null;
    }
    URI u;
    try {
      u = new URI(next);
    } catch (Exception e) {
      return null;
    }
    if (u.isAbsolute() || u.getRawAuthority() != null || u.getRawPath() == null
        || !u.getRawPath().startsWith("/") || u.getRawPath().startsWith("//")) {
      return null;
    }
    String decoded = u.getPath();
    if (decoded == null || decoded.startsWith("//") || decoded.contains("\\")
        || CONTROL.matcher(decoded).find() || decoded.chars().anyMatch(Character::isWhitespace)) {
      return null;
    }
    return next;
  }
}
