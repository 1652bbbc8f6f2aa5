package org.convene.accounts;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.convene.core.Problem;

/**
 * Who is asking. The API knows organizers by bearer token, the web by a session cookie whose
 * session row lives in PostgreSQL (so it survives restarts and works on every instance).
 * Public pages never call this for a visitor without a session cookie.
 */
public final class Auth {
  public static final String SESSION_COOKIE = "cv_session";
  private static final String CTX_ACCOUNT = "account";

  private final AccountStore store;
  private final boolean secureCookies;

  public Auth(AccountStore store, boolean secureCookies) {
    this.store = store;
    this.secureCookies = secureCookies;
  }

  /** The organizer behind the bearer token, or a 401. */
  public Future<Account> apiAccount(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Future.failedFuture(Problem.unauthorized());
    }
    return store.tokenAccount(header.substring(7).trim()).compose(a -> a == null
        ? Future.failedFuture(new Problem(Problem.Kind.UNAUTHORIZED, "unauthorized", "That API token is not valid."))
        : Future.succeededFuture(remember(ctx, a)));
  }

  /** The bearer's account when a token is sent, null for anonymous API calls. */
  public Future<Account> optionalApiAccount(RoutingContext ctx) {
    return ctx.request().getHeader("Authorization") == null
        ? Future.succeededFuture(null) : apiAccount(ctx);
  }

  /**
   * True when the visitor sent no session cookie: the public pages answer them the page every
   * anonymous visitor gets (see PublicPages), without reading a session.
   */
  public static boolean anonymous(RoutingContext ctx) {
    Cookie c = ctx.request().getCookie(SESSION_COOKIE);
    return c == null || c.getValue().isBlank();
  }

  /** The signed-in organizer on the web, or null. No cookie, no database read. */
  public Future<Account> webAccount(RoutingContext ctx) {
    if (ctx.get(CTX_ACCOUNT) != null) return Future.succeededFuture(ctx.get(CTX_ACCOUNT));
    Cookie c = ctx.request().getCookie(SESSION_COOKIE);
    if (c == null || c.getValue().isBlank()) return Future.succeededFuture(null);
    return store.sessionAccount(c.getValue()).map(a -> a == null ? null : remember(ctx, a));
  }

  /** The signed-in organizer, or a redirect to the login page (then an empty result). */
  public Future<Account> requireWeb(RoutingContext ctx) {
    return webAccount(ctx).compose(a -> {
      if (a != null) return Future.succeededFuture(a);
      // Only a page can be returned to: after a form POST the login lands on the dashboard.
      String next = ctx.request().method() == HttpMethod.GET ? ctx.request().uri() : "/organize";
      ctx.redirect("/login?next=" + java.net.URLEncoder.encode(next,
          java.nio.charset.StandardCharsets.UTF_8));
      return Future.failedFuture(new AlreadyAnswered());
    });
  }

  public void setSessionCookie(RoutingContext ctx, String token) {
    ctx.response().addCookie(Cookie.cookie(SESSION_COOKIE, token).setPath("/")
        .setHttpOnly(true).setSecure(secureCookies).setSameSite(CookieSameSite.LAX)
        .setMaxAge(60L * 60 * 24 * 30));
  }

  public void clearSessionCookie(RoutingContext ctx) {
    ctx.response().addCookie(Cookie.cookie(SESSION_COOKIE, "").setPath("/")
        .setHttpOnly(true).setSecure(secureCookies).setSameSite(CookieSameSite.LAX)
        .setMaxAge(0));
  }

  private static Account remember(RoutingContext ctx, Account a) {
    ctx.put(CTX_ACCOUNT, a);
    ctx.put("account.view", new JsonObject().put("name", a.name()).put("email", a.email()));
    return a;
  }

  /** Signals that the handler already answered (e.g. redirected to login); not an error. */
  public static final class AlreadyAnswered extends RuntimeException {
    public AlreadyAnswered() {
      super(null, null, false, false);
    }
  }
}
