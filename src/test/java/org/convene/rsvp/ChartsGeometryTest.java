package org.convene.rsvp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.convene.web.Templates;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** The charts' geometry and drawing, without a server: what an organizer would see go wrong. */
class ChartsGeometryTest {
  static final LocalDate MAR_1 = LocalDate.of(2030, 3, 1);
  static final Templates PAGES = Templates.pages();

  @Test
  void anEventWithoutAnswersHasNothingToDraw() {
    Charts.OverTime c = Charts.overTime(List.of(), MAR_1, "Rome time");
    assertTrue(c.empty());
    assertTrue(c.bands().isEmpty());
    JsonObject view = Charts.view(c);
    assertFalse(view.containsKey("bands"));
    // nobody going, nor a maybe: a not-going answer alone draws nothing either
    assertTrue(Charts.overTime(List.of(new Charts.Day(MAR_1, 0, 0, 0)), MAR_1, "Rome time").empty());
  }

  @Test
  void oneDayIsOneColumnAcrossThePlot() {
    Charts.OverTime c = Charts.overTime(List.of(new Charts.Day(MAR_1, 3, 1, 2)), MAR_1, "Rome time");
    assertFalse(c.empty());
    assertEquals(1, c.rows().size());
    assertEquals(new Charts.Row(MAR_1, 3, 1, 2, 6), c.rows().get(0));
    assertEquals(List.of(3, 1, 2), c.bands().stream().map(Charts.Band::total).toList());
    Charts.Band going = c.bands().get(0);
    // a rectangle: four corners, from the plot's left edge to its right edge
    assertEquals(4, going.outline().size(), going.outline().toString());
    assertEquals(c.plot().x(), going.outline().stream().mapToDouble(Charts.Point::x).min().orElseThrow());
    assertEquals(c.plot().x() + c.plot().width(),
        going.outline().stream().mapToDouble(Charts.Point::x).max().orElseThrow());
    assertEquals(List.of("1 Mar"), c.xLabels().stream().map(Charts.Label::text).toList());
    assertEquals("Going 3", going.legend().text());
    assertTrue(c.summary().contains("3 going, 1 waitlisted, 2 maybe"), c.summary());
    assertInsideTheViewBox(Charts.view(c), c.width(), c.height());
  }

  @Test
  void manyDaysAddUpAndDaysWithoutAnswersCarryTheTotalsOn() {
    List<Charts.Day> days = List.of(
        new Charts.Day(MAR_1, 2, 0, 1),
        new Charts.Day(MAR_1.plusDays(3), 5, 0, 0),
        new Charts.Day(MAR_1.plusDays(10), 1, 4, 2));
    Charts.OverTime c = Charts.overTime(days, MAR_1.plusDays(20), "Rome time");
    assertEquals(List.of(new Charts.Row(MAR_1, 2, 0, 1, 3),
        new Charts.Row(MAR_1.plusDays(3), 7, 0, 1, 5),
        new Charts.Row(MAR_1.plusDays(10), 8, 4, 3, 7)), c.rows());
    assertEquals(List.of(8, 4, 3), c.bands().stream().map(Charts.Band::total).toList());
    // at most five dated labels, the first day and today among them
    List<String> labels = c.xLabels().stream().map(Charts.Label::text).toList();
    assertTrue(labels.size() <= 5);
    assertEquals("1 Mar", labels.get(0));
    assertEquals("21 Mar", labels.get(labels.size() - 1));
    // a step per change, not a point per day: three changes, a handful of vertices
    assertTrue(c.bands().get(0).outline().size() <= 10, c.bands().get(0).outline().toString());
    // the y axis reaches the total, in round steps
    List<String> ys = c.yLabels().stream().map(Charts.Label::text).toList();
    assertEquals("0", ys.get(0));
    assertTrue(Integer.parseInt(ys.get(ys.size() - 1)) >= 15, ys.toString());
    assertInsideTheViewBox(Charts.view(c), c.width(), c.height());
  }

