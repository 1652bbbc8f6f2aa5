package org.convene.people;

import org.convene.outbox.OutboxStore;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.convene.core.Problem;
import org.convene.db.Ids;
import org.convene.outbox.MailQuotaStore;
import org.convene.outbox.Outbox;

/**
 * Connect requests between attendees on the directory, and the mails they cause, each queued in
 * the transaction that records the request or its answer (rendered when sent: ConnectMails).
 * The table keeps only a hash of the answer link.
 */
public final class ConnectStore {
  private static final String CONNECTIONS = """
      SELECT requester_id, target_id, status FROM connect_requests
      WHERE requester_id = $1 OR target_id = $1""";

  private static final String LOCK_RSVP = "SELECT " + PeopleStore.COLUMNS + " FROM rsvps r WHERE r.id = $1 FOR UPDATE";
  // The count and the insert run while the requester's row is locked, so two requests sent at
  // once cannot both slip under the limit.
  private static final String INSERT_REQUEST = """
      INSERT INTO connect_requests (event_id, requester_id, target_id, token_hash)
      SELECT $1, $2, $3, $4
      WHERE (SELECT count(*) FROM connect_requests WHERE requester_id = $2) < $5
      ON CONFLICT DO NOTHING
      RETURNING id""";
  private static final String PAIR = """
      SELECT status FROM connect_requests
      WHERE LEAST(requester_id, target_id) = LEAST($1::uuid, $2::uuid)
        AND GREATEST(requester_id, target_id) = GREATEST($1::uuid, $2::uuid)""";
  private static final String REQUEST_BY_TOKEN = """
      SELECT id, event_id, requester_id, target_id, status FROM connect_requests
      WHERE token_hash = $1 FOR UPDATE""";
  private static final String REQUEST_BY_TOKEN_READ = """
      SELECT id, event_id, requester_id, target_id, status FROM connect_requests
      WHERE token_hash = $1""";
  private static final String ANSWER = """
      UPDATE connect_requests SET status = $2, answered_at = now()
      WHERE id = $1 AND status = 'pending'""";

  private final Pool pool;
  private final int unaskedPerDay;

  /** {@code unaskedPerDay}: connect requests one address may get per day (0: no limit). */
  public ConnectStore(Pool pool, int unaskedPerDay) {
    this.pool = pool;
    this.unaskedPerDay = unaskedPerDay;
  }

  /** The viewer's connect requests, by the other person's RSVP id: "sent", "received", "accepted". */
  public Future<Map<UUID, String>> connections(UUID viewer) {
    return pool.preparedQuery(CONNECTIONS).execute(Tuple.of(viewer)).map(rows -> {
      Map<UUID, String> out = new HashMap<>();
      for (Row r : rows) {
        boolean mine = r.getUUID("requester_id").equals(viewer);
        UUID other = mine ? r.getUUID("target_id") : r.getUUID("requester_id");
        String status = r.getString("status");
        // a decline is never shown to the one who asked: it stays "sent"
        out.put(other, "accepted".equals(status) ? "accepted" : mine ? "sent"
            : "pending".equals(status) ? "received" : "declined");
      }
      return out;
    });
  }

  /**
   * Records a connect request between two attendees on the directory {@code d} and queues the
   * mail to the target, in one transaction. The mail is mail its recipient did not ask for, so it
   * is taken from their daily quota of such mail ("unasked:" + address). 409 when the pair already
   * has a request, 429 over the requester's limit or the target's quota.
   */
  public Future<Void> requestConnect(UUID requesterId, UUID targetId, PeopleRules.Directory d) {
    String answerToken = Ids.random(24);
    return pool.withTransaction(conn -> conn.preparedQuery(LOCK_RSVP).execute(Tuple.of(requesterId))
        .map(PeopleStore::first)
        .compose(requester -> conn.preparedQuery(PeopleStore.BY_ID).execute(Tuple.of(targetId))
            .map(PeopleStore::first)
            .compose(target -> {
              if (requester == null || !requester.inDirectory(d)) {
                return Future.failedFuture(Problem.forbidden());
              }
              if (target == null || !target.eventId().equals(requester.eventId())
                  || !target.inDirectory(d) || target.id().equals(requester.id())) {
                return Future.failedFuture(Problem.notFound());
              }
              return conn.preparedQuery(INSERT_REQUEST).execute(Tuple.of(requester.eventId(),
                      requesterId, targetId, Buffer.buffer(Ids.sha256(answerToken)),
                      PeopleRules.CONNECT_LIMIT))
                  .compose(inserted -> inserted.size() == 1
                      ? queueRequestMail(conn, requester, target,
                          inserted.iterator().next().getUUID("id"), answerToken)
                      : whyNotInserted(conn, requesterId, targetId));
            })));
  }

