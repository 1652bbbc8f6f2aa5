package org.convene.accounts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.convene.db.Ids;
import org.convene.core.Problem;

/** Accounts, login sessions and API tokens. Tokens and session ids are stored only as hashes. */
public final class AccountStore {
  private static final String CREATE = """
      INSERT INTO accounts (email, name, password_hash) VALUES ($1, $2, $3)
      RETURNING id, email, name""";
  private static final String BY_EMAIL = """
      SELECT id, email, name, password_hash FROM accounts WHERE email = $1""";
  private static final String CREATE_SESSION = """
      INSERT INTO sessions (token_hash, account_id, expires_at)
      VALUES ($1, $2, now() + interval '30 days')""";
  private static final String SESSION_ACCOUNT = """
      SELECT a.id, a.email, a.name FROM sessions s JOIN accounts a ON a.id = s.account_id
      WHERE s.token_hash = $1 AND s.expires_at > now()""";
  private static final String DELETE_SESSION = "DELETE FROM sessions WHERE token_hash = $1";
  private static final String FORGET_EXPIRED_SESSIONS = "DELETE FROM sessions WHERE expires_at < now()";
  private static final String CREATE_TOKEN = """
      INSERT INTO api_tokens (account_id, token_hash, label) VALUES ($1, $2, $3)
      RETURNING id, created_at""";
  private static final String TOKEN_ACCOUNT = """
      SELECT a.id, a.email, a.name, t.id AS token_id,
             (t.last_used_at IS NULL OR t.last_used_at < now() - interval '5 minutes') AS stale
      FROM api_tokens t JOIN accounts a ON a.id = t.account_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL""";
  private static final String TOUCH_TOKEN = "UPDATE api_tokens SET last_used_at = now() WHERE id = $1";
  private static final String LIST_TOKENS = """
      SELECT id, label, created_at, last_used_at FROM api_tokens
      WHERE account_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC""";
  private static final String REVOKE_TOKEN = """
      UPDATE api_tokens SET revoked_at = now()
      WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL""";

  /** An account with its password hash, only for checking a login. */
  public record Credentials(Account account, String passwordHash) {}

  private final Pool pool;

  public AccountStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Account> create(String email, String name, String passwordHash) {
    return pool.preparedQuery(CREATE).execute(Tuple.of(email, name, passwordHash))
        .map(rows -> account(rows.iterator().next()))
        .recover(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState())
            ? Future.failedFuture(new Problem(Problem.Kind.CONFLICT, "email_taken",
                "An account with this email already exists.",
                new JsonObject().put("email", "An account with this email already exists.")))
            : Future.failedFuture(e));
  }

  public Future<Credentials> credentials(String email) {
    return pool.preparedQuery(BY_EMAIL).execute(Tuple.of(email)).map(rows -> {
      if (rows.size() == 0) return null;
      Row r = rows.iterator().next();
      return new Credentials(account(r), r.getString("password_hash"));
    });
  }

  /** Starts a login session; returns the cookie value (never stored as such). */
  public Future<String> startSession(UUID accountId) {
    String token = Ids.random(32);
    return pool.preparedQuery(CREATE_SESSION)
        .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(Ids.sha256(token)), accountId))
        .map(token);
  }

  public Future<Account> sessionAccount(String token) {
    return pool.preparedQuery(SESSION_ACCOUNT)
        .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(Ids.sha256(token))))
        .map(rows -> rows.size() == 0 ? null : account(rows.iterator().next()));
  }

  public Future<Void> endSession(String token) {
    return pool.preparedQuery(DELETE_SESSION)
        .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(Ids.sha256(token)))).mapEmpty();
  }

  public Future<Void> forgetExpiredSessions() {
    return pool.query(FORGET_EXPIRED_SESSIONS).execute().mapEmpty();
  }

  /** Creates an API token; the plain value is returned once and never again. */
  public Future<JsonObject> createToken(UUID accountId, String label) {
    String token = "cvn_" + Ids.random(32);
    return pool.preparedQuery(CREATE_TOKEN)
        .execute(Tuple.of(accountId, io.vertx.core.buffer.Buffer.buffer(Ids.sha256(token)), label))
        .map(rows -> {
          Row r = rows.iterator().next();
          return new JsonObject().put("token", token).put("id", r.getUUID("id").toString())
              .put("label", label).put("createdAt", r.getOffsetDateTime("created_at").toString());
        });
  }

  public Future<Account> tokenAccount(String token) {
    return pool.preparedQuery(TOKEN_ACCOUNT)
        .execute(Tuple.of(io.vertx.core.buffer.Buffer.buffer(Ids.sha256(token))))
        .compose(rows -> {
          if (rows.size() == 0) return Future.succeededFuture(null);
          Row r = rows.iterator().next();
          Account a = account(r);
          if (!r.getBoolean("stale")) return Future.succeededFuture(a);
          return pool.preparedQuery(TOUCH_TOKEN).execute(Tuple.of(r.getUUID("token_id"))).map(a);
        });
  }

  public Future<JsonArray> tokens(UUID accountId) {
    return pool.preparedQuery(LIST_TOKENS).execute(Tuple.of(accountId)).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row r : rows) {
        out.add(new JsonObject().put("id", r.getUUID("id").toString())
            .put("label", r.getString("label"))
            .put("createdAt", r.getOffsetDateTime("created_at").toString())
            .put("lastUsedAt", r.getOffsetDateTime("last_used_at") == null ? null
                : r.getOffsetDateTime("last_used_at").toString()));
      }
      return out;
    });
  }

  public Future<Boolean> revokeToken(UUID tokenId, UUID accountId) {
    return pool.preparedQuery(REVOKE_TOKEN).execute(Tuple.of(tokenId, accountId))
        .map(rows -> rows.rowCount() == 1);
  }

  private static Account account(Row r) {
    return new Account(r.getUUID("id"), r.getString("email"), r.getString("name"));
  }
}
