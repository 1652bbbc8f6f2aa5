package org.convene.members;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.convene.core.Config;
import org.convene.core.Problem;
import org.convene.db.Ids;
import org.convene.outbox.MailQuotaStore;
import org.convene.outbox.Outbox;
import org.convene.outbox.OutboxStore;

/**
 * The office's side of membership: the organizers' list of everyone (paged, with counts), the
 * CSV import and the invitations to the imported. Organizers see every member with their
 * address, whatever the member shares (PRODUCT.md: organizers see everyone); they never see a
 * member's private link.
 */
public final class OfficeStore {
  /** A member's status as the office's list says it. */
  static final String STATUS = """
      CASE WHEN m.verified_at IS NOT NULL THEN 'verified'
           WHEN m.source = 'imported' AND m.invited_at IS NOT NULL THEN 'invited'
           WHEN m.source = 'imported' THEN 'imported'
           ELSE 'pending' END""";
  public static final List<String> STATUSES = List.of("pending", "verified", "imported", "invited");

  private static final String PAGE = """
      SELECT m.id, m.seq, m.name, m.email, m.source, m.listed, m.shared, m.announcements,
        m.class_year, m.programme, m.chapter, m.industry, m.employer, m.headline, m.profile_url,
        m.goals, m.topics, m.created_at, m.invited_at, m.verified_at, """ + STATUS + """
       AS status
      FROM members m
      WHERE m.group_id = $1 AND m.seq > $2 AND ($3::text IS NULL OR (""" + STATUS + """
      ) = $3)
      ORDER BY m.seq
      LIMIT $4""";
  private static final String COUNTS = """
      SELECT count(*) AS total,
        count(*) FILTER (WHERE verified_at IS NOT NULL) AS verified,
        count(*) FILTER (WHERE listed AND verified_at IS NOT NULL) AS listed,
        count(*) FILTER (WHERE verified_at IS NULL AND source = 'imported' AND invited_at IS NULL) AS imported,
        count(*) FILTER (WHERE verified_at IS NULL AND source = 'imported' AND invited_at IS NOT NULL) AS invited,
        count(*) FILTER (WHERE verified_at IS NULL AND source = 'joined') AS pending
      FROM members WHERE group_id = $1""";
  private static final String CLASS_YEARS = """
      SELECT class_year AS value, count(*) AS n FROM members
      WHERE group_id = $1 AND class_year IS NOT NULL
      GROUP BY class_year ORDER BY class_year DESC""";
  private static final String CHAPTERS = """
      SELECT chapter AS value, count(*) AS n FROM members
      WHERE group_id = $1 AND chapter IS NOT NULL
      GROUP BY chapter ORDER BY count(*) DESC, chapter""";

