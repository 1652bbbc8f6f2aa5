package org.convene.web;

/**
 * The paths whose second segment is a secret (manage links, feed tokens, check-in codes, member
 * and connection ids): they send no referrer and the log shows "…" for the secret. Prefix checks,
 * not a regular expression: every request asks, a feed 304 included.
 */
final class PrivatePaths {
  private static final String[] PREFIXES = {"/r/", "/c/", "/m/", "/u/", "/feeds/", "/checkin/",
      "/api/v1/rsvps/", "/api/v1/members/", "/api/v1/connect-requests/"};

  private PrivatePaths() {}

  /** The private prefix {@code path} starts with ("/r/"), or null. */
  static String prefix(String path) {
    if (path == null) return null;
    for (String p : PREFIXES) {
      if (path.startsWith(p)) return p;
    }
    return null;
  }

  static boolean isPrivate(String path) {
    return prefix(path) != null;
  }

  /** {@code /r/SECRET/people} as {@code /r/…/people}; other paths as they are. */
  static String redact(String path) {
    if (path == null) return "";
    String p = prefix(path);
    if (p == null) return path;
    int end = path.indexOf('/', p.length());
    if (end < 0) end = path.length();
    if (end == p.length()) return path;  // no secret segment to hide
    return p + "…" + path.substring(end);
  }
}
