package org.convene.web;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.ListBlock;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.UrlSanitizer;

/**
 * The safe subset of Markdown event descriptions may use: raw HTML is escaped, links keep only
 * http(s)/mailto targets and open with rel="nofollow noopener ugc". Headings are not offered (the
 * page owns its outline), images neither (no tracking pixels in event pages).
 */
public final class Markdown {
  /** Deeper than this (quotes in lists in quotes...) is no description, and would recurse deep. */
  static final int MAX_DEPTH = 16;
  private static final Set<String> SCHEMES = Set.of("http", "https", "mailto");
  private static final Parser PARSER = Parser.builder()
      .extensions(List.of(AutolinkExtension.create()))
      .enabledBlockTypes(Set.of(BlockQuote.class, ListBlock.class, FencedCodeBlock.class))
      .build();
  private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
      .escapeHtml(true)
      .sanitizeUrls(true)
      // commonmark's own sanitizer lets data: through (for images); links may only be these
      .urlSanitizer(new UrlSanitizer() {
        @Override
        public String sanitizeLinkUrl(String url) {
          return safeUrl(url);
        }

        @Override
        public String sanitizeImageUrl(String url) {
          return "";
        }
      })
      .softbreak("<br>\n")
      .attributeProviderFactory(context -> (node, tagName, attributes) -> {
        if (node instanceof Link) attributes.put("rel", "nofollow noopener ugc");
        if ("img".equals(tagName)) attributes.clear();
      })
      .build();

  /**
   * Descriptions change rarely and are read on every page view: each text is rendered once per
   * node. Keyed by the text itself, so an edited description is simply another entry, on every
   * node alike.
   */
  private static final Map<String, String> RENDERED = Collections.synchronizedMap(
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > 2000;
        }
      });

  private Markdown() {}

  public static String toHtml(String text) {
    if (text == null || text.isBlank()) return "";
    String cached = RENDERED.get(text);
    if (cached != null) return cached;
    String html = render(text);
    RENDERED.put(text, html);
    return html;
  }

  private static String render(String text) {
    // commonmark parses and renders by recursion: thousands of nested quotes overflow the stack
    // before a tree exists to measure, so the text is measured first (and the tree after)
    if (nesting(text) > MAX_DEPTH) return plain(text);
    Node doc = PARSER.parse(text.replace("![", "["));
    return depth(doc) > MAX_DEPTH ? plain(text) : RENDERER.render(doc);
  }

  /** The deepest run of quote markers, list markers and indentation at the start of a line. */
  static int nesting(String text) {
    int max = 0;
    for (String line : text.split("\n", -1)) {
      int depth = 0;
      int i = 0;
      int spaces = 0;
      while (i < line.length()) {
        char c = line.charAt(i);
        if (c == ' ' || c == '\t') {
          spaces += c == '\t' ? 4 : 1;
          if (spaces >= 2) {
            depth++;
            spaces = 0;
          }
          i++;
        } else if (c == '>') {
          depth++;
          i++;
        } else if ((c == '-' || c == '*' || c == '+') && i + 1 < line.length()
            && line.charAt(i + 1) == ' ') {
          depth++;
          i += 2;
        } else if (Character.isDigit(c)) {
          int j = i;
          while (j < line.length() && Character.isDigit(line.charAt(j))) j++;
          if (j + 1 < line.length() && (line.charAt(j) == '.' || line.charAt(j) == ')')
              && line.charAt(j + 1) == ' ') {
            depth++;
            i = j + 2;
          } else {
            break;
          }
        } else {
          break;
        }
      }
      max = Math.max(max, depth);
    }
    return max;
  }

  /** The text as it is, escaped, paragraph by paragraph: for descriptions nested too deep. */
  private static String plain(String text) {
    StringBuilder out = new StringBuilder();
    for (String para : text.split("\n\\s*\n")) {
      if (para.isBlank()) continue;
      out.append("<p>").append(escape(para.strip()).replace("\n", "<br>\n")).append("</p>\n");
    }
    return out.toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;").replace("'", "&#39;");
  }

  static String safeUrl(String url) {
    String u = url.trim();
    int colon = u.indexOf(':');
    int slash = u.indexOf('/');
    if (colon < 0 || (slash >= 0 && slash < colon)) return "";
    String scheme = u.substring(0, colon).toLowerCase(Locale.ROOT);
    return SCHEMES.contains(scheme) ? u : "";
  }

  /** How deep the tree nests, walked without recursion. */
  static int depth(Node root) {
    int max = 0;
    Deque<Object[]> todo = new ArrayDeque<>();
    todo.push(new Object[] {root, 0});
    while (!todo.isEmpty()) {
      Object[] next = todo.pop();
      int d = (Integer) next[1];
      max = Math.max(max, d);
      if (max > MAX_DEPTH) return max;
      for (Node c = ((Node) next[0]).getFirstChild(); c != null; c = c.getNext()) {
        todo.push(new Object[] {c, d + 1});
      }
    }
    return max;
  }

}