  private static final String EXISTING = """
      SELECT m.email, m.name, m.source, m.verified_at IS NOT NULL AS verified, m.class_year,
        m.programme, m.chapter, m.industry, m.employer, m.headline, m.profile_url, m.goals,
        m.topics
      FROM members m WHERE m.group_id = $1 AND m.email = ANY($2)
      ORDER BY m.email""";
  // the rows an import is about to change, held until it commits: a member's own change made
  // meanwhile waits, and the plan below is made from what the import overwrites. Imports and
  // invitations lock members in address order, so two of them never wait on each other in a ring.
  private static final String EXISTING_LOCKED = EXISTING + " FOR UPDATE";
  // The office's entry (imported, not yet taken in hand) takes the planned values; a member's
  // own entry only gets what it lacks, also if its owner joined between the plan and this.
  // Listing, sharing, announcements, source and the private link are never the file's.
  private static final String OFFICE_OWNED = "(members.source = 'imported' AND members.verified_at IS NULL)";
  private static final String UPSERT = """
      INSERT INTO members (group_id, token, email, name, source, class_year, programme, chapter,
        industry, employer, headline, profile_url, goals, topics)
      VALUES ($1, $2, $3, $4, 'imported', $5, $6, $7, $8, $9, $10, $11, $12, $13)
      ON CONFLICT (group_id, email) DO UPDATE SET
        name = CASE WHEN %1$s THEN EXCLUDED.name ELSE members.name END,
        class_year = CASE WHEN %1$s THEN EXCLUDED.class_year ELSE coalesce(members.class_year, EXCLUDED.class_year) END,
        programme = CASE WHEN %1$s THEN EXCLUDED.programme ELSE coalesce(members.programme, EXCLUDED.programme) END,
        chapter = CASE WHEN %1$s THEN EXCLUDED.chapter ELSE coalesce(members.chapter, EXCLUDED.chapter) END,
        industry = CASE WHEN %1$s THEN EXCLUDED.industry ELSE coalesce(members.industry, EXCLUDED.industry) END,
        employer = CASE WHEN %1$s THEN EXCLUDED.employer ELSE coalesce(members.employer, EXCLUDED.employer) END,
        headline = CASE WHEN %1$s THEN EXCLUDED.headline ELSE coalesce(members.headline, EXCLUDED.headline) END,
        profile_url = CASE WHEN %1$s THEN EXCLUDED.profile_url ELSE coalesce(members.profile_url, EXCLUDED.profile_url) END,
        goals = CASE WHEN %1$s OR cardinality(members.goals) = 0 THEN EXCLUDED.goals ELSE members.goals END,
        topics = CASE WHEN %1$s OR cardinality(members.topics) = 0 THEN EXCLUDED.topics ELSE members.topics END,
        updated_at = now()""".formatted(OFFICE_OWNED);

  private static final String UNINVITED = """
      SELECT id, email FROM members
      WHERE group_id = $1 AND source = 'imported' AND invited_at IS NULL AND verified_at IS NULL
        AND ($2::uuid[] IS NULL OR id = ANY($2))
      ORDER BY email
      FOR UPDATE""";
  private static final String INVITED = """
      UPDATE members SET invited_at = now(), updated_at = now() WHERE id = ANY($1)""";
  private static final String INVITER = "SELECT name, email FROM accounts WHERE id = $1";

  /** One member as the office's list shows them. */
  public record Listed(UUID id, long seq, String name, String email, String source,
                       String status, boolean listed, List<String> shared, String announcements,
                       MemberRules.Profile profile, OffsetDateTime createdAt,
                       OffsetDateTime invitedAt, OffsetDateTime verifiedAt) {
    public JsonObject json() {
      return new JsonObject().put("id", id.toString()).put("name", name).put("email", email)
          .put("source", source).put("status", status).put("listed", listed)
          .put("shared", new JsonArray(shared)).put("announcements", announcements)
          .put("profile", profile.json())
          .put("createdAt", createdAt.toInstant().toString())
          .put("invitedAt", invitedAt == null ? null : invitedAt.toInstant().toString())
          .put("verifiedAt", verifiedAt == null ? null : verifiedAt.toInstant().toString());
    }
  }

  /** A page of the list, and the cursor of the next one (null at the end). */
  public record Page(List<Listed> items, String next) {}

  /** What an invitation call did: mails queued, and members over today's mail cap left for later. */
  public record Invited(int queued, int skipped) {}

  /** The organizer who sent an invitation, as its mail names them. */
  public record Inviter(String name, String email) {}

  private final Pool pool;
  private final Config.Limits limits;

  public OfficeStore(Pool pool, Config.Limits limits) {
    this.pool = pool;
    this.limits = limits;
  }

  /** Members in the order they came, after the cursor {@code after}; {@code status} null = all. */
  public Future<Page> page(UUID groupId, String status, long after, int limit) {
    return pool.preparedQuery(PAGE).execute(Tuple.of(groupId, after, status, limit + 1))
        .map(rows -> {
          List<Listed> items = new ArrayList<>();
          for (Row r : rows) items.add(listed(r));
          String next = null;
          if (items.size() > limit) {
            items = items.subList(0, limit);
            next = String.valueOf(items.get(limit - 1).seq());
          }
          return new Page(List.copyOf(items), next);
        });
  }

