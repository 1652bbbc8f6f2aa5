package org.convene.web;

import java.util.Set;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.node.Link;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The safe subset of Markdown event descriptions may use: raw HTML is escaped, links keep only
 * http(s)/mailto targets and open with rel="nofollow noopener ugc". Headings are not offered (the
 * page owns its outline), images neither (no tracking pixels in event pages).
 */
public final class Markdown {
  private static final Parser PARSER = Parser.builder()
      .extensions(java.util.List.of(AutolinkExtension.create()))
      .enabledBlockTypes(Set.of(org.commonmark.node.BlockQuote.class,
          org.commonmark.node.ListBlock.class, org.commonmark.node.FencedCodeBlock.class))
      .build();
  private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
      .escapeHtml(true)
      .sanitizeUrls(true)
      .softbreak("<br>\n")
      .attributeProviderFactory(context -> (node, tagName, attributes) -> {
        if (node instanceof Link) attributes.put("rel", "nofollow noopener ugc");
        if ("img".equals(tagName)) attributes.clear();
      })
      .build();

  private Markdown() {}

  public static String toHtml(String text) {
    if (text == null || text.isBlank()) return "";
    return RENDERER.render(PARSER.parse(text.replace("![", "[")));
  }
}
