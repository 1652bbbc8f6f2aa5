package org.convene.members;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.convene.core.Problem;

/**
 * The office's CSV of members, read and checked (no I/O): a header row {@code name,email,} then
 * any member fields, one member a row. A problem with the whole file (not UTF-8, no header,
 * unknown columns, too many rows, a quote never closed) is a {@link Problem}; a problem with a
 * row is that row's errors, so the preview can show them all at once.
 *
 * <p>What a row does to the member already there is {@link #plan}'s decision: an empty cell
 * never clears anything; the office's file is the truth for a member it imported who has not
 * taken their membership in hand (opened their link), and for everyone else it only fills
 * fields the member left empty.
 */
public final class ImportRules {
  public static final int MAX_ROWS = 10_000;
  public static final List<String> ACTIONS = List.of("create", "update", "unchanged");

  // header names as offices write them (Class Year, class_year, classYear, Profile URL ...),
  // compared without case, spaces, dashes or underscores
  private static final Map<String, String> COLUMNS = Map.ofEntries(
      Map.entry("name", "name"), Map.entry("email", "email"), Map.entry("emailaddress", "email"),
      Map.entry("classyear", "class_year"), Map.entry("programme", "programme"),
      Map.entry("program", "programme"), Map.entry("chapter", "chapter"),
      Map.entry("industry", "industry"), Map.entry("employer", "employer"),
      Map.entry("headline", "headline"), Map.entry("url", "profile_url"),
      Map.entry("profileurl", "profile_url"), Map.entry("goals", "goals"),
      Map.entry("topics", "topics"));
  private static final String KNOWN = "name, email, class_year, programme, chapter, industry,"
      + " employer, headline, url (or profile_url), goals, topics";

  private ImportRules() {}

  /** One data row of the file: what it says (empty cells null) and what is wrong with it. */
  public record Row(int line, String name, String email, MemberRules.Profile profile,
                    JsonObject errors) {
    public boolean valid() {
      return errors.isEmpty();
    }
  }

  /** A member the file names who is already in the group, as the import reads them. */
  public record Existing(String name, String source, boolean verified,
                         MemberRules.Profile profile) {
    /** The office's own entry, not yet taken in hand by the member: the file may correct it. */
    boolean officeOwned() {
      return "imported".equals(source) && !verified;
    }
  }

  /** What the import does with a row: create, update or leave unchanged, with the result. */
  public record Planned(Row row, String action, String name, MemberRules.Profile profile) {}

  /** The whole preview: every row's plan, and the counts per action. */
  public record Preview(List<Planned> rows, int create, int update, int unchanged, int invalid) {
    public boolean valid() {
      return invalid == 0;
    }

    /** The preview as the API answers it. */
    public JsonObject json() {
      JsonArray out = new JsonArray();
      for (Planned p : rows) {
        out.add(new JsonObject().put("line", p.row().line()).put("name", p.row().name())
            .put("email", p.row().email()).put("action", p.action())
            .put("errors", p.row().errors()));
      }
      return new JsonObject().put("rows", out).put("counts", counts());
    }

    public JsonObject counts() {
      return new JsonObject().put("create", create).put("update", update)
          .put("unchanged", unchanged).put("invalid", invalid);
    }
  }