  /** The group's counts: by status, listed, and per class year and chapter. */
  public Future<JsonObject> counts(UUID groupId) {
    Tuple g = Tuple.of(groupId);
    Future<RowSet<Row>> totals = pool.preparedQuery(COUNTS).execute(g);
    Future<RowSet<Row>> years = pool.preparedQuery(CLASS_YEARS).execute(g);
    Future<RowSet<Row>> chapters = pool.preparedQuery(CHAPTERS).execute(g);
    return Future.all(totals, years, chapters).map(x -> {
      Row t = totals.result().iterator().next();
      JsonObject out = new JsonObject();
      for (String k : List.of("total", "verified", "listed", "imported", "invited", "pending")) {
        out.put(k, t.getLong(k));
      }
      JsonArray ys = new JsonArray();
      for (Row r : years.result()) {
        ys.add(new JsonObject().put("value", r.getInteger("value")).put("count", r.getLong("n")));
      }
      JsonArray cs = new JsonArray();
      for (Row r : chapters.result()) {
        cs.add(new JsonObject().put("value", r.getString("value")).put("count", r.getLong("n")));
      }
      return out.put("classYears", ys).put("chapters", cs);
    });
  }

  /** The preview of an import: nothing is written. */
  public Future<ImportRules.Preview> preview(UUID groupId, List<ImportRules.Row> rows) {
    return existing(pool, EXISTING, groupId, rows).map(found -> ImportRules.plan(rows, found));
  }

  /**
   * Imports the rows in one transaction, planned again from the rows as they are now; if any row
   * is invalid nothing is written (a 422 carrying the preview). Imported members get no mail.
   */
  public Future<ImportRules.Preview> save(UUID groupId, List<ImportRules.Row> rows) {
    return pool.withTransaction(conn -> existing(conn, EXISTING_LOCKED, groupId, rows)
        .compose(found -> {
          ImportRules.Preview plan = ImportRules.plan(rows, found);
          if (!plan.valid()) return Future.failedFuture(new InvalidRows(plan));
          List<Tuple> writes = new ArrayList<>();
          for (ImportRules.Planned p : plan.rows()) {
            if (!"create".equals(p.action()) && !"update".equals(p.action())) continue;
            MemberRules.Profile f = p.profile();
            writes.add(Tuple.from(new Object[] {groupId, Ids.token(), p.row().email(), p.name(),
                f.classYear(), f.programme(), f.chapter(), f.industry(), f.employer(),
                f.headline(), f.profileUrl(), f.goals().toArray(new String[0]),
                f.topics().toArray(new String[0])}));
          }
          if (writes.isEmpty()) return Future.succeededFuture(plan);
          writes.sort(java.util.Comparator.comparing(t -> t.getString(2)));
          return conn.preparedQuery(UPSERT).executeBatch(writes).map(plan);
        }));
  }

  /** An import refused because some rows need attention; carries the preview to show. */
  public static final class InvalidRows extends Problem {
    private final transient ImportRules.Preview preview;

    InvalidRows(ImportRules.Preview preview) {
      super(Problem.Kind.UNPROCESSABLE, "invalid_rows", preview.invalid() + " row"
          + (preview.invalid() == 1 ? " needs" : "s need") + " attention; nothing was saved.",
          new JsonObject().put("rows", preview.invalid() + " invalid"));
      this.preview = preview;
    }

    public ImportRules.Preview preview() {
      return preview;
    }
  }

