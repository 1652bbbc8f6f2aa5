package org.convene.members;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The member directory's reads. Only verified, listed members ever leave {@link #listed}; what of
 * each one a viewer sees is DirectoryRules' decision, made on every request from the live rows,
 * so a member who unlists or leaves is gone from the next page.
 */
public final class DirectoryStore {
  static final String COLUMNS = """
      m.id, m.group_id, g.slug AS group_slug, g.name AS group_name, m.token, m.email, m.name,
      m.verified_at IS NOT NULL AS verified, m.listed, m.shared, m.class_year, m.programme,
      m.chapter, m.industry, m.employer, m.headline, m.profile_url, m.goals, m.topics""";
  private static final String BY_TOKEN = "SELECT " + COLUMNS
      + " FROM members m JOIN groups g ON g.id = m.group_id WHERE m.token = $1";
  static final String BY_ID = "SELECT " + COLUMNS
      + " FROM members m JOIN groups g ON g.id = m.group_id WHERE m.id = $1";
  // Bounded: the page and the API filter and rank in DirectoryRules, one implementation of what
  // a filter may match (shared fields only). The partial index members_directory_idx serves it.
  private static final String LISTED = "SELECT " + COLUMNS + """
       FROM members m JOIN groups g ON g.id = m.group_id
      WHERE m.group_id = $1 AND m.listed AND m.verified_at IS NOT NULL AND m.id <> $2
      ORDER BY lower(m.name), m.id
      LIMIT $3""";

  /** The most members one directory read returns. */
  public static final int MAX = 5000;

  private final Pool pool;

  public DirectoryStore(Pool pool) {
    this.pool = pool;
  }

  /** The member behind a private link, or null (a token of the wrong shape is simply unknown). */
  public Future<DirectoryMember> byToken(String token) {
    if (token == null || token.length() < 16 || token.length() > 128) {
      return Future.succeededFuture(null);
    }
    return pool.preparedQuery(BY_TOKEN).execute(Tuple.of(token)).map(DirectoryStore::first);
  }

  public Future<DirectoryMember> byId(UUID id) {
    return byId(pool, id);
  }

  static Future<DirectoryMember> byId(SqlClient db, UUID id) {
    return db.preparedQuery(BY_ID).execute(Tuple.of(id)).map(DirectoryStore::first);
  }

  /** The other verified, listed members of the viewer's group, by name. */
  public Future<List<DirectoryMember>> listed(DirectoryMember viewer) {
    return pool.preparedQuery(LISTED).execute(Tuple.of(viewer.groupId(), viewer.id(), MAX))
        .map(rows -> {
          List<DirectoryMember> out = new ArrayList<>(rows.size());
          for (Row r : rows) out.add(of(r));
          return out;
        });
  }

  static DirectoryMember first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : of(rows.iterator().next());
  }

  static DirectoryMember of(Row r) {
    return new DirectoryMember(r.getUUID("id"), r.getUUID("group_id"), r.getString("group_slug"),
        r.getString("group_name"), r.getString("token"), r.getString("email"), r.getString("name"),
        r.getBoolean("verified"), r.getBoolean("listed"), Set.of(strings(r, "shared")),
        r.getInteger("class_year"), r.getString("programme"), r.getString("chapter"),
        r.getString("industry"), r.getString("employer"), r.getString("headline"),
        r.getString("profile_url"), List.of(strings(r, "goals")), List.of(strings(r, "topics")));
  }

  private static String[] strings(Row r, String column) {
    String[] v = r.getArrayOfStrings(column);
    return v == null ? new String[0] : Arrays.stream(v).filter(java.util.Objects::nonNull).distinct().toArray(String[]::new);
  }
}
