package org.convene.rsvp;

import java.util.List;

/**
 * The organizer's attendee export. Cells that a spreadsheet would run as a formula (starting
 * with = + - @, tab or carriage return) get a leading apostrophe (OWASP CSV injection advice).
 */
public final class AttendeeCsv {
  private AttendeeCsv() {}

  /** The first line, after a byte-order mark so Excel opens the file as UTF-8. */
  public static String header() {
    StringBuilder sb = new StringBuilder();
    sb.append('\uFEFF');
    row(sb, "Name", "Email", "Status", "Guests", "Waitlist position", "Listed", "Shares email",
        "Headline", "Company", "Profile link", "Goals", "Topics", "Checked in at", "Answered at");
    return sb.toString();
  }

  /** Lines for these RSVPs, so a long list can be written a page at a time. */
  public static String rows(List<Rsvp> list) {
    StringBuilder sb = new StringBuilder();
    for (Rsvp r : list) {
      row(sb, r.name(), r.email(), r.status(), Integer.toString(r.guests()),
          r.waitlistPosition() == null ? "" : r.waitlistPosition().toString(),
          r.profile().listed() ? "yes" : "no", r.profile().shareEmail() ? "yes" : "no",
          r.profile().headline(), r.profile().company(), r.profile().url(),
          String.join(" ", r.profile().goals()), String.join(", ", r.profile().topics()),
          r.checkedInAt() == null ? "" : r.checkedInAt().toString(), r.createdAt().toString());
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, String... cells) {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) sb.append(',');
      sb.append(cell(cells[i]));
    }
    sb.append("\r\n");
  }

  static String cell(String raw) {
    String s = raw == null ? "" : raw;
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) s = "'" + s;
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
