package org.convene.groups;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.convene.core.Problem;

/** Groups and who organizes them. */
public final class GroupStore {
  private static final String COLUMNS = "g.id, g.slug, g.name, g.kind, g.description";
  private static final String BY_SLUG = "SELECT " + COLUMNS + " FROM groups g WHERE g.slug = $1";
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM groups g WHERE g.id = $1";
  private static final String INSERT = """
      INSERT INTO groups (slug, name, kind, description) VALUES ($1, $2, $3, $4)
      RETURNING id, slug, name, kind, description""";
  private static final String ADD_MEMBER = """
      INSERT INTO group_members (group_id, account_id, role) VALUES ($1, $2, $3)
      ON CONFLICT (group_id, account_id) DO UPDATE SET role = EXCLUDED.role""";
  // A group keeps at least one owner: demoting the last one changes nothing (no row returned).
  private static final String SET_MEMBER = """
      INSERT INTO group_members (group_id, account_id, role) VALUES ($1, $2, $3)
      ON CONFLICT (group_id, account_id) DO UPDATE SET role = EXCLUDED.role
      WHERE group_members.role <> 'owner' OR EXCLUDED.role = 'owner'
         OR (SELECT count(*) FROM group_members WHERE group_id = $1 AND role = 'owner') > 1
      RETURNING role""";
  private static final String UPDATE = """
      UPDATE groups SET name = $2, kind = $3, description = $4, updated_at = now()
      WHERE id = $1""";
  private static final String ROLE = """
      SELECT role FROM group_members WHERE group_id = $1 AND account_id = $2""";
  private static final String MINE = "SELECT " + COLUMNS + ", m.role FROM groups g "
      + "JOIN group_members m ON m.group_id = g.id WHERE m.account_id = $1 ORDER BY g.name";
  private static final String MEMBERS = """
      SELECT a.id, a.name, a.email, m.role FROM group_members m
      JOIN accounts a ON a.id = m.account_id WHERE m.group_id = $1
      ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'organizer' THEN 1 ELSE 2 END, a.name""";
  private static final String ACCOUNT_BY_EMAIL = "SELECT id FROM accounts WHERE email = $1";
  private static final String REMOVE_MEMBER = """
      DELETE FROM group_members WHERE group_id = $1 AND account_id = $2
        AND NOT (role = 'owner' AND
          (SELECT count(*) FROM group_members WHERE group_id = $1 AND role = 'owner') = 1)""";

  private static final String MEMBER_FIELDS = "SELECT member_fields FROM groups WHERE id = $1";
  private static final String SET_MEMBER_FIELDS = """
      UPDATE groups SET member_fields = $2, updated_at = now() WHERE id = $1""";
  private static final String RETENTION = "SELECT retention_days FROM groups WHERE id = $1";
  private static final String SET_RETENTION = """
      UPDATE groups SET retention_days = $2, updated_at = now() WHERE id = $1""";

  /** A group with the viewer's role in it. */
  public record Membership(Group group, String role) {}

  private final Pool pool;

  public GroupStore(Pool pool) {
    this.pool = pool;
  }

  public Future<Group> bySlug(String slug) {
    if (slug == null || slug.length() > 60) return Future.succeededFuture(null);
    return pool.preparedQuery(BY_SLUG).execute(Tuple.of(slug))
        .map(rows -> rows.size() == 0 ? null : group(rows.iterator().next()));
  }

