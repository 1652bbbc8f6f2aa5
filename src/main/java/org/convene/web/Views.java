package org.convene.web;

import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.cache.ConcurrentMapTemplateCache;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.templ.handlebars.HandlebarsTemplateEngine;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Renders the Handlebars pages in templates/, all sharing partials/layout.hbs. */
public final class Views {
  private final HandlebarsTemplateEngine engine;
  private final Csrf csrf;
  private final String baseUrl;

  public Views(Vertx vertx, Csrf csrf, String baseUrl) {
    this.engine = HandlebarsTemplateEngine.create(vertx);
    this.csrf = csrf;
    this.baseUrl = baseUrl;
    Handlebars hb = engine.unwrap();
    hb.getLoader().setCharset(StandardCharsets.UTF_8);
    // Pages are cached by Vert.x, but partials are resolved through Handlebars' own cache, which
    // is a no-op by default: without this every render re-reads and re-parses each partial.
    hb.with(new ConcurrentMapTemplateCache());
    hb.registerHelper("eq", (Helper<Object>) (a, options) -> {
      Object other = options.param(0, null);
      return Objects.equals(String.valueOf(a), String.valueOf(other));
    });
    hb.registerHelper("markdown", (Helper<Object>) (text, options) ->
        new Handlebars.SafeString(Markdown.toHtml(text == null ? "" : text.toString())));
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
    return engine.render(data.getMap(), "templates/" + template + ".hbs")
        .map(buf -> buf.toString(StandardCharsets.UTF_8));
  }
}
