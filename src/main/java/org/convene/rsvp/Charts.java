package org.convene.rsvp;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The pictures of how events go, as shapes to draw: what the organizer pages show as SVG, drawn by
 * templates/partials/*-charts.hbs with {{ }} only (titles are user data, Handlebars escapes them).
 * No I/O here: the numbers come from one aggregate query per chart (see {@link ChartStore}), and
 * every coordinate stays inside the chart's viewBox, whatever the numbers.
 */
public final class Charts {
  /** viewBox width of every chart; small enough that 13-unit text is still ~11px on a phone. */
  public static final int WIDTH = 400;
  /** At most a year of days is drawn; earlier answers are counted in the first day's totals. */
  public static final int MAX_DAYS = 366;
  /** The group chart shows at most this many events (the most recent ones). */
  public static final int MAX_EVENTS = 60;
  /** Longest title drawn inside a chart; the text table beside it has the whole title. */
  static final int TITLE_CHARS = 40;
  /** A generous average width of a character of the charts' 13-unit text, for what must fit. */
  static final double CHAR_WIDTH = 0.6 * 13;

  private static final DateTimeFormatter TICK = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
  private static final DateTimeFormatter SHORT_DAY =
      DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

  private Charts() {}

  /** The answers given on one day (in the event's zone), by the answer each holds now. */
  public record Day(LocalDate day, int going, int waitlisted, int maybe) {
    int all() {
      return going + waitlisted + maybe;
    }
  }

  /** One past event of a group: how many said going and how many came. */
  public record Turnout(String eventId, String title, LocalDate day, int going, int came) {}

  /** A point of a shape, in viewBox units. */
  public record Point(double x, double y) {}

  /** A label on an axis (or beside a bar) at a position. */
  public record Label(double x, double y, String text) {}

  /** A rectangle: a bar, or a legend's swatch. */
  public record Box(double x, double y, double width, double height) {}

  /** One stacked band of the RSVPs-over-time chart: its outline, closed. */
  public record Band(String key, String label, int total, List<Point> outline, Box swatch,
                     Label legend) {}

  /** A row of the text equivalent: the totals at the end of a day on which answers came in. */
  public record Row(LocalDate day, int going, int waitlisted, int maybe, int answered) {}

  /** Cumulative going, waitlisted and maybe by day; {@code empty} when there is nothing to draw. */
  public record OverTime(boolean empty, int width, int height, Box plot, List<Band> bands,
                         List<Label> xLabels, List<Double> tickXs, List<Label> yLabels,
                         List<Double> gridYs, List<Row> rows, String summary) {}

  /** Horizontal bars with a label and a value each (came vs said going, per event). */
  public record Bars(int width, int height, List<BarGroup> groups, List<Box> legendSwatches,
                     List<Label> legend, String summary) {}

  /** A label with its bars (one event: going and came). */
  public record BarGroup(Label title, List<Bar> bars, Turnout turnout) {}

  /** One bar: its shape, its kind (for the CSS class), and its value beside it. */
  public record Bar(String key, Box box, Label value) {}

  // ---- RSVPs over time ----

  private static final int OT_HEIGHT = 250;
  private static final Box OT_PLOT = new Box(48, 44, 340, 170);

  /**
   * RSVPs over time, from the first answer's day to {@code until} (today, or the event's start
   * day if it came first), one column per day; days with no answers carry the totals on.
   */
  public static OverTime overTime(List<Day> days, LocalDate until, String zoneLabel) {
    List<Day> sorted = days.stream().filter(d -> d.all() > 0)
        .sorted((a, b) -> a.day().compareTo(b.day())).toList();
    if (sorted.isEmpty()) {
      return new OverTime(true, WIDTH, OT_HEIGHT, OT_PLOT, List.of(), List.of(), List.of(),
          List.of(), List.of(), List.of(), "No RSVPs yet.");
    }
    LocalDate last = sorted.get(sorted.size() - 1).day();
    LocalDate to = until == null || until.isBefore(last) ? last : until;
    LocalDate from = sorted.get(0).day();
    if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) from = to.minusDays(MAX_DAYS - 1);
    int n = (int) ChronoUnit.DAYS.between(from, to) + 1;

