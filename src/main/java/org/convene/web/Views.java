package org.convene.web;

import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.cache.ConcurrentMapTemplateCache;
import com.github.jknack.handlebars.io.ClassPathTemplateLoader;
import com.github.jknack.handlebars.Helper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Renders the Handlebars pages in templates/, all sharing partials/layout.hbs.
 *
 * <p>Pages load from the classpath through Handlebars.java's own loader and parsed-template cache.
 * Vert.x's HandlebarsTemplateEngine was used at first and made the event page take 50-150 ms
 * (found with jstack under load): its loader reads every partial through the Vert.x file resolver,
 * which scans the whole jar on each lookup, and hands Handlebars a new source object per lookup,
 * so the parsed-template cache never hits and every partial is parsed again on every request.
 */
public final class Views {
  private static final java.time.format.DateTimeFormatter STAMP =
      java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", java.util.Locale.ENGLISH);
  private final Handlebars handlebars;
  private final Map<String, Template> pages = new ConcurrentHashMap<>();
  private final Csrf csrf;
  private final String baseUrl;

  public Views(Vertx vertx, Csrf csrf, String baseUrl) {
    this.csrf = csrf;
    this.baseUrl = baseUrl;
    ClassPathTemplateLoader loader = new ClassPathTemplateLoader("/templates", ".hbs");
    loader.setCharset(StandardCharsets.UTF_8);
    Handlebars hb = new Handlebars(loader).with(new ConcurrentMapTemplateCache());
    this.handlebars = hb;
    hb.registerHelper("eq", (Helper<Object>) (a, options) -> {
      Object other = options.param(0, null);
      return Objects.equals(String.valueOf(a), String.valueOf(other));
    });
    hb.registerHelper("markdown", (Helper<Object>) (text, options) ->
        new Handlebars.SafeString(Markdown.toHtml(text == null ? "" : text.toString())));
    // {{date t}}: an ISO timestamp as people read it, "22 Nov 2026, 00:59 UTC".
    hb.registerHelper("date", (Helper<Object>) (t, options) -> {
      if (t == null) return "";
      try {
        return STAMP.format(java.time.OffsetDateTime.parse(t.toString())
            .atZoneSameInstant(java.time.ZoneOffset.UTC));
      } catch (java.time.format.DateTimeParseException e) {
        return t.toString();
      }
    });
  }

  public Future<Void> render(RoutingContext ctx, String template, JsonObject model) {
    return render(ctx, 200, template, model);
  }

  public Future<Void> render(RoutingContext ctx, int status, String template, JsonObject model) {
    return html(ctx, template, model).compose(body -> ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "text/html; charset=utf-8")
        .putHeader("Cache-Control", "no-store")
        .end(body));
  }

  /** The page as a string, with what every page needs (CSRF token, who is signed in). */
  public Future<String> html(RoutingContext ctx, String template, JsonObject model) {
    JsonObject data = model.copy()
        .put("csrf", csrf.token(ctx))
        .put("baseUrl", baseUrl);
    Object me = ctx.get("account.view");
    if (me != null) data.put("me", me);
    try {
      Template page = pages.get(template);
      if (page == null) {
        page = handlebars.compile(template);
        pages.put(template, page);
      }
      return Future.succeededFuture(page.apply(plain(data)));
    } catch (IOException | RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Plain maps and lists, which Handlebars' own resolvers walk (it does not know Vert.x JSON). */
  public static Object plain(Object v) {
    if (v instanceof JsonObject o) {
      Map<String, Object> m = new LinkedHashMap<>();
      o.forEach(e -> m.put(e.getKey(), plain(e.getValue())));
      return m;
    }
    if (v instanceof JsonArray a) return a.stream().map(Views::plain).toList();
    return v;
  }
}
