package org.convene.accounts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.UUID;
import org.convene.core.Config;
import org.convene.web.Failures;
import org.convene.web.ClientAddress;
import org.convene.web.Fields;
import org.convene.core.Problem;
import org.convene.web.JsonInput;
import org.convene.web.RateLimiter;
import org.convene.web.Views;

/** Sign-up, login, logout and API tokens, on the web and under /api/v1. */
public final class AccountRoutes {
  private final AccountStore store;
  private final Auth auth;
  private final Passwords passwords;
  private final RateLimiter limits;
  private final ClientAddress clients;
  private final Views views;
  private final Config config;

  public AccountRoutes(AccountStore store, Auth auth, Passwords passwords, RateLimiter limits,
                       ClientAddress clients, Views views, Config config) {
    this.store = store;
    this.auth = auth;
    this.passwords = passwords;
    this.limits = limits;
    this.clients = clients;
    this.views = views;
    this.config = config;
  }

  public void mount(Router r) {
    r.get("/signup").handler(this::signupPage);
    r.post("/signup").handler(this::signupFromForm);
    r.get("/login").handler(this::loginPage);
    r.post("/login").handler(this::loginFromForm);
    r.post("/logout").handler(this::logout);
    r.post("/organize/tokens").handler(this::createTokenFromForm);
    r.post("/organize/tokens/:tokenId/revoke").handler(this::revokeTokenFromForm);

    r.post("/api/v1/accounts").handler(this::createAccount);
    r.post("/api/v1/tokens").handler(this::createToken);
    r.get("/api/v1/tokens").handler(this::listTokens);
    r.delete("/api/v1/tokens/:tokenId").handler(this::revokeToken);
  }

  /** A new account's fields, checked; errors keyed by field. */
  record SignUp(String email, String name, String password, JsonObject errors) {
    static SignUp check(String rawEmail, String rawName, String password) {
      JsonObject errors = new JsonObject();
      String email = Fields.normalizeEmail(rawEmail);
      if (email == null) errors.put("email", "Enter an email address like name@example.org.");
      String name = Fields.line(rawName);
      if (name == null) errors.put("name", "Enter your name.");
      else if (name.length() > 100) errors.put("name", "Keep the name under 100 characters.");
      if (password == null || password.length() < 10) {
        errors.put("password", "Use at least 10 characters.");
      } else if (password.length() > 200) {
        errors.put("password", "Use at most 200 characters.");
      }
      return new SignUp(email, name, password, errors);
    }
  }

  // ---- web ----

  private void signupPage(RoutingContext ctx) {
    views.render(ctx, "signup", new JsonObject().put("title", "Create an organizer account")
        .put("form", new JsonObject())).onFailure(ctx::fail);
  }

  private void signupFromForm(RoutingContext ctx) {
    var form = ctx.request().formAttributes();
    SignUp s = SignUp.check(form.get("email"), form.get("name"), form.get("password"));
    JsonObject typed = new JsonObject().put("email", form.get("email")).put("name", form.get("name"));
    if (!s.errors().isEmpty()) {
      views.render(ctx, 400, "signup", new JsonObject().put("title", "Create an organizer account")
          .put("form", typed).put("errors", s.errors())).onFailure(ctx::fail);
      return;
    }
    limits.hit("signup:" + clients.of(ctx), config.loginRateLimit())
        .compose(v -> passwords.hash(s.password()))
        .compose(hash -> store.create(s.email(), s.name(), hash))
        .compose(account -> store.startSession(account.id()))
        .onSuccess(token -> {
          auth.setSessionCookie(ctx, token);
          ctx.redirect("/organize");
        })
        .onFailure(e -> {
          if (e instanceof Problem h && h.is(Problem.Kind.CONFLICT)) {
            views.render(ctx, 409, "signup", new JsonObject()
                .put("title", "Create an organizer account").put("form", typed)
                .put("errors", new JsonObject().put("email",
                    "An account with this email already exists. Log in instead.")))
                .onFailure(ctx::fail);
          } else {
            ctx.fail(e);
          }
        });
  }

  private void loginPage(RoutingContext ctx) {
    String next = Fields.localPath(ctx.request().getParam("next"));
    views.render(ctx, "login", new JsonObject().put("title", "Log in")
        .put("form", new JsonObject().put("next", next))).onFailure(ctx::fail);
  }

  private void loginFromForm(RoutingContext ctx) {
    var form = ctx.request().formAttributes();
    String next = Fields.localPath(form.get("next"));
    JsonObject typed = new JsonObject().put("email", form.get("email")).put("next", next);
    login(ctx, form.get("email"), form.get("password"))
        .compose(store::startSession)
        .onSuccess(token -> {
          auth.setSessionCookie(ctx, token);
          ctx.redirect(next == null ? "/organize" : next);
        })
        .onFailure(e -> {
          if (e instanceof Problem h && (h.is(Problem.Kind.UNAUTHORIZED) || h.is(Problem.Kind.RATE_LIMITED))) {
            views.render(ctx, Failures.statusOf(h.kind()), "login", new JsonObject().put("title", "Log in")
                .put("form", typed).put("message", h.getMessage())).onFailure(ctx::fail);
          } else {
            ctx.fail(e);
          }
        });
  }