    // cumulative totals at the end of each day; answers before `from` count on the first day
    int[] going = new int[n];
    int[] waitlisted = new int[n];
    int[] maybe = new int[n];
    List<Row> rows = new ArrayList<>();
    int g = 0, w = 0, m = 0, i = 0, pendingAnswers = 0;
    for (Day d : sorted) {
      int at = (int) Math.max(0, ChronoUnit.DAYS.between(from, d.day()));
      for (; i < at; i++) {
        going[i] = g;
        waitlisted[i] = w;
        maybe[i] = m;
      }
      g += d.going();
      w += d.waitlisted();
      m += d.maybe();
      pendingAnswers += d.all();
      if (!d.day().isBefore(from)) {
        rows.add(new Row(d.day(), g, w, m, pendingAnswers));
        pendingAnswers = 0;
      }
    }
    for (; i < n; i++) {
      going[i] = g;
      waitlisted[i] = w;
      maybe[i] = m;
    }

    int total = g + w + m;
    int step = niceStep(total);
    int top = ((total + step - 1) / step) * step;
    Box p = OT_PLOT;
    double colW = p.width() / n;
    List<Double> gridYs = new ArrayList<>();
    List<Label> yLabels = new ArrayList<>();
    for (int v = 0; v <= top; v += step) {
      double y = yOf(v, top, p);
      gridYs.add(y);
      yLabels.add(new Label(p.x() - 6, round(y + 4), Integer.toString(v)));
    }
    List<Label> xLabels = new ArrayList<>();
    List<Double> tickXs = new ArrayList<>();
    for (int k : tickDays(n)) {
      // the middle of the day's column, kept far enough from the edges for a "30 Sep" to fit
      double tick = round(p.x() + (k + 0.5) * colW);
      tickXs.add(tick);
      xLabels.add(new Label(Math.min(WIDTH - 24, tick), p.y() + p.height() + 18,
          TICK.format(from.plusDays(k))));
    }

