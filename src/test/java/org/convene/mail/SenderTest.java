package org.convene.mail;

import org.convene.outbox.OutboxStore;
import org.convene.outbox.Outbox;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.convene.core.Config;
import org.convene.TestDb;
import org.convene.TestServer;
import org.convene.db.Database;
import org.convene.events.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The sender against a real SMTP server: racing senders, an SMTP outage, giving up, and a crash
 * between sending and marking. Each "instance" is its own Vert.x with its own pool.
 */
class SenderTest {
  static final String BASE = "http://convene.test";
  static final String FROM = "convene@convene.test";
  final List<Vertx> instances = new ArrayList<>();
  GreenMail smtp;

  @AfterEach
  void stop() throws Exception {
    for (Vertx v : instances) v.close().await(10, TimeUnit.SECONDS);
    if (smtp != null) smtp.stop();
  }

  /** A published event with {@code n} going attendees, each with one mail queued. */
  static String sceneWithMails(Database.Target db, int n) {
    String account = MailScene.queryString(db, """
        INSERT INTO accounts (email, name, password_hash) VALUES ('olga@example.org', 'Olga', 'x')
        RETURNING id""");
    String group = MailScene.queryString(db, """
        INSERT INTO groups (slug, name, kind) VALUES ('senders', 'Sender Alumni', 'alumni')
        RETURNING id""");
    String eventId = "sender-test-event-0001";
    MailScene.sql(db, """
        INSERT INTO events (id, group_id, title, starts_at, ends_at, time_zone, venue, status, created_by)
        VALUES (?, ?::uuid, 'Race night', now() + interval '30 days', now() + interval '30 days 2 hours',
          'Europe/Berlin', 'Hall', 'published', ?::uuid)""", eventId, group, account);
    for (int i = 0; i < n; i++) {
      String email = "p" + i + "@example.org";
      String[] r = MailScene.rsvp(db, eventId, email, "Person " + i, "going");
      MailScene.enqueue(db, Outbox.ALREADY_REGISTERED, eventId, r[0], email, null);
    }
    return eventId;
  }

  /** One more instance's sender, delivering through {@code wrap} around real SMTP. */
  Sender sender(Database.Target db, int smtpPort, Sender.Settings settings,
                java.util.function.BiFunction<Pool, Delivery, Delivery> wrap) {
    Vertx vertx = Vertx.vertx();
    instances.add(vertx);
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
        .connectingTo(db.connectOptions()).using(vertx).build();
    Config config = Config.from(Map.of("SMTP_HOST", "127.0.0.1", "SMTP_PORT", Integer.toString(smtpPort),
        "SMTP_STARTTLS", "false", "MAIL_FROM", FROM, "BASE_URL", BASE));
    EventStore events = new EventStore(pool);
    CalendarInvites invites = new CalendarInvites(pool, events, FROM, BASE);
    MailRenderer renderer = new MailRenderer(vertx, pool, events, invites, invites, BASE,
        new UnsubscribeTokens(new byte[32]));
    Sender s = new Sender(vertx, new OutboxStore(pool), renderer,
        wrap.apply(pool, Delivery.from(vertx, config)), FROM, settings);
    vertx.runOnContext(v -> s.start());
    return s;
  }

  static Delivery counting(Delivery inner, AtomicInteger count) {
    return (mail, id) -> inner.deliver(mail, id).onSuccess(v -> count.incrementAndGet());
  }

  static long status(Database.Target db, String status) {
    return MailScene.count(db, "SELECT count(*) FROM outbox WHERE status = ?", status);
  }

  static void waitFor(java.util.function.BooleanSupplier done, long timeoutMs) {
    long end = System.currentTimeMillis() + timeoutMs;
    while (!done.getAsBoolean() && System.currentTimeMillis() < end) MailScene.sleep(50);
  }

