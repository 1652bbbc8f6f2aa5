package org.convene.members;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.convene.core.Config;
import org.convene.core.Problem;
import org.convene.db.Ids;
import org.convene.outbox.MailQuotaStore;
import org.convene.outbox.Outbox;
import org.convene.outbox.OutboxStore;

/**
 * Joining, the member's own page and leaving. A join is pending until its address is verified:
 * the private link goes by mail only, and its first use verifies (as for an RSVP, V9). A join
 * with an address that is already a member changes nothing and mails that member their link
 * again, so the answer never tells a stranger who is a member, and nobody can rewrite someone
 * else's profile by joining with their address.
 */
public final class MemberStore {
  /** A group as its join form needs it. */
  public record JoinGroup(UUID id, String slug, String name, List<String> memberFields,
                          long members) {
    public List<String> asked() {
      return MemberRules.asked(memberFields);
    }
  }

  private static final String GROUP = """
      SELECT g.id, g.slug, g.name, g.member_fields,
        (SELECT count(*) FROM members m WHERE m.group_id = g.id AND m.verified_at IS NOT NULL) AS members
      FROM groups g WHERE g.slug = $1""";
  private static final String COUNT = """
      SELECT count(*) AS n FROM members WHERE group_id = $1 AND verified_at IS NOT NULL""";
  private static final String JOIN = """
      INSERT INTO members (group_id, token, email, name, source, class_year, programme, chapter,
        industry, employer, headline, profile_url, goals, topics, listed, announcements)
      VALUES ($1, $2, $3, $4, 'joined', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
      ON CONFLICT (group_id, email) DO NOTHING
      RETURNING id""";
  // an address the office imported and has not invited yet hears nothing from us, not even
  // because someone typed it into the join form: the invitation is the office's to send
  private static final String EXISTING = """
      SELECT id, source = 'imported' AND invited_at IS NULL AND verified_at IS NULL AS uninvited
      FROM members WHERE group_id = $1 AND email = $2""";
  private static final String BY_TOKEN = "SELECT " + DirectoryStore.COLUMNS + """
      , m.source, m.announcements, g.member_fields
      FROM members m JOIN groups g ON g.id = m.group_id WHERE m.token = $1""";
  private static final String BY_ID = "SELECT " + DirectoryStore.COLUMNS + """
      , m.source, m.announcements, g.member_fields
      FROM members m JOIN groups g ON g.id = m.group_id WHERE m.id = $1""";
  private static final String VERIFY = """
      UPDATE members SET verified_at = now(), updated_at = now()
      WHERE id = $1 AND verified_at IS NULL""";
  private static final String CHANGE = """
      UPDATE members SET name = coalesce($2, name),
        class_year = CASE WHEN $3 THEN $4 ELSE class_year END,
        programme = CASE WHEN $3 THEN $5 ELSE programme END,
        chapter = CASE WHEN $3 THEN $6 ELSE chapter END,
        industry = CASE WHEN $3 THEN $7 ELSE industry END,
        employer = CASE WHEN $3 THEN $8 ELSE employer END,
        headline = CASE WHEN $3 THEN $9 ELSE headline END,
        profile_url = CASE WHEN $3 THEN $10 ELSE profile_url END,
        goals = CASE WHEN $3 THEN $11 ELSE goals END,
        topics = CASE WHEN $3 THEN $12 ELSE topics END,
        listed = coalesce($13, listed), shared = coalesce($14, shared),
        announcements = coalesce($15, announcements), updated_at = now()
      WHERE id = $1 AND verified_at IS NOT NULL""";
  // Every mail to or about the member that names them by id (their link, announcements,
  // invitations); the coffee chats' own rows go through CoffeeChatStore.eraseMailsOf.
  private static final String ERASE_MAILS = """
      DELETE FROM outbox WHERE payload->>'member' = $1""";
  private static final String LEAVE = "DELETE FROM members WHERE id = $1";
  // A join nobody confirmed is someone typing an address: it goes after a week, with its mails.
  private static final String FORGET_UNVERIFIED = """
      WITH gone AS (
        DELETE FROM members
        WHERE source = 'joined' AND verified_at IS NULL AND created_at < now() - make_interval(days => $1)
        RETURNING id::text AS id)
      , mails AS (DELETE FROM outbox o USING gone WHERE o.payload->>'member' = gone.id)
      SELECT count(*) AS n FROM gone""";

  /** How long an unconfirmed join waits for its address to be verified. */
  public static final Duration UNVERIFIED_KEPT = Duration.ofDays(7);

  private final Pool pool;
  private final Config.Limits limits;

  public MemberStore(Pool pool, Config.Limits limits) {
    this.pool = pool;
    this.limits = limits;
  }

  /** The group behind a join form, or null. */
  public Future<JoinGroup> group(String slug) {
    if (slug == null || slug.length() > 100) return Future.succeededFuture(null);
    return pool.preparedQuery(GROUP).execute(Tuple.of(slug)).map(rows -> {
      if (rows.size() == 0) return null;
      Row r = rows.iterator().next();
      return new JoinGroup(r.getUUID("id"), r.getString("slug"), r.getString("name"),
          List.of(strings(r, "member_fields")), r.getLong("members"));
    });
  }