    int[] zero = new int[n];
    int[] upToWait = sum(going, waitlisted);
    int[] upToMaybe = sum(upToWait, maybe);
    List<Band> bands = List.of(
        band("going", "Going", g, zero, going, p, colW, top, 0),
        band("waitlisted", "Waitlisted", w, going, upToWait, p, colW, top, 106),
        band("maybe", "Maybe", m, upToWait, upToMaybe, p, colW, top, 246));
    String summary = "Total RSVPs by day from " + SHORT_DAY.format(from) + " to "
        + SHORT_DAY.format(to) + " (" + zoneLabel + "): " + g + " going, " + w + " waitlisted, "
        + m + " maybe.";
    return new OverTime(false, WIDTH, OT_HEIGHT, p, bands, xLabels, tickXs, yLabels, gridYs, rows,
        summary);
  }

  private static Band band(String key, String label, int total, int[] lower, int[] upper, Box p,
                           double colW, int top, int legendAt) {
    // legend places: wide enough for "Waitlisted 1000" before "Maybe 1000"
    double lx = p.x() + legendAt;
    Box swatch = new Box(lx, 10, 14, 14);
    Label legend = new Label(lx + 19, 22, label + " " + total);
    if (total == 0) return new Band(key, label, 0, List.of(), swatch, legend);
    int n = upper.length;
    List<Point> pts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double y = yOf(upper[i], top, p);
      pts.add(new Point(round(p.x() + i * colW), y));
      pts.add(new Point(round(p.x() + (i + 1) * colW), y));
    }
    for (int i = n - 1; i >= 0; i--) {
      double y = yOf(lower[i], top, p);
      pts.add(new Point(round(p.x() + (i + 1) * colW), y));
      pts.add(new Point(round(p.x() + i * colW), y));
    }
    return new Band(key, label, total, simplify(pts), swatch, legend);
  }

  /** Drops points in the middle of a straight horizontal or vertical run: one vertex per step. */
  static List<Point> simplify(List<Point> pts) {
    List<Point> out = new ArrayList<>();
    for (Point pt : pts) {
      if (!out.isEmpty() && out.get(out.size() - 1).equals(pt)) continue;
      if (out.size() >= 2) {
        Point a = out.get(out.size() - 2);
        Point b = out.get(out.size() - 1);
        if ((a.x() == b.x() && b.x() == pt.x()) || (a.y() == b.y() && b.y() == pt.y())) {
          out.set(out.size() - 1, pt);
          continue;
        }
      }
      out.add(pt);
    }
    return out;
  }

  /** Up to five evenly spread days to label, always the first and the last. */
  static List<Integer> tickDays(int n) {
    List<Integer> out = new ArrayList<>();
    int labels = Math.min(n, 5);
    for (int k = 0; k < labels; k++) {
      int day = labels == 1 ? 0 : (int) Math.round(k * (n - 1) / (double) (labels - 1));
      if (!out.contains(day)) out.add(day);
    }
    return out;
  }

  /** A step of 1, 2 or 5 times a power of ten giving at most five gridlines up to {@code max}. */
  static int niceStep(int max) {
    if (max <= 4) return 1;
    double raw = max / 4.0;
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    for (int f : new int[] {1, 2, 5, 10}) {
      if (f * magnitude >= raw) return (int) Math.max(1, Math.round(f * magnitude));
    }
    return (int) Math.round(10 * magnitude);
  }

  private static double yOf(int v, int top, Box p) {
    return round(p.y() + p.height() - (top == 0 ? 0 : (double) v / top) * p.height());
  }

  private static int[] sum(int[] a, int[] b) {
    int[] out = new int[a.length];
    for (int i = 0; i < a.length; i++) out[i] = a[i] + b[i];
    return out;
  }

  // ---- came vs said going ----

  private static final double BAR_LEFT = 4;
  private static final double BAR_MAX = 330;

  /** After the event: how many came (checked in or marked attended) against how many said going. */
  public static Bars turnout(int going, int came) {
    int max = Math.max(1, Math.max(going, came));
    List<Bar> bars = List.of(
        bar("going", 30, 22, going, max, Integer.toString(going)),
        bar("came", 82, 22, came, max, Integer.toString(came)));
    List<BarGroup> groups = List.of(
        new BarGroup(new Label(BAR_LEFT, 22, "Said going"), List.of(bars.get(0)), null),
        new BarGroup(new Label(BAR_LEFT, 74, "Came (checked in or marked attended)"),
            List.of(bars.get(1)), null));
    return new Bars(WIDTH, 116, groups, List.of(), List.of(), cameSummary(going, came));
  }

  static String cameSummary(int going, int came) {
    String share = going == 0 ? "" : " (" + Math.round(100.0 * came / going) + "% of those going)";
    return going + " said going; " + came + " came" + share + ".";
  }

  /** Per past event of a group, oldest first: said going and came, one pair of bars each. */
  public static Bars perEvent(List<Turnout> events) {
    List<Turnout> shown = events.size() > MAX_EVENTS
        ? events.subList(events.size() - MAX_EVENTS, events.size()) : events;
    int max = 1;
    for (Turnout t : shown) max = Math.max(max, Math.max(t.going(), t.came()));
    List<BarGroup> groups = new ArrayList<>();
    double y = 36;
    int going = 0, came = 0;
    for (Turnout t : shown) {
      String title = TICK.format(t.day()) + " · " + truncate(t.title(), TITLE_CHARS);
      groups.add(new BarGroup(new Label(BAR_LEFT, y + 14, title), List.of(
          bar("going", y + 20, 14, t.going(), max, Integer.toString(t.going())),
          bar("came", y + 38, 14, t.came(), max, Integer.toString(t.came()))), t));
      going += t.going();
      came += t.came();
      y += 62;
    }
    List<Box> swatches = List.of(new Box(BAR_LEFT, 10, 14, 14), new Box(BAR_LEFT + 120, 10, 14, 14));
    List<Label> legend = List.of(new Label(BAR_LEFT + 19, 22, "Said going"),
        new Label(BAR_LEFT + 139, 22, "Came"));
    String summary = shown.size() + (shown.size() == 1 ? " event" : " events")
        + " in the last year: " + cameSummary(going, came);
    return new Bars(WIDTH, (int) Math.ceil(y + 4), groups, swatches, legend, summary);
  }

  private static Bar bar(String key, double y, double h, int value, int max, String text) {
    double len = round(BAR_MAX * value / max);
    // a zero still shows a hairline, so "0" sits where the bar would start
    Box box = new Box(BAR_LEFT, y, Math.max(len, 1), h);
    return new Bar(key, box, new Label(round(BAR_LEFT + Math.max(len, 1) + 6), round(y + h / 2 + 4.5),
        text));
  }

  /** At most {@code max} characters (code points, so no emoji is cut in half), with an ellipsis. */
  static String truncate(String s, int max) {
    if (s.codePointCount(0, s.length()) <= max) return s;
    return s.substring(0, s.offsetByCodePoints(0, max - 1)).stripTrailing() + "…";
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  // ---- the models the templates draw ----

  /** The RSVPs-over-time chart as partials/event-charts.hbs draws it. */
  public static JsonObject view(OverTime c) {
    JsonObject out = new JsonObject().put("empty", c.empty()).put("summary", c.summary());
    if (c.empty()) return out;
    JsonArray bands = new JsonArray();
    for (Band b : c.bands()) {
      JsonObject band = new JsonObject().put("key", b.key()).put("label", b.label())
          .put("total", b.total()).put("swatch", box(b.swatch())).put("legend", label(b.legend()));
      // a band with nobody in it has no shape: no path at all, rather than an empty one
      if (!b.outline().isEmpty()) band.put("d", path(b.outline()));
      bands.add(band);
    }
    JsonArray grid = new JsonArray();
    for (int i = 0; i < c.gridYs().size(); i++) {
      grid.add(new JsonObject().put("y", num(c.gridYs().get(i))).put("label", label(c.yLabels().get(i))));
    }
    JsonArray xs = new JsonArray();
    for (int i = 0; i < c.xLabels().size(); i++) {
      xs.add(label(c.xLabels().get(i)).put("tick", num(c.tickXs().get(i)))
          .put("tickTop", num(c.plot().y() + c.plot().height()))
          .put("tickBottom", num(c.plot().y() + c.plot().height() + 5)));
    }
    JsonArray rows = new JsonArray();
    for (Row r : c.rows()) {
      rows.add(new JsonObject().put("day", DAY.format(r.day())).put("iso", r.day().toString())
          .put("going", r.going()).put("waitlisted", r.waitlisted()).put("maybe", r.maybe())
          .put("answered", r.answered()));
    }
    Box p = c.plot();
    return out.put("viewBox", "0 0 " + c.width() + " " + c.height())
        .put("plot", box(p).put("right", num(p.x() + p.width())).put("bottom", num(p.y() + p.height())))
        .put("bands", bands).put("grid", grid).put("xLabels", xs).put("rows", rows);
  }

  /** Bars (turnout or per event) as the partials draw them. */
  public static JsonObject view(Bars c) {
    JsonArray groups = new JsonArray();
    for (BarGroup g : c.groups()) {
      JsonArray bars = new JsonArray();
      for (Bar b : g.bars()) {
        bars.add(box(b.box()).put("key", b.key()).put("value", label(b.value())));
      }
      JsonObject group = new JsonObject().put("title", label(g.title())).put("bars", bars);
      Turnout t = g.turnout();
      if (t != null) {
        group.put("event", new JsonObject().put("id", t.eventId()).put("title", t.title())
            .put("day", SHORT_DAY.format(t.day())).put("iso", t.day().toString())
            .put("going", t.going()).put("came", t.came()));
      }
      groups.add(group);
    }
    JsonArray legend = new JsonArray();
    for (int i = 0; i < c.legend().size(); i++) {
      legend.add(new JsonObject().put("key", i == 0 ? "going" : "came")
          .put("swatch", box(c.legendSwatches().get(i))).put("label", label(c.legend().get(i))));
    }
    return new JsonObject().put("viewBox", "0 0 " + c.width() + " " + c.height())
        .put("width", c.width()).put("height", c.height()).put("groups", groups).put("legend", legend).put("summary", c.summary());
  }

  static String path(List<Point> pts) {
    StringBuilder d = new StringBuilder();
    for (Point pt : pts) {
      d.append(d.length() == 0 ? "M" : " L").append(num(pt.x())).append(',').append(num(pt.y()));
    }
    return d.append(" Z").toString();
  }

  private static JsonObject box(Box b) {
    return new JsonObject().put("x", num(b.x())).put("y", num(b.y()))
        .put("width", num(b.width())).put("height", num(b.height()));
  }

  private static JsonObject label(Label l) {
    return new JsonObject().put("x", num(l.x())).put("y", num(l.y())).put("text", l.text());
  }

  /** A coordinate as SVG wants it: a dot for decimals whatever the server's locale, no "12.0". */
  static String num(double v) {
    double r = round(v);
    return r == Math.rint(r) ? Long.toString((long) r) : String.format(Locale.ROOT, "%.1f", r);
  }
}
