package org.convene.people;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * vCard 4.0 (RFC 6350) for the people download: CRLF line ends, text escaping (3.4) and lines
 * folded at 75 octets without splitting a UTF-8 character (3.2). Only what the viewer may see is
 * handed in; this class adds nothing.
 */
public final class Vcard {
  private final StringBuilder out = new StringBuilder();

  /** One contact as the viewer may see it; null fields are left out. */
  public record Contact(String uid, String name, String email, String company, String headline,
                        String url, String note, List<String> categories) {}

  public static String of(List<Contact> contacts) {
    Vcard v = new Vcard();
    for (Contact c : contacts) v.add(c);
    return v.out.toString();
  }

  private void add(Contact c) {
    line("BEGIN:VCARD");
    line("VERSION:4.0");
    line("PRODID:-//Convene//People//EN");
    line("KIND:individual");
    if (c.uid() != null) line("UID:" + c.uid());
    line("FN:" + text(c.name()));
    line("N:" + structuredName(c.name()));
    if (c.email() != null) line("EMAIL;TYPE=work:" + text(c.email()));
    if (c.company() != null) line("ORG:" + text(c.company()));
    if (c.headline() != null) line("TITLE:" + text(c.headline()));
    if (c.url() != null) line("URL:" + noBreaks(c.url()));
    if (c.categories() != null && !c.categories().isEmpty()) {
      StringBuilder cats = new StringBuilder();
      for (String t : c.categories()) {
        if (cats.length() > 0) cats.append(',');
        cats.append(text(t));
      }
      line("CATEGORIES:" + cats);
    }
    if (c.note() != null) line("NOTE:" + text(c.note()));
    line("END:VCARD");
  }

  /** N is family;given;additional;prefix;suffix. We only know a full name: last word is family. */
  static String structuredName(String full) {
    String name = full == null ? "" : full.trim();
    int space = name.lastIndexOf(' ');
    if (space < 0) return ";" + text(name) + ";;;";
    return text(name.substring(space + 1)) + ";" + text(name.substring(0, space)) + ";;;";
  }

  /** RFC 6350 3.4: backslash, comma, semicolon and newlines are escaped in text values. */
  static String text(String s) {
    if (s == null) return "";
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '\\' -> b.append("\\\\");
        case ',' -> b.append("\\,");
        case ';' -> b.append("\\;");
        case '\n' -> b.append("\\n");
        case '\r' -> { }
        default -> b.append(ch);
      }
    }
    return b.toString();
  }

  private static String noBreaks(String s) {
    return s.replace("\r", "").replace("\n", "");
  }

  /** Writes one content line, folded so no physical line exceeds 75 octets (RFC 6350 3.2). */
  private void line(String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    int limit = 75;
    int start = 0;
    boolean first = true;
    while (bytes.length - start > limit) {
      int end = start + limit;
      // never cut inside a UTF-8 sequence: continuation bytes look like 10xxxxxx
      while ((bytes[end] & 0xC0) == 0x80) end--;
      if (!first) out.append(' ');
      out.append(new String(bytes, start, end - start, StandardCharsets.UTF_8)).append("\r\n");
      start = end;
      first = false;
      limit = 74; // the leading space of a continuation line counts
    }
    if (!first) out.append(' ');
    out.append(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8)).append("\r\n");
  }
}