  @Test
  void twoInstancesRacingOnOneDatabaseDeliverEveryMailExactlyOnce() throws Exception {
    Database.Target db = TestDb.fresh();
    int port = TestServer.freePort();
    smtp = MailScene.smtp(port);
    int n = 300;
    sceneWithMails(db, n);
    Sender.Settings fast = new Sender.Settings(10, 300, 20, 1, 2, 10);
    AtomicInteger a = new AtomicInteger();
    AtomicInteger b = new AtomicInteger();
    sender(db, port, fast, (pool, d) -> counting(d, a));
    sender(db, port, fast, (pool, d) -> counting(d, b));

    waitFor(() -> status(db, "sent") == n, 60_000);
    MailScene.sleep(1000); // time for any duplicate to show up
    MimeMessage[] got = smtp.getReceivedMessages();
    assertEquals(n, status(db, "sent"));
    assertEquals(n, got.length, "every mail once");
    Set<String> ids = new HashSet<>();
    Map<String, Integer> perRecipient = new HashMap<>();
    for (MimeMessage m : got) {
      ids.add(m.getMessageID());
      perRecipient.merge(m.getAllRecipients()[0].toString(), 1, Integer::sum);
    }
    assertEquals(n, ids.size());
    assertEquals(n, perRecipient.size());
    assertEquals(n, a.get() + b.get());
    assertTrue(a.get() > 0 && b.get() > 0, "both instances sent: " + a.get() + " and " + b.get());
  }

  @Test
  void anSmtpOutageDelaysMailsWithoutLosingAny() throws Exception {
    Database.Target db = TestDb.fresh();
    int port = TestServer.freePort();
    int n = 20;
    sceneWithMails(db, n);
    sender(db, port, new Sender.Settings(10, 300, 50, 1, 2, 50), (pool, d) -> d);

    // nothing listens on the SMTP port yet
    waitFor(() -> MailScene.count(db, "SELECT count(*) FROM outbox WHERE attempts >= 2") == n, 20_000);
    assertEquals(0, status(db, "sent"));
    assertEquals(0, status(db, "failed"));
    assertEquals(n, MailScene.count(db, "SELECT count(*) FROM outbox WHERE last_error IS NOT NULL"));

    smtp = MailScene.smtp(port);
    waitFor(() -> status(db, "sent") == n, 30_000);
    MailScene.sleep(500);
    assertEquals(n, status(db, "sent"));
    assertEquals(n, smtp.getReceivedMessages().length);
    assertEquals(0, MailScene.count(db, "SELECT count(*) FROM outbox WHERE last_error IS NOT NULL"));
  }

  @Test
  void afterTheLastTryAMailIsFailedAndLeftAlone() {
    Database.Target db = TestDb.fresh();
    int port = TestServer.freePort();
    sceneWithMails(db, 3);
    sender(db, port, new Sender.Settings(10, 300, 50, 1, 1, 3), (pool, d) -> d);

    waitFor(() -> status(db, "failed") == 3, 20_000);
    assertEquals(3, status(db, "failed"));
    assertEquals(3, MailScene.count(db, "SELECT count(*) FROM outbox WHERE attempts = 3 AND last_error IS NOT NULL"));
    MailScene.sleep(1500);
    assertEquals(3, MailScene.count(db, "SELECT count(*) FROM outbox WHERE attempts = 3"), "no fourth try");
  }

  @Test
  void aCrashBetweenSendingAndMarkingCausesOneResendWithTheSameMessageId() throws Exception {
    Database.Target db = TestDb.fresh();
    int port = TestServer.freePort();
    smtp = MailScene.smtp(port);
    sceneWithMails(db, 1);
    int lease = 2;
    Sender.Settings settings = new Sender.Settings(10, lease, 50, 1, 2, 10);
    // Instance A loses its database the moment the SMTP server has taken the mail: it can
    // neither mark the row sent nor do anything else with it, as if the process had died.
    Sender crashing = sender(db, port, settings, (pool, d) -> (mail, id) ->
        d.deliver(mail, id).compose(v -> pool.close()));
    waitFor(() -> smtp.getReceivedMessages().length == 1, 15_000);
    MailScene.sleep(300);
    assertEquals("sending", MailScene.queryString(db, "SELECT status FROM outbox"));
    crashing.stop();

    long before = System.currentTimeMillis();
    sender(db, port, settings, (pool, d) -> d);
    waitFor(() -> status(db, "sent") == 1, 15_000);
    assertTrue(System.currentTimeMillis() - before >= 500, "the resend waited for the lease");
    MailScene.sleep(lease * 1000L + 1000); // another lease: nothing more happens
    MimeMessage[] got = smtp.getReceivedMessages();
    assertEquals(2, got.length, "one duplicate, no more");
    assertEquals(got[0].getMessageID(), got[1].getMessageID(), "the duplicate has the same Message-ID");
    assertEquals(2, MailScene.count(db, "SELECT attempts FROM outbox"));
  }
}
