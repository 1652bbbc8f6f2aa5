package org.convene.calendar;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.convene.db.Ids;
import org.convene.web.Fields;

/**
 * A person's private feed token (the {feedToken} of /feeds/{feedToken}/calendar.ics), one per
 * normalized email across all events. It is only ever delivered by email: pages show that a
 * feed exists, never its address. Works on a pool or on the caller's transaction connection.
 */
public final class FeedTokenStore {
  private static final String FIND = "SELECT feed_token FROM people WHERE email = $1";
  private static final String CREATE = """
      WITH wanted AS (SELECT * FROM unnest($1::text[], $2::text[]) AS w(email, token)),
      created AS (
        INSERT INTO people (email, feed_token) SELECT email, token FROM wanted
        ON CONFLICT (email) DO NOTHING RETURNING email, feed_token)
      SELECT email, feed_token FROM created
      UNION ALL
      SELECT p.email, p.feed_token FROM people p JOIN wanted USING (email)""";
  private static final String ROTATE = """
      UPDATE people SET feed_token = $2, feed_version = feed_version + 1,
        feed_changed_at = greatest(feed_changed_at, clock_timestamp())
      WHERE email = $1 RETURNING feed_token""";

  private FeedTokenStore() {}

  /** The person's feed token, created on first use. Fails for something that is not an email. */
  public static Future<String> forEmail(SqlClient db, String email) {
    String normalized = Fields.normalizeEmail(email);
    if (normalized == null) {
      return Future.failedFuture(new IllegalArgumentException("not an email address"));
    }
    return forEmails(db, List.of(normalized)).compose(tokens -> {
      String token = tokens.get(normalized);
      if (token != null) return Future.succeededFuture(token);
      // Another transaction inserted the row after this statement's snapshot: read it now.
      return db.preparedQuery(FIND).execute(Tuple.of(normalized))
          .map(again -> again.iterator().next().getString("feed_token"));
    });
  }

  /**
   * The feed tokens of several people in one statement (a mail batch), created on first use.
   * Addresses that are not emails, or whose row another transaction inserted meanwhile, are
   * left out of the answer; {@link #forEmail} finds those.
   */
  public static Future<Map<String, String>> forEmails(SqlClient db, Collection<String> emails) {
    List<String> normalized = emails.stream().map(Fields::normalizeEmail)
        .filter(Objects::nonNull).distinct().toList();
    if (normalized.isEmpty()) return Future.succeededFuture(Map.of());
    String[] tokens = normalized.stream().map(e -> Ids.token()).toArray(String[]::new);
    return db.preparedQuery(CREATE)
        .execute(Tuple.tuple().addValue(normalized.toArray(new String[0])).addValue(tokens))
        .map(rows -> {
          Map<String, String> out = new HashMap<>();
          rows.forEach(r -> out.put(r.getString("email"), r.getString("feed_token")));
          return out;
        });
  }

  /**
   * Replaces the person's token with a new one (created if they had none) and answers it. The
   * old feed URL answers 404 from the moment the change commits.
   */
  public static Future<String> rotate(SqlClient db, String email) {
    String normalized = Fields.normalizeEmail(email);
    if (normalized == null) {
      return Future.failedFuture(new IllegalArgumentException("not an email address"));
    }
    return db.preparedQuery(ROTATE).execute(Tuple.of(normalized, Ids.token())).compose(rows ->
        rows.size() > 0 ? Future.succeededFuture(rows.iterator().next().getString("feed_token"))
            : forEmail(db, normalized));
  }

  /** The feed's https:// address (for the mail's text). */
  public static String feedUrl(String baseUrl, String token) {
    return baseUrl + "/feeds/" + token + "/calendar.ics";
  }

  /** The same feed as webcal://, which opens the subscribe dialog of Apple Calendar and Outlook. */
  public static String webcalUrl(String baseUrl, String token) {
    return feedUrl(baseUrl, token).replaceFirst("^https?://", "webcal://");
  }

  /** Whether a path segment can be a feed token at all (saves a query for junk). */
  static boolean wellFormed(String token) {
    return token != null && token.matches("[A-Za-z0-9_-]{22,64}");
  }
}
