package org.convene.web;

import com.github.jknack.handlebars.EscapingStrategy;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.cache.ConcurrentMapTemplateCache;
import com.github.jknack.handlebars.io.ClassPathTemplateLoader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one Handlebars set-up, with the same helpers, for the pages (templates/*.hbs) and for both
 * parts of every mail: templates/mail/{name}.html.hbs and templates/mail/{name}.text.hbs.
 *
 * <p>Templates load from the classpath through Handlebars.java's own loader and parsed-template
 * cache. Vert.x's HandlebarsTemplateEngine was used at first and made the event page take 50-150 ms
 * (found with jstack under load): its loader reads every partial through the Vert.x file resolver,
 * which scans the whole jar on each lookup, and hands Handlebars a new source object per lookup,
 * so the parsed-template cache never hits and every partial is parsed again on every request.
 */
public final class Templates {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH);

  private final Handlebars handlebars;
  private final Map<String, Template> compiled = new ConcurrentHashMap<>();

  private Templates(Handlebars handlebars) {
    this.handlebars = handlebars;
    // {{#if (eq a "b")}} in pages, {{#eq status "going"}}...{{else}}...{{/eq}} in mails
    handlebars.registerHelper("eq", (Helper<Object>) (a, options) -> {
      boolean same = Objects.equals(String.valueOf(a), String.valueOf((Object) options.param(0, null)));
      return options.tagType.inline() ? same : same ? options.fn() : options.inverse();
    });
    // the safe Markdown subset of descriptions and organizer messages (see Markdown)
    handlebars.registerHelper("markdown", (Helper<Object>) (text, options) ->
        new Handlebars.SafeString(Markdown.toHtml(text == null ? "" : text.toString())));
    // {{date t}}: an ISO timestamp as people read it, "22 Nov 2026, 00:59 UTC"
    handlebars.registerHelper("date", (Helper<Object>) (t, options) -> {
      if (t == null) return "";
      try {
        return STAMP.format(OffsetDateTime.parse(t.toString()).atZoneSameInstant(ZoneOffset.UTC));
      } catch (DateTimeParseException e) {
        return t.toString();
      }
    });
  }

  /** The pages, HTML-escaped. */
  public static Templates pages() {
    return new Templates(handlebars("/templates"));
  }

  /** Both parts of every mail. */
  public static Mails mails() {
    Handlebars html = handlebars("/templates/mail");
    // plain text is not HTML: nothing to escape, and "&amp;" in a text mail would be a bug
    Handlebars text = handlebars("/templates/mail").with(EscapingStrategy.NOOP);
    // standalone {{#if}} lines leave no blank line behind in a mail
    html.setPrettyPrint(true);
    text.setPrettyPrint(true);
    return new Mails(new Templates(text), new Templates(html));
  }

  private static Handlebars handlebars(String root) {
    ClassPathTemplateLoader loader = new ClassPathTemplateLoader(root, ".hbs");
    loader.setCharset(StandardCharsets.UTF_8);
    return new Handlebars(loader).with(new ConcurrentMapTemplateCache());
  }

  /** Renders the template {@code name} (compiled on first use) with a Vert.x JSON model. */
  public String apply(String name, JsonObject model) throws IOException {
    Template t = compiled.get(name);
    if (t == null) {
      t = handlebars.compile(name);
      compiled.put(name, t);
    }
    return t.apply(plain(model));
  }

  /** Compiles now, so later renders do no I/O (on an event loop, say). */
  public Templates preload(String... names) {
    try {
      for (String n : names) compiled.put(n, handlebars.compile(n));
    } catch (IOException e) {
      throw new UncheckedIOException("templates missing", e);
    }
    return this;
  }

  /** The text and HTML part of one mail. */
  public record Parts(String text, String html) {}

  /** The mail templates: {name}.text.hbs unescaped, {name}.html.hbs escaped. */
  public static final class Mails {
    private final Templates text;
    private final Templates html;

    private Mails(Templates text, Templates html) {
      this.text = text;
      this.html = html;
    }

    public Parts render(String name, JsonObject model) throws IOException {
      return new Parts(text.apply(name + ".text", model), html.apply(name + ".html", model));
    }

    /** Compiles these mails' parts now, so rendering them later does no I/O. */
    public Mails preload(String... names) {
      for (String n : names) {
        text.preload(n + ".text");
        html.preload(n + ".html");
      }
      return this;
    }
  }

  /** Plain maps and lists, which Handlebars' own resolvers walk (it does not know Vert.x JSON). */
  static Object plain(Object v) {
    if (v instanceof JsonObject o) {
      Map<String, Object> m = new LinkedHashMap<>();
      o.forEach(e -> m.put(e.getKey(), plain(e.getValue())));
      return m;
    }
    if (v instanceof JsonArray a) return a.stream().map(Templates::plain).toList();
    return v;
  }
}
