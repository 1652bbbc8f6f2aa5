package org.convene.members;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.convene.core.Problem;
import org.convene.db.Ids;
import org.convene.outbox.MailQuotaStore;
import org.convene.outbox.Outbox;
import org.convene.outbox.OutboxStore;

/**
 * Coffee chats (V18) and the mails they cause, each queued in the transaction that records the
 * request or its answer, and rendered when sent (mail.CoffeeChatMails) after consent is read
 * again. The table keeps only a hash of the answer link, which goes by mail to the person asked.
 */
public final class CoffeeChatStore {
  // The requester's row is locked while the limits are read and the chat is written, so two
  // requests sent at once cannot both pass "one open request per pair".
  private static final String LOCK_MEMBER = "SELECT " + DirectoryStore.COLUMNS
      + " FROM members m JOIN groups g ON g.id = m.group_id WHERE m.id = $1 FOR UPDATE OF m";
  // Declined counts as open until its times pass: the one who asked cannot tell a decline from
  // no answer yet, and cannot ask again the next minute.
  private static final String OPEN_REQUEST = """
      SELECT 1 FROM coffee_chats
      WHERE requester_id = $1 AND target_id = $2 AND status IN ('pending', 'declined')
        AND (SELECT max(t) FROM unnest(times) t) > now()""";
  private static final String INSERT = """
      INSERT INTO coffee_chats (group_id, requester_id, target_id, token_hash, message, times,
        time_zone, minutes)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      RETURNING id""";
  private static final String CHAT_COLUMNS = """
      id, group_id, requester_id, target_id, message, times, time_zone, minutes, status,
      accepted_time, target_zone, created_at, answered_at""";
  private static final String BY_TOKEN = "SELECT " + CHAT_COLUMNS
      + " FROM coffee_chats WHERE token_hash = $1";
  private static final String BY_TOKEN_LOCKED = BY_TOKEN + " FOR UPDATE";
  private static final String BY_ID = "SELECT " + CHAT_COLUMNS + " FROM coffee_chats WHERE id = $1";
  private static final String ACCEPT = """
      UPDATE coffee_chats SET status = 'accepted', accepted_time = $2, target_zone = $3,
        answered_at = now()
      WHERE id = $1 AND status = 'pending'""";
  private static final String DECLINE = """
      UPDATE coffee_chats SET status = 'declined', answered_at = now()
      WHERE id = $1 AND status = 'pending'""";
  // What the viewer sees of their chats on the directory: for the one who asked, a decline reads
  // as "asked" while its times last.
  private static final String MINE = """
      SELECT requester_id, target_id, status, accepted_time,
        (SELECT max(t) FROM unnest(times) t) AS last_time
      FROM coffee_chats WHERE requester_id = $1 OR target_id = $1
      ORDER BY created_at""";

  // Every mail to or about a member, sent or not: erasure takes them (and the addresses and
  // answer links they hold) with the member, as deleting an RSVP takes its outbox rows. A row
  // being sent at that moment is then marked by nobody; it is not retried (the row is gone).
  private static final String ERASE_MAILS = """
      DELETE FROM outbox
      WHERE kind IN ('coffee_chat_request', 'coffee_chat_accepted')
        AND (payload->>'to' = $1 OR payload->>'about' = $1)""";

  private final Pool pool;
  private final int perSenderPerDay;
  private final int unaskedPerDay;

  /**
   * {@code perSenderPerDay}: requests one member may send per UTC day; {@code unaskedPerDay}:
   * mails nobody asked for that one address may get per day (shared with connect requests).
   * 0 turns either off.
   */
  public CoffeeChatStore(Pool pool, int perSenderPerDay, int unaskedPerDay) {
    this.pool = pool;
    this.perSenderPerDay = perSenderPerDay;
    this.unaskedPerDay = unaskedPerDay;
  }