  private void logout(RoutingContext ctx) {
    var cookie = ctx.request().getCookie(Auth.SESSION_COOKIE);
    Future<Void> end = cookie == null ? Future.succeededFuture() : store.endSession(cookie.getValue());
    end.onSuccess(v -> {
      auth.clearSessionCookie(ctx);
      ctx.redirect("/");
    }).onFailure(ctx::fail);
  }

  private void createTokenFromForm(RoutingContext ctx) {
    String label = Fields.line(ctx.request().getFormAttribute("label"));
    auth.requireWeb(ctx)
        .compose(a -> store.createToken(a.id(), label == null ? "API token" : truncate(label, 80)))
        .compose(t -> views.render(ctx, "token-created",
            new JsonObject().put("title", "Your new API token").put("token", t)))
        .onFailure(e -> failUnlessAnswered(ctx, e));
  }

  private void revokeTokenFromForm(RoutingContext ctx) {
    UUID id = uuidOrNull(ctx.pathParam("tokenId"));
    auth.requireWeb(ctx)
        .compose(a -> id == null ? Future.succeededFuture(false) : store.revokeToken(id, a.id()))
        .onSuccess(ok -> ctx.redirect("/organize#tokens"))
        .onFailure(e -> failUnlessAnswered(ctx, e));
  }

  // ---- API ----

  private void createAccount(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, Set.of("email", "password", "name"));
    SignUp s = SignUp.check(in.string("email"), in.string("name"), in.string("password"));
    s.errors().forEach(e -> in.error(e.getKey(), (String) e.getValue()));
    in.check();
    limits.hit("signup:" + clients.of(ctx), config.loginRateLimit())
        .compose(v -> passwords.hash(s.password()))
        .compose(hash -> store.create(s.email(), s.name(), hash))
        .onSuccess(a -> ctx.response().setStatusCode(201)
            .putHeader("Content-Type", "application/json").end(a.toJson().encode()))
        .onFailure(ctx::fail);
  }

  private void createToken(RoutingContext ctx) {
    JsonInput in = JsonInput.of(ctx, Set.of("email", "password", "label"));
    String email = in.string("email");
    String password = in.string("password");
    String label = Fields.line(in.string("label"));
    if (email == null) in.error("email", "required");
    if (password == null) in.error("password", "required");
    in.check();
    login(ctx, email, password)
        .compose(id -> store.createToken(id, label == null ? "API" : truncate(label, 80)))
        .onSuccess(t -> ctx.response().setStatusCode(201)
            .putHeader("Content-Type", "application/json").end(t.encode()))
        .onFailure(ctx::fail);
  }

  private void listTokens(RoutingContext ctx) {
    auth.apiAccount(ctx).compose(a -> store.tokens(a.id()))
        .onSuccess(list -> ctx.json(new JsonObject().put("tokens", list)))
        .onFailure(ctx::fail);
  }

  private void revokeToken(RoutingContext ctx) {
    UUID id = uuidOrNull(ctx.pathParam("tokenId"));
    auth.apiAccount(ctx)
        .compose(a -> id == null ? Future.succeededFuture(false) : store.revokeToken(id, a.id()))
        .onSuccess(ok -> {
          if (ok) ctx.response().setStatusCode(204).end();
          else ctx.fail(Problem.notFound());
        })
        .onFailure(ctx::fail);
  }

  // ---- shared ----

  /**
   * Checks email and password. Every attempt is counted before the password is looked at, in one
   * statement per key, so a parallel burst cannot slip past the count; a successful one is taken
   * back afterwards, so only failures use up the limit. The keys are the client address and the
   * email from that address: a stranger elsewhere cannot lock an organizer out. Answers the
   * account id, or fails 401 / 429.
   */
  private Future<UUID> login(RoutingContext ctx, String rawEmail, String password) {
    String email = Fields.normalizeEmail(rawEmail);
    String client = clients.of(ctx);
    String byAddress = "login-ip:" + client;
    String byEmail = "login-email:" + (email == null ? "" : email) + " " + client;
    int limit = config.loginRateLimit();
    return limits.hit(byAddress, limit)
        .compose(v -> limits.hit(byEmail, limit)
            .recover(e -> limits.undo(byAddress, limit).compose(x -> Future.failedFuture(e))))
        .compose(v -> email == null || password == null
            ? Future.succeededFuture((AccountStore.Credentials) null) : store.credentials(email))
        .compose(c -> passwords.verify(password == null ? "" : password,
                c == null ? null : c.passwordHash())
            .compose(ok -> ok
                ? limits.undo(byAddress, limit).compose(v -> limits.undo(byEmail, limit))
                    .map(v -> c.account().id())
                : Future.failedFuture(new Problem(Problem.Kind.UNAUTHORIZED, "invalid_credentials",
                    "That email and password do not match an account."))));
  }

  static void failUnlessAnswered(RoutingContext ctx, Throwable e) {
    if (!(e instanceof Auth.AlreadyAnswered)) ctx.fail(e);
  }

  private static UUID uuidOrNull(String s) {
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