  @Test
  void thousandsOfAnswersOverYearsStayASmallPictureInsideTheViewBox() {
    List<Charts.Day> days = new ArrayList<>();
    for (int i = 0; i < 900; i += 3) days.add(new Charts.Day(MAR_1.plusDays(i), 17, 4, 5));
    Charts.OverTime c = Charts.overTime(days, MAR_1.plusDays(950), "Rome time");
    int going = 17 * days.size();
    assertEquals(going, c.bands().get(0).total());
    // a year of columns at most; earlier answers are in the first day's totals
    assertTrue(c.rows().size() <= Charts.MAX_DAYS, "rows " + c.rows().size());
    assertEquals(going, c.rows().get(c.rows().size() - 1).going());
    assertTrue(c.yLabels().size() <= 6, c.yLabels().toString());
    for (Charts.Band b : c.bands()) assertTrue(b.outline().size() <= 4 * Charts.MAX_DAYS + 4);
    assertInsideTheViewBox(Charts.view(c), c.width(), c.height());
    // the legend's labels fit beside each other, the y axis's numbers left of the plot
    List<Charts.Label> legend = c.bands().stream().map(Charts.Band::legend).toList();
    for (int i = 0; i + 1 < legend.size(); i++) {
      assertTrue(right(legend.get(i)) < c.bands().get(i + 1).swatch().x(), legend.toString());
    }
    assertTextFits(legend.get(legend.size() - 1), c.width());
    for (Charts.Label y : c.yLabels()) assertTrue(y.x() - width(y) >= 0, y.toString());
  }

