package org.convene.web;

import org.convene.core.Problem;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.convene.db.Ids;

/**
 * Signed double-submit CSRF tokens: the same value in a cookie and in every form, signed with a
 * secret shared through PostgreSQL. Checking it needs no database lookup, so anonymous visitors to
 * the public pages (the hot path) cost no session read, and any instance accepts any form.
 */
public final class Csrf {
  public static final String COOKIE = "cv_csrf";
  public static final String FIELD = "_csrf";
  private static final String CTX_KEY = "csrf.token";

  private final byte[] key;
  private final boolean secureCookies;
  private final String origin;

  /** {@code baseUrl}: the public address; its origin is the only one an anonymous form may come from. */
  public Csrf(byte[] key, boolean secureCookies, String baseUrl) {
    this.key = key.clone();
    this.secureCookies = secureCookies;
    java.net.URI u = java.net.URI.create(baseUrl);
    this.origin = u.getScheme() + "://" + u.getRawAuthority();
  }

  /** The token for forms on this page, setting the cookie when the visitor has none yet. */
  public String token(RoutingContext ctx) {
    String cached = ctx.get(CTX_KEY);
    if (cached != null) return cached;
    Cookie existing = ctx.request().getCookie(COOKIE);
    String token = existing != null && valid(existing.getValue()) ? existing.getValue() : null;
    if (token == null) {
      String nonce = Ids.random(18);
      token = nonce + "." + sign(nonce);
      ctx.response().addCookie(Cookie.cookie(COOKIE, token)
          .setPath("/").setHttpOnly(true).setSecure(secureCookies)
          .setSameSite(CookieSameSite.LAX).setMaxAge(60L * 60 * 24 * 30));
    }
    ctx.put(CTX_KEY, token);
    return token;
  }

  /** Route handler for every form POST outside the API. */
  public void verify(RoutingContext ctx) {
    if (isOneClickUnsubscribe(ctx) || isAnonymousRsvp(ctx)) {
      ctx.next();
      return;
    }
    Cookie cookie = ctx.request().getCookie(COOKIE);
    String sent = ctx.request().getFormAttribute(FIELD);
    if (cookie == null || sent == null || !valid(sent)
        || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
            cookie.getValue().getBytes(StandardCharsets.UTF_8))) {
      ctx.fail(new Problem(Problem.Kind.FORBIDDEN, "csrf",
          "This form has expired. Go back, reload the page and send it again."));
      return;
    }
    ctx.next();
  }

  /**
   * The POST a mail client sends for RFC 8058 one-click unsubscribe: no cookie, no form token,
   * only this one field. Exempt because its URL is the secret (only the recipient has it) and all
   * it can do is stop mail, idempotently; anything more in the body is a normal form and checked.
   */
  public static boolean isOneClickUnsubscribe(RoutingContext ctx) {
    var form = ctx.request().formAttributes();
    return ONE_CLICK_PATH.matcher(ctx.request().path()).matches()
        && form.size() == 1 && form.getAll("List-Unsubscribe").size() == 1
        && "One-Click".equals(form.get("List-Unsubscribe"));
  }

  /**
   * The RSVP form of the public event page, sent without a token. That page is the same for every
   * anonymous visitor (so caches may hold it) and so cannot carry a per-visitor token. What a
   * token would stop is a foreign site making the visitor's browser send the form: an RSVP holds
   * no session's power (the address typed gets the mail, the link goes only to it), and browsers
   * say where a form comes from, so one from another site is refused by its Sec-Fetch-Site or
   * Origin header. A form that sends a token is checked as any other.
   */
  boolean isAnonymousRsvp(RoutingContext ctx) {
    if (!EVENT_PATH.matcher(ctx.request().path()).matches()
        || ctx.request().getFormAttribute(FIELD) != null) {
      return false;
    }
    String site = ctx.request().getHeader("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) return false;
    String from = ctx.request().getHeader("Origin");
    return from == null || from.equalsIgnoreCase(origin);
  }

  private static final java.util.regex.Pattern EVENT_PATH =
      java.util.regex.Pattern.compile("/e/[A-Za-z0-9_-]+");

  private static final java.util.regex.Pattern ONE_CLICK_PATH =
      java.util.regex.Pattern.compile("/u/[A-Za-z0-9_-]+");

  boolean valid(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) return false;
    byte[] expected = sign(token.substring(0, dot)).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected,
        token.substring(dot + 1).getBytes(StandardCharsets.UTF_8));
  }

  private String sign(String nonce) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] sig = mac.doFinal(("csrf:" + nonce).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
