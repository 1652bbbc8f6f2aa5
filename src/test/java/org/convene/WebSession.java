package org.convene;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser without JavaScript: keeps cookies, and sends forms with the CSRF token it scraped
 * from the last page it read, as a real form submission would.
 */
public final class WebSession {
  private static final Pattern CSRF_FIELD =
      Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
  private final TestServer server;
  private final Map<String, String> cookies = new LinkedHashMap<>();
  private String csrf;
  /** Every Set-Cookie header seen, raw, for checking cookie flags. */
  public final List<String> setCookieHeaders = new java.util.ArrayList<>();

  public WebSession(TestServer server) {
    this.server = server;
  }

  /** The same cookies, another instance (a load balancer sending us elsewhere). */
  public WebSession on(TestServer other) {
    WebSession s = new WebSession(other);
    s.cookies.putAll(cookies);
    s.csrf = csrf;
    return s;
  }

  public String cookie(String name) {
    return cookies.get(name);
  }

  public void dropCookie(String name) {
    cookies.remove(name);
  }

  public String csrf() {
    return csrf;
  }

  public HttpResponse<Buffer> get(String path) {
    return send(HttpMethod.GET, path, null);
  }

  /** Reads {@code page} first (for its CSRF token), then posts the form to {@code action}. */
  public HttpResponse<Buffer> submit(String page, String action, String... fields) {
    HttpResponse<Buffer> r = get(page);
    if (r.statusCode() != 200) throw new IllegalStateException(page + " answered " + r.statusCode());
    return post(action, fields);
  }

  /** Posts a form with the CSRF token of the last page read. */
  public HttpResponse<Buffer> post(String action, String... fields) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    if (csrf != null) form.add("_csrf", csrf);
    for (int i = 0; i + 1 < fields.length; i += 2) form.add(fields[i], fields[i + 1]);
    return send(HttpMethod.POST, action, form);
  }

  /** Posts a form exactly as given: no CSRF token added. */
  public HttpResponse<Buffer> postRaw(String action, String... fields) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i + 1 < fields.length; i += 2) form.add(fields[i], fields[i + 1]);
    return send(HttpMethod.POST, action, form);
  }

  /** Signs up through /signup and answers the response (a redirect to /organize on success). */
  public HttpResponse<Buffer> signUp(String email, String name, String password) {
    return submit("/signup", "/signup", "email", email, "name", name, "password", password);
  }

  public HttpResponse<Buffer> logIn(String email, String password) {
    return submit("/login", "/login", "email", email, "password", password);
  }

  private HttpResponse<Buffer> send(HttpMethod method, String path, MultiMap form) {
    var req = server.client().request(method, server.port, "localhost", path);
    if (!cookies.isEmpty()) {
      StringBuilder sb = new StringBuilder();
      cookies.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "; ").append(k).append('=').append(v));
      req.putHeader("Cookie", sb.toString());
    }
    HttpResponse<Buffer> r;
    try {
      r = (form == null ? req.send() : req.sendForm(form)).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    }
    for (String header : r.headers().getAll("Set-Cookie")) {
      setCookieHeaders.add(header);
      String pair = header.split(";", 2)[0];
      int eq = pair.indexOf('=');
      String name = pair.substring(0, eq).trim();
      String value = pair.substring(eq + 1).trim();
      boolean expired = header.toLowerCase().contains("max-age=0");
      if (expired || value.isEmpty()) cookies.remove(name);
      else cookies.put(name, value);
    }
    String body = r.bodyAsString();
    if (body != null) {
      Matcher m = CSRF_FIELD.matcher(body);
      if (m.find()) csrf = m.group(1);
    }
    return r;
  }
}