  @Test
  void niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
    assertEquals(1, Charts.niceStep(3));
    assertEquals(2, Charts.niceStep(7));
    assertEquals(5, Charts.niceStep(17));
    assertEquals(1000, Charts.niceStep(3999));
    assertEquals(2000, Charts.niceStep(5000));
  }

  @Test
  void cameVsSaidGoingBarsAreInProportion() {
    Charts.Bars c = Charts.turnout(40, 30);
    Charts.Bar going = c.groups().get(0).bars().get(0);
    Charts.Bar came = c.groups().get(1).bars().get(0);
    assertEquals(0.75, came.box().width() / going.box().width(), 0.01);
    assertEquals("40", going.value().text());
    assertEquals("30", came.value().text());
    assertEquals("Said going", c.groups().get(0).title().text());
    assertEquals("40 said going; 30 came (75% of those going).", c.summary());
    assertInsideTheViewBox(Charts.view(c), c.width(), c.height());
    // nobody came: a hairline, and the number beside it
    assertInsideTheViewBox(Charts.view(Charts.turnout(12, 0)), c.width(), c.height());
    // more came than said going (walk-ins): the longest bar still fits, and so does its number
    Charts.Bars walkIns = Charts.turnout(3, 12000);
    assertInsideTheViewBox(Charts.view(walkIns), c.width(), c.height());
    for (Charts.BarGroup g : walkIns.groups()) {
      assertTextFits(g.title(), c.width());
      g.bars().forEach(b -> assertTextFits(b.value(), c.width()));
    }
  }

  @Test
  void theGroupChartHasARowPerEventAndAtMostAYearOfThem() {
    List<Charts.Turnout> events = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      events.add(new Charts.Turnout("ev" + i, "Event number " + i + " with a rather long title that goes on",
          MAR_1.plusDays(i * 4), 10 + i, i));
    }
    Charts.Bars c = Charts.perEvent(events);
    assertEquals(Charts.MAX_EVENTS, c.groups().size());
    assertEquals("ev79", c.groups().get(c.groups().size() - 1).turnout().eventId());
    for (Charts.BarGroup g : c.groups()) {
      assertTextFits(g.title(), c.width());
      g.bars().forEach(b -> assertTextFits(b.value(), c.width()));
    }
    c.legend().forEach(l -> assertTextFits(l, c.width()));
    assertInsideTheViewBox(Charts.view(c), c.width(), c.height());
  }

  @Test
  void longTitlesAreCutWholeCharacters() {
    assertEquals("short", Charts.truncate("short", 10));
    String cut = Charts.truncate("🎉".repeat(30), 10);
    assertEquals(10, cut.codePointCount(0, cut.length()));
    assertTrue(cut.endsWith("…"));
  }

  @Test
  void aTitleWithMarkupIsTextInTheDrawnSvg() throws Exception {
    String title = "<script>\"&'</script> Gala";
    Charts.Bars c = Charts.perEvent(List.of(new Charts.Turnout("abc", title, MAR_1, 5, 4)));
    String html = PAGES.apply("partials/group-charts", new JsonObject()
        .put("groupCharts", Charts.view(c).put("shownEvents", 1).put("allEvents", 1)));
    assertFalse(html.contains("<script>"), html);
    assertTrue(html.contains("&lt;script&gt;&quot;&amp;&#x27;"), html);
    Document svg = svgOf(html);
    List<String> texts = texts(svg);
    assertTrue(texts.contains("1 Mar · " + title), texts.toString());
    assertEquals(0, svg.getElementsByTagName("script").getLength());
    // the text table carries the whole title, escaped too
    assertTrue(html.contains(">&lt;script&gt;&quot;&amp;&#x27;&lt;/script&gt; Gala</a>"), html);
  }

  @Test
  void theEventChartsDrawAsWellFormedSvgWithTitleAndDescription() throws Exception {
    Charts.OverTime c = Charts.overTime(List.of(new Charts.Day(MAR_1, 3, 1, 2),
        new Charts.Day(MAR_1.plusDays(2), 1, 0, 0)), MAR_1.plusDays(4), "Rome time");
    JsonObject model = new JsonObject().put("charts", new JsonObject().put("begun", true)
        .put("overTime", Charts.view(c).put("zoneLabel", "Rome time"))
        .put("turnout", Charts.view(Charts.turnout(4, 3)).put("going", 4).put("came", 3)));
    String html = PAGES.apply("partials/event-charts", model);
    Matcher svgs = Pattern.compile("<svg[\\s\\S]*?</svg>").matcher(html);
    int count = 0;
    while (svgs.find()) {
      Document svg = parse(svgs.group());
      String labelled = svg.getDocumentElement().getAttribute("aria-labelledby");
      for (String id : labelled.split(" ")) assertTrue(svgs.group().contains("id=\"" + id + "\""), id);
      assertEquals(1, svg.getElementsByTagName("title").getLength());
      assertEquals(1, svg.getElementsByTagName("desc").getLength());
      assertEquals("img", svg.getDocumentElement().getAttribute("role"));
      count++;
    }
    assertEquals(2, count, html);
    assertTrue(html.contains("<td>4</td><td>1</td><td>2</td>"), "day two's totals in the table");
    assertTrue(html.contains("Going 4"), html);
    // a machine-readable day ({{date}} would be the page helper of that name, not the value)
    assertTrue(html.contains("<time datetime=\"2030-03-03\">Sun 3 Mar 2030</time>"), html);
  }

  // ---- helpers ----

  /** A left-aligned text ends inside the chart (with a generous width per character). */
  static void assertTextFits(Charts.Label l, double width) {
    assertTrue(right(l) <= width, "\"" + l.text() + "\" would end at " + right(l));
  }

  static double right(Charts.Label l) {
    return l.x() + width(l);
  }

  static double width(Charts.Label l) {
    return l.text().codePointCount(0, l.text().length()) * Charts.CHAR_WIDTH;
  }

  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");

  /** Every coordinate of the model (x, y, width, height, path points) lies within the viewBox. */
  static void assertInsideTheViewBox(JsonObject view, double width, double height) {
    walk(view, null, width, height);
  }

  private static void walk(Object node, String key, double w, double h) {
    if (node instanceof JsonObject o) {
      if (o.containsKey("x") && o.containsKey("width")) {
        double x = Double.parseDouble(o.getString("x"));
        double bw = Double.parseDouble(o.getString("width"));
        assertTrue(x >= 0 && x + bw <= w, "box outside: " + o.encode());
        double y = Double.parseDouble(o.getString("y"));
        double bh = Double.parseDouble(o.getString("height"));
        assertTrue(y >= 0 && y + bh <= h, "box outside: " + o.encode());
      }
      o.forEach(e -> walk(e.getValue(), e.getKey(), w, h));
    } else if (node instanceof JsonArray a) {
      a.forEach(v -> walk(v, key, w, h));
    } else if (node instanceof String s && key != null) {
      switch (key) {
        case "x", "tick", "right", "width" -> within(s, w, key);
        case "y", "tickTop", "tickBottom", "bottom", "height" -> within(s, h, key);
        case "d" -> {
          Matcher m = NUMBER.matcher(s);
          List<Double> nums = new ArrayList<>();
          while (m.find()) nums.add(Double.parseDouble(m.group()));
          assertEquals(0, nums.size() % 2, s);
          for (int i = 0; i < nums.size(); i += 2) {
            assertTrue(nums.get(i) >= 0 && nums.get(i) <= w, "x outside in " + s);
            assertTrue(nums.get(i + 1) >= 0 && nums.get(i + 1) <= h, "y outside in " + s);
          }
        }
        default -> { }
      }
    }
  }

  private static void within(String s, double max, String key) {
    double v = Double.parseDouble(s);
    assertTrue(v >= 0 && v <= max, key + "=" + s + " outside 0.." + max);
  }

  static Document svgOf(String html) throws Exception {
    Matcher m = Pattern.compile("<svg[\\s\\S]*?</svg>").matcher(html);
    assertTrue(m.find(), html);
    return parse(m.group());
  }

  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  static List<String> texts(Document svg) {
    NodeList nodes = svg.getElementsByTagName("text");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) out.add(nodes.item(i).getTextContent());
    return out;
  }
}
