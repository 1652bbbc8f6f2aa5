package org.convene.rsvp;

import java.util.ArrayList;
import java.util.List;
import org.convene.events.Question;

/**
 * The organizer's attendee export. Cells that a spreadsheet would run as a formula (starting
 * with = + - @, tab or carriage return) get a leading apostrophe (OWASP CSV injection advice).
 */
public final class AttendeeCsv {
  private AttendeeCsv() {}

  /**
   * The first line, after a byte-order mark so Excel opens the file as UTF-8: the fixed columns,
   * then one per question of the event, headed by the question.
   */
  public static String header(List<Question> questions) {
    StringBuilder sb = new StringBuilder();
    sb.append('\uFEFF');
    List<String> cells = new ArrayList<>(List.of("Name", "Email", "Status", "Guests",
        "Waitlist position", "Listed", "Shares email", "Headline", "Company", "Profile link",
        "Goals", "Topics", "Checked in at", "Answered at"));
    questions.forEach(q -> cells.add(q.label()));
    row(sb, cells.toArray(new String[0]));
    return sb.toString();
  }

  /** Lines for these RSVPs, so a long list can be written a page at a time. */
  public static String rows(List<Rsvp> list, List<Question> questions) {
    StringBuilder sb = new StringBuilder();
    for (Rsvp r : list) {
      List<String> cells = new ArrayList<>(List.of(r.name(), r.email(), r.status(),
          Integer.toString(r.guests()),
          r.waitlistPosition() == null ? "" : r.waitlistPosition().toString(),
          r.profile().listed() ? "yes" : "no", r.profile().shareEmail() ? "yes" : "no",
          nz(r.profile().headline()), nz(r.profile().company()), nz(r.profile().url()),
          String.join(" ", r.profile().goals()), String.join(", ", r.profile().topics()),
          r.checkedInAt() == null ? "" : r.checkedInAt().toString(), r.createdAt().toString()));
      for (Question q : questions) cells.add(q.shown(r.answers().getValue(q.id())));
      row(sb, cells.toArray(new String[0]));
    }
    return sb.toString();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
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
