package org.convene.mail;

import org.convene.outbox.OutboxStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import org.convene.core.Config;
import org.convene.core.Redact;
import org.convene.accounts.Auth;
import org.convene.events.EventPages;
import org.convene.events.EventStore;
import org.convene.groups.Access;
import org.convene.web.Views;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail feature of one instance: the sender and the reminder job (one verticle per instance;
 * the database keeps instances from sending anything twice) and the organizer's mail pages.
 */
public final class Mailer {
  private static final Logger LOG = LoggerFactory.getLogger(Mailer.class);
  static final long REMINDER_PERIOD_MS = 60_000;

  private final Vertx vertx;
  private final Pool pool;
  private final Config config;
  private final EventStore events;
  private final OutboxStore outbox;
  private final MessageStore messages;
  private final MailRenderer renderer;
  private final Reminders reminders;
  private final Sender.Settings settings;
  private final UnsubscribeTokens unsubscribes;
  private final SuppressionStore suppressions;

  public Mailer(Vertx vertx, Pool pool, Config config, EventStore events, InviteSource invites,
                FeedLinks feeds, UnsubscribeTokens unsubscribes, Sender.Settings settings) {
    this.vertx = vertx;
    this.pool = pool;
    this.config = config;
    this.events = events;
    this.outbox = new OutboxStore(pool);
    this.messages = new MessageStore(pool, config.limits().organizerMessagesPerEventPerDay());
    this.unsubscribes = unsubscribes;
    this.suppressions = new SuppressionStore(pool);
    this.renderer = new MailRenderer(vertx, pool, events, invites, feeds, config.baseUrl(),
        unsubscribes);
    this.reminders = new Reminders(pool);
    this.settings = settings;
  }

  public MailRoutes routes(EventPages eventPages, Access access, Auth auth, Views views,
                           org.convene.rsvp.RsvpStore rsvps) {
    return new MailRoutes(events, eventPages, outbox, access, auth, views, messages, rsvps,
        config.baseUrl());
  }

  public FollowUpRoutes followUpRoutes(EventPages eventPages, Auth auth, Views views) {
    return new FollowUpRoutes(eventPages, messages, auth, views, config.baseUrl());
  }

  public UnsubscribeRoutes unsubscribeRoutes(Views views) {
    return new UnsubscribeRoutes(unsubscribes, suppressions, views);
  }

  /** Sends the outbox and queues reminders while deployed. */
  public VerticleBase verticle() {
    return new VerticleBase() {
      private Sender sender;
      private long reminderTimer;

      @Override
      public Future<?> start() {
        if (config.smtpHost() == null) {
          LOG.warn("No SMTP_HOST: mails, with their private links, are written to this log; "
              + "set SMTP_HOST in production.");
        }
        sender = new Sender(vertx, outbox, renderer, Delivery.from(vertx, config),
            config.mailFrom(), settings);
        sender.start();
        queueReminders();
        reminderTimer = vertx.setPeriodic(REMINDER_PERIOD_MS, t -> queueReminders());
        return Future.succeededFuture();
      }

      @Override
      public Future<?> stop() {
        vertx.cancelTimer(reminderTimer);
        return sender.stop();
      }
    };
  }

  private void queueReminders() {
    reminders.queueDue()
        .onSuccess(n -> {
          if (n > 0) LOG.info("queued {} reminders", n);
        })
        .onFailure(e -> LOG.warn("reminder round failed, next in a minute: {}",
            Redact.scrub(e.toString())));
  }
}