  // The answer link's token rides in the payload until the mail is rendered: it is only known
  // here (the table keeps its hash), and erasure drops the row with it.
  private Future<Void> queueRequestMail(SqlConnection conn, Attendee requester, Attendee target,
                                        UUID requestId, String answerToken) {
    return MailQuotaStore.take(conn, "unasked:" + target.email(), unaskedPerDay, Duration.ofDays(1))
        .compose(ok -> ok
            ? OutboxStore.enqueue(conn, Outbox.CONNECT_REQUEST, target.eventId(), target.id(),
                target.email(), ConnectMails.payload(requestId, requester.id())
                    .put("answerToken", answerToken))
            : Future.failedFuture(new Problem(Problem.Kind.RATE_LIMITED, "unasked_mail_cap",
                target.name() + " has had as many requests as we send anyone in a day."
                    + " Try again tomorrow.")));
  }

  private static Future<Void> whyNotInserted(SqlConnection conn, UUID a, UUID b) {
    return conn.preparedQuery(PAIR).execute(Tuple.of(a, b)).compose(rows -> rows.size() > 0
        ? Future.failedFuture(Problem.conflict("already_requested",
            "You two already have a connect request."))
        : Future.failedFuture(new Problem(Problem.Kind.RATE_LIMITED, "connect_limit",
            "You have sent " + PeopleRules.CONNECT_LIMIT
                + " connect requests for this event, which is the most we allow.")));
  }

  /** A connect request found by its answer link, with both people. */
  public record Request(UUID id, String eventId, Attendee requester, Attendee target,
                        String status) {}

  public Future<Request> requestByToken(String token) {
    if (token == null || token.length() < 20 || token.length() > 64) {
      return Future.succeededFuture(null);
    }
    return pool.withConnection(conn -> loadRequest(conn, token));
  }

  private static Future<Request> loadRequest(SqlConnection conn, String token) {
    return conn.preparedQuery(REQUEST_BY_TOKEN_READ)
        .execute(Tuple.of(Buffer.buffer(Ids.sha256(token))))
        .compose(rows -> requestOf(conn, rows));
  }

  private static Future<Request> requestOf(SqlConnection conn, RowSet<Row> rows) {
    if (rows.size() == 0) return Future.succeededFuture(null);
    Row c = rows.iterator().next();
    return conn.preparedQuery(PeopleStore.BY_ID).execute(Tuple.of(c.getUUID("requester_id")))
        .map(PeopleStore::first)
        .compose(req -> conn.preparedQuery(PeopleStore.BY_ID).execute(Tuple.of(c.getUUID("target_id")))
            .map(PeopleStore::first)
            .map(tgt -> new Request(c.getUUID("id"), c.getString("event_id"), req, tgt,
                c.getString("status"))));
  }

  /**
   * Accepts or declines a pending request. Accepting queues each person a mail with the other's
   * address, in the transaction that records the answer; each is rendered (and consent read
   * again) when it is sent. Answers the request as it was before (so the page
   * can say "already answered"), or null if the link is unknown.
   */
  public Future<Request> answer(String token, boolean accept) {
    return pool.withTransaction(conn -> conn.preparedQuery(REQUEST_BY_TOKEN)
        .execute(Tuple.of(Buffer.buffer(Ids.sha256(token))))
        .compose(rows -> requestOf(conn, rows))
        .compose(req -> {
          if (req == null || !"pending".equals(req.status())) return Future.succeededFuture(req);
          // Consent is read now, not when the request was sent: someone who has since
          // unlisted (or been erased) is not revealed by an old request.
          boolean stillOpen = req.requester() != null && req.requester().shares()
              && req.target() != null && !req.target().erased();
          if (accept && !stillOpen) {
            return Future.failedFuture(new Problem(Problem.Kind.GONE, "request_withdrawn",
                "This request is no longer open: the person who sent it is no longer listed."));
          }
          Future<Void> done = conn.preparedQuery(ANSWER)
              .execute(Tuple.of(req.id(), accept ? "accepted" : "declined")).mapEmpty();
          if (accept) {
            Attendee a = req.requester();
            Attendee b = req.target();
            done = done
                .compose(x -> OutboxStore.enqueue(conn, Outbox.CONNECT_ACCEPTED, a.eventId(),
                    a.id(), a.email(), ConnectMails.payload(req.id(), b.id())))
                .compose(x -> OutboxStore.enqueue(conn, Outbox.CONNECT_ACCEPTED, b.eventId(),
                    b.id(), b.email(), ConnectMails.payload(req.id(), a.id())));
          }
          return done.map(req);
        }));
  }
}