  /** Verified members of a group (what its public page counts). */
  public Future<Long> count(UUID groupId) {
    return pool.preparedQuery(COUNT).execute(Tuple.of(groupId))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  /**
   * Records a join (or finds the member that address already is) and queues the mail with the
   * private link, in one transaction. The mail counts against what an address gets without
   * asking: a new join past that cap is refused (429) and nothing is stored; for an existing
   * member the link goes at most once an hour, silently otherwise.
   */
  public Future<Void> join(JoinGroup g, MemberRules.Join j) {
    MemberRules.Profile p = j.profile();
    return pool.withTransaction(conn -> conn.preparedQuery(JOIN).execute(Tuple.from(new Object[] {
            g.id(), Ids.token(), j.email(), j.name(), p.classYear(), p.programme(), p.chapter(),
            p.industry(), p.employer(), p.headline(), p.profileUrl(),
            p.goals().toArray(new String[0]), p.topics().toArray(new String[0]), j.listed(),
            j.announcements()}))
        .compose(rows -> rows.size() > 0
            ? unasked(conn, j.email()).compose(ok -> ok
                ? linkMail(conn, rows.iterator().next().getUUID("id"), j.email(), "join")
                : Future.failedFuture(new Problem(Problem.Kind.RATE_LIMITED, "unasked_mail_cap",
                    "We have sent this address as many mails as we send anyone in a day. Try"
                        + " again tomorrow.")))
            : again(conn, g.id(), j.email())));
  }

  private Future<Void> again(SqlConnection conn, UUID groupId, String email) {
    return conn.preparedQuery(EXISTING).execute(Tuple.of(groupId, email)).compose(rows -> {
      // left between the conflict and this read: nothing to send a link to
      if (rows.size() == 0 || rows.iterator().next().getBoolean("uninvited")) {
        return Future.succeededFuture();
      }
      UUID id = rows.iterator().next().getUUID("id");
      return MailQuotaStore.take(conn, "member-link:" + id, limits.alreadyRegisteredMailsPerHour(),
              Duration.ofHours(1))
          .compose(ok -> ok ? unasked(conn, email) : Future.succeededFuture(false))
          .compose(ok -> ok ? linkMail(conn, id, email, "again") : Future.succeededFuture());
    });
  }

  private Future<Boolean> unasked(SqlConnection conn, String email) {
    return MailQuotaStore.take(conn, "unasked:" + email, limits.unaskedMailsPerAddressPerDay(),
        Duration.ofDays(1));
  }

  private static Future<Void> linkMail(SqlConnection conn, UUID member, String email,
                                       String reason) {
    // ids only: the mail is rendered when sent, from the member row as it is then
    return OutboxStore.enqueue(conn, Outbox.MEMBER_LINK, null, null, email,
        new JsonObject().put("member", member.toString()).put("reason", reason));
  }

  /**
   * The member behind a private link, or null. Using the link proves the address (it went only
   * there), so the first use verifies the member.
   */
  public Future<Member> open(String token) {
    if (token == null || token.length() < 16 || token.length() > 128) {
      return Future.succeededFuture(null);
    }
    return pool.preparedQuery(BY_TOKEN).execute(Tuple.of(token)).compose(rows -> {
      Member m = first(rows);
      if (m == null || m.who().verified()) return Future.succeededFuture(m);
      return pool.preparedQuery(VERIFY).execute(Tuple.of(m.who().id()))
          .compose(x -> byId(pool, m.who().id()));
    });
  }

  /** A member by id, as the mail renderer reads them when a mail goes (null when gone). */
  public Future<Member> byId(UUID id) {
    return byId(pool, id);
  }

  private static Future<Member> byId(SqlClient db, UUID id) {
    return db.preparedQuery(BY_ID).execute(Tuple.of(id)).map(MemberStore::first);
  }

  /** Applies a member's own change; only a verified member's row changes. */
  public Future<Member> change(UUID id, MemberRules.Change c) {
    MemberRules.Profile p = c.profile();
    boolean profile = p != null;
    if (p == null) p = MemberRules.Profile.EMPTY;
    Object[] args = {id, c.name(), profile, p.classYear(), p.programme(), p.chapter(),
        p.industry(), p.employer(), p.headline(), p.profileUrl(), p.goals().toArray(new String[0]),
        p.topics().toArray(new String[0]), c.listed(),
        c.shared() == null ? null : c.shared().toArray(new String[0]), c.announcements()};
    return pool.preparedQuery(CHANGE).execute(Tuple.from(args)).compose(x -> byId(id));
  }

  /**
   * Leaving erases the member from the group: their row, the coffee chats they asked or were
   * asked (ON DELETE CASCADE), and every mail to or about them, sent or waiting.
   */
  public Future<Void> leave(UUID id) {
    return pool.withTransaction(conn -> CoffeeChatStore.eraseMailsOf(conn, id)
        .compose(n -> conn.preparedQuery(ERASE_MAILS).execute(Tuple.of(id.toString())))
        .compose(x -> conn.preparedQuery(LEAVE).execute(Tuple.of(id)))
        .mapEmpty());
  }

  /** Erases joins whose address was not verified within {@link #UNVERIFIED_KEPT}; answers how many. */
  public Future<Long> forgetUnverified() {
    return pool.preparedQuery(FORGET_UNVERIFIED)
        .execute(Tuple.of((int) UNVERIFIED_KEPT.toDays()))
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  private static Member first(RowSet<Row> rows) {
    if (rows.size() == 0) return null;
    Row r = rows.iterator().next();
    return new Member(DirectoryStore.of(r), r.getString("source"), r.getString("announcements"),
        List.of(strings(r, "member_fields")));
  }

  private static String[] strings(Row r, String column) {
    String[] v = r.getArrayOfStrings(column);
    return v == null ? new String[0] : Arrays.stream(v).filter(java.util.Objects::nonNull)
        .toArray(String[]::new);
  }
}
