package org.convene.web;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Strong ETags and the If-None-Match test, for every answer that can be revalidated. */
public final class ETags {
  private ETags() {}

  /** {@code "kind-<128 bits of SHA-256>"} over {@code data}. */
  public static String strong(String kind, byte[] data) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(data);
      return "\"" + kind + "-" + HexFormat.of().formatHex(d, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** RFC 9110 13.1.2: a list of tags (weak comparison) or "*". */
  public static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) return false;
    if (ifNoneMatch.equals(etag)) return true;  // what a calendar app sends back, every poll
    for (String tag : ifNoneMatch.split(",")) {
      String t = tag.trim();
      if (t.startsWith("W/")) t = t.substring(2);
      if (t.equals("*") || t.equals(etag)) return true;
    }
    return false;
  }
}