  /**
   * Records a request from the member {@code requesterId} and queues the mail to the person
   * asked, in one transaction. 403 when the requester is not on the directory, 404 when the
   * other is not on it (or is the requester), 409 when an earlier request to them is still open,
   * 429 over the daily limits. Answers the chat's id.
   */
  public Future<UUID> request(UUID requesterId, CoffeeChatRules.Valid v) {
    String answerToken = Ids.random(24);
    return pool.withTransaction(conn -> conn.preparedQuery(LOCK_MEMBER).execute(Tuple.of(requesterId))
        .map(DirectoryStore::first)
        .compose(requester -> DirectoryStore.byId(conn, v.to()).compose(target -> {
          if (requester == null || !requester.onDirectory()) {
            return Future.failedFuture(Problem.forbidden());
          }
          if (target == null || !target.groupId().equals(requester.groupId())
              || !target.onDirectory() || target.id().equals(requester.id())) {
            return Future.failedFuture(new Problem(Problem.Kind.NOT_FOUND, "not_found",
                "That member is not on the directory.", new JsonObject().put("to", "not on the directory")));
          }
          return conn.preparedQuery(OPEN_REQUEST).execute(Tuple.of(requester.id(), target.id()))
              .compose(open -> open.size() > 0
                  ? Future.failedFuture(Problem.conflict("already_asked",
                      "You have already asked " + target.name() + "; you can ask again once the"
                          + " times you proposed have passed."))
                  : limits(conn, requester, target))
              .compose(ok -> conn.preparedQuery(INSERT).execute(Tuple.of(requester.groupId(),
                  requester.id(), target.id(), Buffer.buffer(Ids.sha256(answerToken)), v.message(),
                  v.times().stream().map(t -> t.atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new),
                  v.zone().getId(), v.minutes())))
              .map(rows -> rows.iterator().next().getUUID("id"))
              // the answer link's token rides in the payload until the mail is rendered: it is
              // only known here (the table keeps its hash)
              .compose(id -> OutboxStore.enqueue(conn, Outbox.COFFEE_CHAT_REQUEST, null, null,
                      target.email(), new JsonObject().put("chat", id.toString())
                          .put("to", target.id().toString()).put("about", requester.id().toString())
                          .put("answerToken", answerToken))
                  .map(id));
        })));
  }

  private Future<Void> limits(SqlConnection conn, DirectoryMember requester,
                              DirectoryMember target) {
    return MailQuotaStore.take(conn, "coffee:" + requester.id(), perSenderPerDay, Duration.ofDays(1))
        .compose(ok -> ok ? MailQuotaStore.take(conn, "unasked:" + target.email(), unaskedPerDay,
                Duration.ofDays(1))
            : Future.failedFuture(new Problem(Problem.Kind.RATE_LIMITED, "coffee_chat_limit",
                "You have asked for " + perSenderPerDay + " coffee chats today, the most we"
                    + " send for one member in a day. Try again tomorrow.")))
        .compose(ok -> ok ? Future.<Void>succeededFuture()
            : Future.failedFuture(new Problem(Problem.Kind.RATE_LIMITED, "unasked_mail_cap",
                target.name() + " has had as many requests as we send anyone in a day."
                    + " Try again tomorrow.")));
  }

  /** The chat behind an answer link, with both members, or null. */
  public Future<CoffeeChat> byToken(String token) {
    if (token == null || token.length() < 20 || token.length() > 64) {
      return Future.succeededFuture(null);
    }
    return pool.withConnection(conn -> conn.preparedQuery(BY_TOKEN).execute(tokenHash(token))
        .compose(rows -> chatOf(conn, rows)));
  }

  /** The chat with this id, with both members, or null (erased with either of them). */
  public Future<CoffeeChat> byId(UUID id) {
    return pool.withConnection(conn -> conn.preparedQuery(BY_ID).execute(Tuple.of(id))
        .compose(rows -> chatOf(conn, rows)));
  }

  /**
   * Accepts a pending chat at one of its times, in {@code targetZone} (null: the proposed zone),
   * and queues both people the mail with the other's address and the invite. Consent is read
   * now: a requester who has since unlisted or left is not revealed (410). Answers the chat as
   * it was before, so the page can say "already answered", or null for an unknown link.
   */
  public Future<CoffeeChat> accept(String token, String time, ZoneId targetZone) {
    return answer(token, (conn, chat) -> {
      if (!chat.requester().onDirectory()) {
        return Future.failedFuture(new Problem(Problem.Kind.GONE, "request_withdrawn",
            "This request is no longer open: the member who sent it is no longer listed."));
      }
      Instant now = Instant.now();
      if (chat.expired(now)) {
        return Future.failedFuture(new Problem(Problem.Kind.GONE, "request_expired",
            "Every time proposed in this request has passed."));
      }
      Instant at = CoffeeChatRules.chosen(chat, time, now);
      return conn.preparedQuery(ACCEPT).execute(Tuple.of(chat.id(), at.atOffset(ZoneOffset.UTC),
              targetZone == null ? null : targetZone.getId()))
          .compose(x -> mailAccepted(conn, chat, chat.requester(), chat.target()))
          .compose(x -> mailAccepted(conn, chat, chat.target(), chat.requester()));
    });
  }

