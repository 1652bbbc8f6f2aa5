package org.convene.mail;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.concurrent.TimeUnit;
import org.convene.core.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Where a rendered mail goes: an SMTP server, or the log when none is configured. */
public interface Delivery {
  Future<Void> deliver(Mail mail, String messageId);

  default Future<Void> close() {
    return Future.succeededFuture();
  }

  static Delivery from(Vertx vertx, Config config) {
    return config.smtpHost() == null ? new Log(config.mailFrom()) : new Smtp(vertx, config);
  }

  /** Vert.x Mail Client over SMTP. */
  final class Smtp implements Delivery {
    /** Well under the claim lease, so a slow send is never overlapped by another sender's retry. */
    static final int SEND_TIMEOUT_SECONDS = 60;

    private final MailClient client;
    private final String mailFrom;

    Smtp(Vertx vertx, Config config) {
      MailConfig mc = new MailConfig()
          .setHostname(config.smtpHost())
          .setPort(config.smtpPort())
          // 465 is implicit TLS (RFC 8314); elsewhere STARTTLS unless SMTP_STARTTLS=false
          .setSsl(config.smtpPort() == 465)
          .setStarttls(config.smtpPort() != 465 && config.smtpStartTls()
              ? StartTLSOptions.REQUIRED : StartTLSOptions.DISABLED)
          .setKeepAlive(true)
          .setMaxPoolSize(4);
      mc.setConnectTimeout(10_000);
      mc.setIdleTimeout(SEND_TIMEOUT_SECONDS);
      mc.setIdleTimeoutUnit(TimeUnit.SECONDS);
      if (config.smtpUser() != null) {
        mc.setLogin(LoginOption.REQUIRED).setUsername(config.smtpUser())
            .setPassword(config.smtpPassword());
      } else {
        mc.setLogin(LoginOption.DISABLED);
      }
      this.client = MailClient.create(vertx, mc);
      this.mailFrom = config.mailFrom();
    }

    @Override
    public Future<Void> deliver(Mail mail, String messageId) {
      io.vertx.ext.mail.MailMessage message;
      try {
        message = Mime.forVertx(mail, mailFrom, messageId);
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
      return client.sendMail(message)
          .timeout(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .mapEmpty();
    }

    @Override
    public Future<Void> close() {
      return client.close();
    }
  }

  /**
   * No SMTP server: the mail is written to the log so a newcomer can follow its links. The one
   * place that logs addresses and private links, on purpose; Mailer warns about it at start.
   */
  final class Log implements Delivery {
    private static final Logger LOG = LoggerFactory.getLogger("org.convene.mail.LoggedMail");
    private final String mailFrom;

    Log(String mailFrom) {
      this.mailFrom = mailFrom;
    }

    @Override
    public Future<Void> deliver(Mail mail, String messageId) {
      LOG.info("""
          mail not sent (no SMTP_HOST), here it is:
          From: {} <{}>
          To: {}
          Reply-To: {}
          Subject: {}
          Message-ID: {}{}{}

          {}""", mail.fromName(), mailFrom, mail.to(), mail.replyTo(), mail.subject(), messageId,
          mail.unsubscribeUrl() == null ? "" : "\nList-Unsubscribe: <" + mail.unsubscribeUrl() + ">",
          mail.hasCalendar() ? "\nAttached: invite.ics (METHOD:" + mail.calendarMethod() + ")" : "",
          mail.text());
      return Future.succeededFuture();
    }
  }
}