  public Future<Group> byId(UUID id) {
    return pool.preparedQuery(BY_ID).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : group(rows.iterator().next()));
  }

  /** Creates the group with its creator as owner, in one transaction. */
  public Future<Group> create(GroupRules.Valid g, UUID owner) {
    return pool.withTransaction(conn -> conn.preparedQuery(INSERT)
            .execute(Tuple.of(g.slug(), g.name(), g.kind(), g.description()))
            .compose(rows -> {
              Group created = group(rows.iterator().next());
              return conn.preparedQuery(ADD_MEMBER)
                  .execute(Tuple.of(created.id(), owner, Group.OWNER)).map(created);
            }))
        .recover(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState())
            ? Future.failedFuture(new Problem(Problem.Kind.CONFLICT, "slug_taken",
                "Another group already uses this address.",
                new JsonObject().put("slug", "Another group already uses this address.")))
            : Future.failedFuture(e));
  }

  public Future<Void> update(UUID id, GroupRules.Valid g) {
    return pool.preparedQuery(UPDATE).execute(Tuple.of(id, g.name(), g.kind(), g.description()))
        .mapEmpty();
  }

  /** Days after each event when attendee details are erased; null keeps them. */
  public Future<Integer> retentionDays(UUID id) {
    return pool.preparedQuery(RETENTION).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getInteger("retention_days"));
  }

  public Future<Void> setRetentionDays(UUID id, Integer days) {
    return pool.preparedQuery(SET_RETENTION).execute(Tuple.of(id, days)).mapEmpty();
  }

  /** The member fields the group's join form asks for (empty: all of them). */
  public Future<List<String>> memberFields(UUID id) {
    return pool.preparedQuery(MEMBER_FIELDS).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) return List.<String>of();
      String[] v = rows.iterator().next().getArrayOfStrings("member_fields");
      return v == null ? List.<String>of() : GroupRules.MEMBER_FIELDS.stream()
          .filter(List.of(v)::contains).toList();
    });
  }

  public Future<Void> setMemberFields(UUID id, List<String> fields) {
    return pool.preparedQuery(SET_MEMBER_FIELDS)
        .execute(Tuple.of(id, (Object) fields.stream().distinct().toArray(String[]::new)))
        .mapEmpty();
  }

  /** The account's role in the group, or null. */
  public Future<String> role(UUID groupId, UUID accountId) {
    if (accountId == null) return Future.succeededFuture(null);
    return pool.preparedQuery(ROLE).execute(Tuple.of(groupId, accountId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("role"));
  }

  public Future<List<Membership>> mine(UUID accountId) {
    return pool.preparedQuery(MINE).execute(Tuple.of(accountId)).map(rows -> {
      List<Membership> out = new ArrayList<>();
      for (Row r : rows) out.add(new Membership(group(r), r.getString("role")));
      return out;
    });
  }

  public Future<JsonArray> members(UUID groupId) {
    return pool.preparedQuery(MEMBERS).execute(Tuple.of(groupId)).map(rows -> {
      JsonArray out = new JsonArray();
      for (Row r : rows) {
        out.add(new JsonObject().put("accountId", r.getUUID("id").toString())
            .put("name", r.getString("name")).put("email", r.getString("email"))
            .put("role", r.getString("role")));
      }
      return out;
    });
  }

  /** Adds (or changes the role of) an organizer by the email of their account. */
  public Future<Void> addMember(UUID groupId, String email, String role) {
    return pool.preparedQuery(ACCOUNT_BY_EMAIL).execute(Tuple.of(email)).compose(rows -> {
      if (rows.size() == 0) {
        return Future.failedFuture(new Problem(Problem.Kind.NOT_FOUND, "no_such_account",
            "No organizer account uses that email. Ask them to sign up first.",
            new JsonObject().put("email", "No organizer account uses that email yet.")));
      }
      UUID account = rows.iterator().next().getUUID("id");
      return pool.preparedQuery(SET_MEMBER).execute(Tuple.of(groupId, account, role))
          .compose(set -> set.size() == 1 ? Future.<Void>succeededFuture()
              : Future.failedFuture(new Problem(Problem.Kind.CONFLICT, "last_owner",
                  "A group needs an owner: add another owner first.",
                  new JsonObject().put("role", "A group needs an owner: add another owner first."))));
    });
  }

  public Future<Boolean> removeMember(UUID groupId, UUID accountId) {
    return pool.preparedQuery(REMOVE_MEMBER).execute(Tuple.of(groupId, accountId))
        .map(rows -> rows.rowCount() == 1);
  }

  static Group group(Row r) {
    return new Group(r.getUUID("id"), r.getString("slug"), r.getString("name"),
        r.getString("kind"), r.getString("description"));
  }
}
