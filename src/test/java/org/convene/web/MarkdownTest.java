package org.convene.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MarkdownTest {
  @Test
  void linksKeepOnlyWebAndMailTargets() {
    String html = Markdown.toHtml("[a](https://example.org) [b](mailto:x@example.org) "
        + "[c](data:text/html;base64,PHNjcmlwdD4=) [d](javascript:alert(1)) [e](DATA:x) "
        + "[f](vbscript:x) [g](/relative)");
    assertTrue(html.contains("href=\"https://example.org\""), html);
    assertTrue(html.contains("href=\"mailto:x@example.org\""), html);
    assertFalse(html.toLowerCase().contains("data:"), html);
    assertFalse(html.contains("javascript:"), html);
    assertFalse(html.contains("vbscript:"), html);
    assertTrue(html.contains("rel=\"nofollow noopener ugc\""), html);
  }

  @Test
  void rawHtmlAndImagesNeverComeThrough() {
    String html = Markdown.toHtml("<script>alert(1)</script> ![x](https://tracker.example/p.gif)");
    assertFalse(html.contains("<script>"), html);
    assertFalse(html.contains("<img"), html);
  }

  @Test
  void deepNestingIsShownAsTextInsteadOfRecursingForever() {
    String deep = ">".repeat(5_000) + " hello";
    String html = Markdown.toHtml(deep);
    assertTrue(html.contains("hello"), html.substring(0, Math.min(200, html.length())));
    assertFalse(html.contains("<blockquote>"), "no nesting at all once too deep");
    String lists = "- ".repeat(3_000) + "x";
    assertTrue(Markdown.toHtml(lists).contains("x"));
    String fine = "> quoted\n\n- a\n  - b";
    assertTrue(Markdown.toHtml(fine).contains("<blockquote>"));
  }

  @Test
  void eachTextIsRenderedOnce() {
    String text = "Same *text* " + System.nanoTime();
    assertSame(Markdown.toHtml(text), Markdown.toHtml(text));
    assertEquals("", Markdown.toHtml("  "));
  }
}