  /** Declines a pending chat. Nobody is told, nothing is revealed. */
  public Future<CoffeeChat> decline(String token) {
    return answer(token, (conn, chat) ->
        conn.preparedQuery(DECLINE).execute(Tuple.of(chat.id())).mapEmpty());
  }

  private interface Answer {
    Future<Void> apply(SqlConnection conn, CoffeeChat chat);
  }

  private Future<CoffeeChat> answer(String token, Answer answer) {
    if (token == null || token.length() < 20 || token.length() > 64) {
      return Future.succeededFuture(null);
    }
    return pool.withTransaction(conn -> conn.preparedQuery(BY_TOKEN_LOCKED).execute(tokenHash(token))
        .compose(rows -> chatOf(conn, rows))
        .compose(chat -> chat == null || !chat.pending() ? Future.succeededFuture(chat)
            : answer.apply(conn, chat).map(chat)));
  }

  private static Future<Void> mailAccepted(SqlConnection conn, CoffeeChat chat,
                                           DirectoryMember to, DirectoryMember about) {
    return OutboxStore.enqueue(conn, Outbox.COFFEE_CHAT_ACCEPTED, null, null, to.email(),
        new JsonObject().put("chat", chat.id().toString()).put("to", to.id().toString())
            .put("about", about.id().toString()));
  }

  /**
   * What the viewer sees of their chats, by the other member's id: "asked" (they asked and it is
   * open, or declined: the asker is never told), "asked_you" (the other asked, no answer yet) or
   * "accepted" (the latest chat between them was accepted: both know each other's address).
   */
  public Future<Map<UUID, String>> mine(UUID viewer) {
    return pool.preparedQuery(MINE).execute(Tuple.of(viewer)).map(rows -> {
      Map<UUID, String> out = new HashMap<>();
      Instant now = Instant.now();
      for (Row r : rows) {
        boolean asked = r.getUUID("requester_id").equals(viewer);
        UUID other = asked ? r.getUUID("target_id") : r.getUUID("requester_id");
        String status = r.getString("status");
        boolean current = r.getOffsetDateTime("last_time").toInstant().isAfter(now);
        if (CoffeeChat.ACCEPTED.equals(status)) out.put(other, "accepted");
        else if (current && asked && !"accepted".equals(out.get(other))) out.put(other, "asked");
        else if (current && CoffeeChat.PENDING.equals(status) && !out.containsKey(other)) {
          out.put(other, "asked_you");
        }
      }
      return out;
    });
  }

  /**
   * For the members feature's erasure, in its transaction: deletes the coffee-chat mails to or
   * about the member. Their chats go with the member row (ON DELETE
   * CASCADE), and a mail whose chat is gone would be skipped anyway; this also drops the address.
   */
  public static Future<Integer> eraseMailsOf(SqlClient db, UUID memberId) {
    return db.preparedQuery(ERASE_MAILS).execute(Tuple.of(memberId.toString()))
        .map(rows -> rows.rowCount());
  }

  private static Tuple tokenHash(String token) {
    return Tuple.of(Buffer.buffer(Ids.sha256(token)));
  }

  private static Future<CoffeeChat> chatOf(SqlClient db, RowSet<Row> rows) {
    if (rows.size() == 0) return Future.succeededFuture(null);
    Row c = rows.iterator().next();
    return DirectoryStore.byId(db, c.getUUID("requester_id"))
        .compose(req -> DirectoryStore.byId(db, c.getUUID("target_id")).map(tgt -> {
          if (req == null || tgt == null) return null;
          List<Instant> times = new ArrayList<>();
          for (Object t : c.getArrayOfOffsetDateTimes("times")) {
            times.add(((OffsetDateTime) t).toInstant());
          }
          String targetZone = c.getString("target_zone");
          OffsetDateTime accepted = c.getOffsetDateTime("accepted_time");
          OffsetDateTime answered = c.getOffsetDateTime("answered_at");
          return new CoffeeChat(c.getUUID("id"), c.getUUID("group_id"), req, tgt,
              c.getString("message"), List.copyOf(times), ZoneId.of(c.getString("time_zone")),
              c.getInteger("minutes"), c.getString("status"),
              accepted == null ? null : accepted.toInstant(),
              targetZone == null ? null : ZoneId.of(targetZone),
              c.getOffsetDateTime("created_at").toInstant(),
              answered == null ? null : answered.toInstant());
        }));
  }
}
