package org.convene.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Renders the pages in templates/ (see Templates), all sharing partials/layout.hbs. */
public final class Views {
  private final Templates pages = Templates.pages();
  private final Csrf csrf;
  private final String baseUrl;

  public Views(Vertx vertx, Csrf csrf, String baseUrl) {
    this.csrf = csrf;
    this.baseUrl = baseUrl;
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

  /**
   * The page as every anonymous visitor sees it: no CSRF token (and no cookie set), nobody signed
   * in. Forms on such a page are the ones that work without a session (see Csrf#verify).
   */
  public Future<String> anonymous(String template, JsonObject model) {
    return apply(template, model.copy().put("baseUrl", baseUrl));
  }

  /** The page as a string, with what every page needs (CSRF token, who is signed in). */
  public Future<String> html(RoutingContext ctx, String template, JsonObject model) {
    JsonObject data = model.copy()
        .put("csrf", csrf.token(ctx))
        .put("baseUrl", baseUrl);
    Object me = ctx.get("account.view");
    if (me != null) data.put("me", me);
    return apply(template, data);
  }

  private Future<String> apply(String template, JsonObject data) {
    try {
      return Future.succeededFuture(pages.apply(template, data));
    } catch (java.io.IOException | RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
