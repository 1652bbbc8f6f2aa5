package org.convene.mail;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.convene.members.AnnouncementStore;

/**
 * Who unsubscribed from what (V9 mail_suppressions): written from the unsubscribe link, read by
 * the sender before each non-transactional mail. Addresses are compared as the table holds them,
 * normalized by PostgreSQL itself so that Java's and PostgreSQL's lower() never disagree.
 */
public final class SuppressionStore {
  private static final String OF_EMAILS = """
      SELECT email, group_id FROM mail_suppressions WHERE email = ANY($1)""";
  // A group deleted since the mail was sent sends nothing more: there is nothing to suppress.
  // Idempotent: a mail client may send its one-click POST more than once.
  private static final String SUPPRESS = """
      INSERT INTO mail_suppressions (email, group_id)
      SELECT lower(btrim($1)), $2::uuid
      WHERE $2::uuid IS NULL OR EXISTS (SELECT 1 FROM groups WHERE id = $2::uuid)
      ON CONFLICT DO NOTHING""";
  // Mail from the group comes again only when neither it nor all mail is stopped.
  private static final String RESUBSCRIBE = """
      DELETE FROM mail_suppressions
      WHERE email = lower(btrim($1)) AND (group_id IS NULL OR group_id = $2::uuid)""";
  private static final String GROUP_NAME = "SELECT name FROM groups WHERE id = $1";

  /** What one address stopped: everything, or these groups' mail. */
  public record Suppressed(boolean all, Set<UUID> groups) {
    static final Suppressed NOTHING = new Suppressed(false, Set.of());

    public boolean covers(UUID group) {
      return all || group != null && groups.contains(group);
    }
  }

  private final Pool pool;

  public SuppressionStore(Pool pool) {
    this.pool = pool;
  }

  /** Each address's suppressions, every address asked for present (NOTHING when it has none). */
  public Future<Map<String, Suppressed>> of(List<String> emails) {
    List<String> normalized = emails.stream().map(UnsubscribeTokens::normalized).distinct().toList();
    return pool.preparedQuery(OF_EMAILS).execute(Tuple.of(normalized.toArray(new String[0])))
        .map(rows -> {
          Map<String, Boolean> all = new HashMap<>();
          Map<String, Set<UUID>> groups = new HashMap<>();
          for (Row r : rows) {
            UUID g = r.getUUID("group_id");
            if (g == null) {
              all.put(r.getString("email"), true);
            } else {
              groups.computeIfAbsent(r.getString("email"), k -> new HashSet<>()).add(g);
            }
          }
          Map<String, Suppressed> out = new HashMap<>();
          for (String e : normalized) {
            out.put(e, new Suppressed(all.getOrDefault(e, false), groups.getOrDefault(e, Set.of())));
          }
          return out;
        });
  }

  public Future<Suppressed> of(String email) {
    return of(List.of(email)).map(m -> m.get(UnsubscribeTokens.normalized(email)));
  }

  /**
   * Stops the group's mail to the address, or all of it when {@code groupId} is null. For a
   * member of the group that includes announcements: their choice becomes "none" with it, so
   * their page says so, and resubscribing brings other mail back but not announcements, which
   * the member chooses again on their page.
   */
  public Future<Void> suppress(String email, UUID groupId) {
    return pool.withTransaction(conn -> conn.preparedQuery(SUPPRESS)
        .execute(Tuple.of(email, groupId))
        .compose(x -> AnnouncementStore.stop(conn, email, groupId)));
  }

  public Future<Void> resubscribe(String email, UUID groupId) {
    return pool.preparedQuery(RESUBSCRIBE).execute(Tuple.of(email, groupId)).mapEmpty();
  }

  /** The group's name, or null when it is gone. */
  public Future<String> groupName(UUID groupId) {
    if (groupId == null) return Future.succeededFuture(null);
    return pool.preparedQuery(GROUP_NAME).execute(Tuple.of(groupId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("name"));
  }
}