  /** The body as text: UTF-8 only (a byte-order mark is dropped), anything else a 422. */
  public static String text(Buffer body) {
    if (body == null || body.length() == 0) throw fileProblem("empty", "The file is empty.");
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body.getBytes())).toString();
      return s.startsWith("\uFEFF") ? s.substring(1) : s;
    } catch (CharacterCodingException e) {
      throw fileProblem("encoding", "The file is not UTF-8 text. Save it as \"CSV UTF-8\" and"
          + " try again.");
    }
  }

  /** Reads the file's rows, each checked on its own and against the rows before it. */
  public static List<Row> parse(String text) {
    if (text.startsWith("\uFEFF")) text = text.substring(1);
    if (text.isBlank()) throw fileProblem("empty", "The file is empty.");
    int[] lineStarts = lineStarts(text);
    String firstLine = text.substring(0, lineEnd(text));
    // a spreadsheet set to a European locale saves "CSV" with semicolons
    char delimiter = firstLine.indexOf(',') < 0 && firstLine.indexOf(';') >= 0 ? ';' : ',';
    CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter)
        .setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(false).get();
    List<Row> rows = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(text, format)) {
      List<String> columns = null;
      Map<String, Integer> firstLineOf = new HashMap<>();
      for (CSVRecord r : parser) {
        int line = lineOf(lineStarts, r.getCharacterPosition());
        if (blank(r)) continue;
        if (columns == null) {
          columns = header(r);
          continue;
        }
        if (rows.size() == MAX_ROWS) {
          throw new Problem(Problem.Kind.TOO_LARGE, "too_many_rows", "An import takes at most "
              + MAX_ROWS + " members; split the file and import each part.",
              new JsonObject().put("file", "more than " + MAX_ROWS + " rows"));
        }
        rows.add(row(line, columns, r, firstLineOf));
      }
      if (columns == null) throw fileProblem("header", "The first line must be the header:"
          + " name,email, then any member fields.");
    } catch (UncheckedIOException | IOException | IllegalStateException e) {
      throw fileProblem("file", "The file is not valid CSV (" + oneLine(e.getMessage())
          + "). Check for a quote that is never closed.");
    }
    return rows;
  }

  /** The columns the header names, in V14 names; unknown, repeated or missing ones are a 422. */
  static List<String> header(CSVRecord r) {
    List<String> columns = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    List<String> repeated = new ArrayList<>();
    for (String raw : r) {
      String key = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
      String column = COLUMNS.get(key);
      if (column == null) unknown.add(raw == null || raw.isBlank() ? "(an empty column name)" : raw.trim());
      else if (!seen.add(column)) repeated.add(raw.trim());
      columns.add(column);
    }
    JsonObject details = new JsonObject();
    if (!unknown.isEmpty()) {
      details.put("columns", "Unknown column" + (unknown.size() > 1 ? "s: " : ": ")
          + String.join(", ", unknown) + ". The columns are: " + KNOWN + ".");
    }
    if (!repeated.isEmpty()) {
      details.put("repeated", "Named twice: " + String.join(", ", repeated) + ".");
    }
    if (!seen.contains("name") || !seen.contains("email")) {
      details.put("header", "The header must name the columns name and email.");
    }
    if (!details.isEmpty()) {
      throw new Problem(Problem.Kind.UNPROCESSABLE, "invalid_csv_header",
          "The header row needs attention: " + String.join(" ", details.stream()
              .map(e -> (String) e.getValue()).toList()), details);
    }
    return columns;
  }

  private static Row row(int line, List<String> columns, CSVRecord r,
                         Map<String, Integer> firstLineOf) {
    JsonObject errors = new JsonObject();
    if (r.size() != columns.size()) {
      errors.put("values", "This line has " + r.size() + " values; the header names "
          + columns.size() + " columns.");
    }
    Map<String, String> v = new HashMap<>();
    for (int i = 0; i < Math.min(r.size(), columns.size()); i++) v.put(columns.get(i), r.get(i));
    String name = org.convene.web.Fields.line(v.get("name"));
    if (name == null) errors.put("name", "Give the member's name.");
    else if (name.length() > MemberRules.MAX_TEXT) {
      errors.put("name", "Keep the name under " + MemberRules.MAX_TEXT + " characters.");
    }
    String rawEmail = org.convene.web.Fields.line(v.get("email"));
    String email = MemberRules.email(rawEmail, new JsonObject());
    if (rawEmail == null) errors.put("email", "Give the member's email address.");
    else if (email == null) errors.put("email", "\"" + rawEmail + "\" is not an email address.");
    else if (firstLineOf.containsKey(email)) {
      errors.put("email", "This address is already on line " + firstLineOf.get(email)
          + " of the file.");
    } else {
      firstLineOf.put(email, line);
    }
    String rawYear = org.convene.web.Fields.line(v.get("class_year"));
    Integer year = rawYear == null ? null : MemberRules.classYear(rawYear, errors);
    MemberRules.Profile p = new MemberRules.Profile(year,
        MemberRules.text(v.get("programme"), "programme", MemberRules.MAX_TEXT, errors),
        MemberRules.text(v.get("chapter"), "chapter", MemberRules.MAX_TEXT, errors),
        MemberRules.text(v.get("industry"), "industry", MemberRules.MAX_TEXT, errors),
        MemberRules.text(v.get("employer"), "employer", MemberRules.MAX_TEXT, errors),
        MemberRules.text(v.get("headline"), "headline", MemberRules.MAX_HEADLINE, errors),
        MemberRules.url(org.convene.web.Fields.line(v.get("profile_url")), errors),
        goals(v.get("goals"), errors), MemberRules.topics(split(v.get("topics")), errors));
    return new Row(line, name, rawEmail == null ? null : email == null ? rawEmail : email, p,
        errors);
  }

  /** Goals as the fixed words, separated by ';' or '|' (or ',' inside a quoted cell). */
  private static List<String> goals(String raw, JsonObject errors) {
    List<String> words = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String w : split(raw)) {
      String g = w.trim().toLowerCase(Locale.ROOT);
      if (g.isEmpty()) continue;
      if (DirectoryRules.GOAL_LABELS.containsKey(g)) {
        if (!words.contains(g)) words.add(g);
      } else {
        unknown.add(w.trim());
      }
    }
    if (!unknown.isEmpty()) {
      errors.put("goals", "Unknown goal" + (unknown.size() > 1 ? "s: " : ": ")
          + String.join(", ", unknown) + ". Goals are: "
          + String.join(", ", DirectoryRules.GOAL_LABELS.keySet()) + ".");
      return List.of();
    }
    return List.copyOf(words);
  }

  private static List<String> split(String raw) {
    if (raw == null || raw.isBlank()) return List.of();
    return Arrays.asList(raw.split("[;|,]"));
  }

  /**
   * What each row does to the group's members ({@code existing} by email). The office's entry
   * takes the file's values where the file has one; a member's own entry keeps every value the
   * member has and takes the file's only where they left it empty. Name, listing, sharing and
   * announcements of a member's own entry are never the file's to change.
   */
  public static Preview plan(List<Row> rows, Map<String, Existing> existing) {
    List<Planned> out = new ArrayList<>(rows.size());
    int create = 0;
    int update = 0;
    int unchanged = 0;
    int invalid = 0;
    for (Row r : rows) {
      if (!r.valid()) {
        out.add(new Planned(r, "invalid", null, null));
        invalid++;
        continue;
      }
      Existing e = existing.get(r.email());
      if (e == null) {
        out.add(new Planned(r, "create", r.name(), r.profile()));
        create++;
        continue;
      }
      boolean office = e.officeOwned();
      String name = office ? r.name() : e.name();
      MemberRules.Profile merged = office ? over(r.profile(), e.profile())
          : over(e.profile(), r.profile());
      boolean same = name.equals(e.name()) && merged.equals(e.profile());
      out.add(new Planned(r, same ? "unchanged" : "update", name, merged));
      if (same) unchanged++;
      else update++;
    }
    return new Preview(out, create, update, unchanged, invalid);
  }

  /** {@code first}'s values, and {@code second}'s where {@code first} has none. */
  static MemberRules.Profile over(MemberRules.Profile first, MemberRules.Profile second) {
    return new MemberRules.Profile(
        first.classYear() != null ? first.classYear() : second.classYear(),
        or(first.programme(), second.programme()), or(first.chapter(), second.chapter()),
        or(first.industry(), second.industry()), or(first.employer(), second.employer()),
        or(first.headline(), second.headline()), or(first.profileUrl(), second.profileUrl()),
        first.goals().isEmpty() ? second.goals() : first.goals(),
        first.topics().isEmpty() ? second.topics() : first.topics());
  }

  private static String or(String a, String b) {
    return a != null ? a : b;
  }

  /** The file's addresses that are valid, for reading who is already a member. */
  public static List<String> emails(List<Row> rows) {
    List<String> out = new ArrayList<>();
    for (Row r : rows) if (r.valid()) out.add(r.email());
    return out;
  }

  /** A row's errors, field by field, for the web preview's table. */
  public static Map<String, String> firstErrors(Row r) {
    Map<String, String> out = new LinkedHashMap<>();
    r.errors().forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
    return out;
  }

  private static boolean blank(CSVRecord r) {
    for (String v : r) if (v != null && !v.isBlank()) return false;
    return true;
  }

  private static int[] lineStarts(String text) {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The 1-based line on which the record starting at {@code position} starts. */
  private static int lineOf(int[] starts, long position) {
    int i = Arrays.binarySearch(starts, (int) position);
    return (i >= 0 ? i : -i - 2) + 1;
  }

  private static int lineEnd(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n' || text.charAt(i) == '\r') return i;
    }
    return text.length();
  }

  private static Problem fileProblem(String field, String message) {
    return new Problem(Problem.Kind.UNPROCESSABLE, "invalid_csv", message,
        new JsonObject().put(field, message));
  }

  private static String oneLine(String s) {
    return s == null ? "unreadable" : s.replaceAll("\\s+", " ").trim();
  }
}