  private static Future<Map<String, ImportRules.Existing>> existing(
      SqlClient db, String sql, UUID groupId, List<ImportRules.Row> rows) {
    String[] emails = ImportRules.emails(rows).toArray(new String[0]);
    if (emails.length == 0) return Future.succeededFuture(Map.of());
    return db.preparedQuery(sql).execute(Tuple.of(groupId, (Object) emails)).map(found -> {
      Map<String, ImportRules.Existing> out = new HashMap<>();
      for (Row r : found) {
        out.put(r.getString("email"), new ImportRules.Existing(r.getString("name"),
            r.getString("source"), r.getBoolean("verified"), profile(r)));
      }
      return out;
    });
  }

  /**
   * Invites the group's imported members who were neither invited nor verified ({@code ids}
   * null: all of them; else those of them): sets invited_at and queues one invitation each, in
   * one transaction. An address past today's cap of mail it did not ask for is left uninvited,
   * for a later call.
   */
  public Future<Invited> invite(UUID groupId, UUID organizer, List<UUID> ids) {
    UUID[] only = ids == null ? null : ids.toArray(new UUID[0]);
    return pool.withTransaction(conn -> conn.preparedQuery(UNINVITED)
        .execute(Tuple.of(groupId, (Object) only)).compose(rows -> {
          List<UUID> queued = new ArrayList<>();
          int[] skipped = {0};
          Future<Void> chain = Future.succeededFuture();
          for (Row r : rows) {
            UUID id = r.getUUID("id");
            String email = r.getString("email");
            chain = chain.compose(x -> MailQuotaStore.take(conn, "unasked:" + email,
                    limits.unaskedMailsPerAddressPerDay(), Duration.ofDays(1))
                .compose(ok -> {
                  if (!ok) {
                    skipped[0]++;
                    return Future.succeededFuture();
                  }
                  queued.add(id);
                  return invitationMail(conn, id, email, organizer);
                }));
          }
          return chain.compose(x -> queued.isEmpty() ? Future.succeededFuture()
                  : conn.preparedQuery(INVITED).execute(Tuple.of((Object) queued.toArray(new UUID[0]))))
              .map(x -> new Invited(queued.size(), skipped[0]));
        }));
  }

  private static Future<Void> invitationMail(SqlConnection conn, UUID member, String email,
                                             UUID organizer) {
    // ids only, under the key "member" that leaving and forgetting erase by
    return OutboxStore.enqueue(conn, Outbox.MEMBER_INVITATION, null, null, email,
        new JsonObject().put("member", member.toString()).put("reason", "invitation")
            .put("by", organizer == null ? null : organizer.toString()));
  }

  /** The organizer who sent an invitation, or null when their account is gone. */
  public Future<Inviter> inviter(UUID account) {
    if (account == null) return Future.succeededFuture(null);
    return pool.preparedQuery(INVITER).execute(Tuple.of(account)).map(rows -> rows.size() == 0
        ? null : new Inviter(rows.iterator().next().getString("name"),
            rows.iterator().next().getString("email")));
  }

  private static Listed listed(Row r) {
    return new Listed(r.getUUID("id"), r.getLong("seq"), r.getString("name"), r.getString("email"),
        r.getString("source"), r.getString("status"), r.getBoolean("listed"),
        List.of(strings(r, "shared")), r.getString("announcements"), profile(r),
        r.getOffsetDateTime("created_at"), r.getOffsetDateTime("invited_at"),
        r.getOffsetDateTime("verified_at"));
  }

  private static MemberRules.Profile profile(Row r) {
    return new MemberRules.Profile(r.getInteger("class_year"), r.getString("programme"),
        r.getString("chapter"), r.getString("industry"), r.getString("employer"),
        r.getString("headline"), r.getString("profile_url"), List.of(strings(r, "goals")),
        List.of(strings(r, "topics")));
  }

  private static String[] strings(Row r, String column) {
    String[] v = r.getArrayOfStrings(column);
    return v == null ? new String[0] : Arrays.stream(v).filter(Objects::nonNull)
        .toArray(String[]::new);
  }
}
