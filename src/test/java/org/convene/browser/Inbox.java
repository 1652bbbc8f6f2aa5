package org.convene.browser;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.convene.TestDb;
import org.convene.TestServer;

/**
 * A real mailbox for the journeys (GreenMail SMTP on a free port): the server sends its mails
 * here, and a journey goes on from a link in the mail, as a person does from their inbox.
 */
final class Inbox implements AutoCloseable {
  final GreenMail smtp;

  Inbox() {
    smtp = new GreenMail(new ServerSetup(TestServer.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    smtp.start();
  }

  /** A server that delivers its mail to this inbox. */
  TestServer server() {
    return TestServer.start(TestDb.fresh(), Map.of("SMTP_HOST", "127.0.0.1",
        "SMTP_PORT", Integer.toString(smtp.getSmtp().getPort()), "SMTP_STARTTLS", "false",
        "MAIL_FROM", "Convene <convene@convene.test>"));
  }

  /**
   * Waits for a mail to {@code address} whose subject contains {@code subject} and answers the
   * path of its first link into this server that starts with {@code pathPrefix} (e.g. "/r/").
   */
  String linkIn(String address, String subject, String baseUrl, String pathPrefix) {
    Pattern link = Pattern.compile(Pattern.quote(baseUrl) + "(" + Pattern.quote(pathPrefix)
        + "[A-Za-z0-9_-]+)");
    long end = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < end) {
      for (MimeMessage m : smtp.getReceivedMessages()) {
        try {
          if (!m.getAllRecipients()[0].toString().equalsIgnoreCase(address)) continue;
          if (!m.getSubject().contains(subject)) continue;
          Matcher found = link.matcher(GreenMailUtil.getBody(m).replace("=\r\n", ""));
          if (found.find()) return found.group(1);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("no mail to " + address + " with '" + subject + "' and a link "
        + pathPrefix + " arrived");
  }

  @Override
  public void close() {
    smtp.stop();
  }
}
