package org.convene.mail;

import io.vertx.core.MultiMap;
import io.vertx.ext.mail.MailMessage;
import jakarta.activation.DataHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * Builds the MIME of a mail with Jakarta Mail and hands it to the Vert.x Mail Client as a
 * ready-made message. Vert.x can only make multipart/alternative of text and html; invites need
 * the layout Gmail and Outlook act on (RFC 6047, as Google Calendar itself sends it):
 * <pre>
 * multipart/mixed
 *   multipart/alternative
 *     text/plain
 *     text/html
 *     text/calendar; method=REQUEST; charset=UTF-8
 *   application/ics; name="invite.ics"   (the same calendar, as an attachment)
 * </pre>
 */
public final class Mime {
  private static final Session SESSION = Session.getInstance(new Properties());

  private Mime() {}

  /** The angle-bracketed Message-ID of an outbox row: the same for every attempt at it. */
  public static String messageId(String rowMessageId, String mailFrom) {
    String domain = address(mailFrom).getAddress();
    domain = domain.contains("@") ? domain.substring(domain.indexOf('@') + 1) : "localhost";
    return "<" + rowMessageId + "@" + domain + ">";
  }

  /** The whole message, headers and body, as it goes over SMTP. */
  public static byte[] encode(Mail mail, String mailFrom, String messageId) {
    try {
      MimeMessage msg = new FixedIdMessage(messageId);
      InternetAddress from = address(mailFrom);
      msg.setFrom(new InternetAddress(from.getAddress(), mail.fromName(), "UTF-8"));
      msg.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(mail.to(), true));
      if (mail.replyTo() != null) {
        msg.setReplyTo(new InternetAddress[] {new InternetAddress(mail.replyTo(), true)});
      }
      msg.setSubject(mail.subject(), "UTF-8");
      msg.setSentDate(new java.util.Date());
      // RFC 3834: tells auto-responders not to answer a notification
      msg.setHeader("Auto-Submitted", "auto-generated");
      if (mail.unsubscribeUrl() != null) {
        // RFC 2369 names the link; RFC 8058's second header says a POST to it unsubscribes with
        // no further step, so mail clients show their own "unsubscribe" button and send that POST
        msg.setHeader("List-Unsubscribe", "<" + mail.unsubscribeUrl() + ">");
        msg.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
      }

      MimeMultipart alternative = new MimeMultipart("alternative");
      alternative.addBodyPart(textPart(mail.text(), "plain"));
      alternative.addBodyPart(textPart(mail.html(), "html"));
      if (!mail.hasCalendar()) {
        msg.setContent(alternative);
      } else {
        String method = mail.calendarMethod();
        byte[] ics = mail.calendar().getBytes(StandardCharsets.UTF_8);
        alternative.addBodyPart(bytesPart(ics,
            "text/calendar; method=" + method + "; charset=UTF-8", null));
        MimeBodyPart alternativePart = new MimeBodyPart();
        alternativePart.setContent(alternative);
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(alternativePart);
        mixed.addBodyPart(bytesPart(ics, "application/ics; name=\"invite.ics\"", "invite.ics"));
        msg.setContent(mixed);
      }
      msg.saveChanges();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      msg.writeTo(out);
      return out.toByteArray();
    } catch (MessagingException | IOException e) {
      throw new IllegalStateException("could not build the message", e);
    }
  }

  /**
   * The message for the Vert.x Mail Client: our headers as fixed headers and our MIME body as its
   * "text". Vert.x sends such text unchanged when it is 7-bit with LF line ends (it writes CRLF
   * and dot-stuffs itself); Jakarta Mail has already encoded every part to 7-bit.
   */
  public static MailMessage forVertx(Mail mail, String mailFrom, String messageId) {
    String raw = new String(encode(mail, mailFrom, messageId), StandardCharsets.US_ASCII);
    int split = raw.indexOf("\r\n\r\n");
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (String line : raw.substring(0, split).split("\r\n(?![ \t])")) {
      int colon = line.indexOf(':');
      // folded header lines are unfolded (RFC 5322 2.2.3): the CRLF goes, the whitespace stays
      headers.add(line.substring(0, colon), line.substring(colon + 1).trim().replace("\r\n", ""));
    }
    return new MailMessage()
        .setFrom(address(mailFrom).getAddress())
        .setTo(mail.to())
        .setFixedHeaders(true)
        .setHeaders(headers)
        .setText(raw.substring(split + 4).replace("\r\n", "\n"));
  }

  private static MimeBodyPart textPart(String text, String subtype) throws MessagingException {
    MimeBodyPart p = new MimeBodyPart();
    p.setText(text, "UTF-8", subtype);
    return p;
  }

  private static MimeBodyPart bytesPart(byte[] data, String contentType, String fileName)
      throws MessagingException {
    MimeBodyPart p = new MimeBodyPart();
    p.setDataHandler(new DataHandler(new ByteArrayDataSource(data, contentType)));
    p.setHeader("Content-Type", contentType);
    if (fileName != null) {
      p.setDisposition(MimeBodyPart.ATTACHMENT);
      p.setFileName(fileName);
    }
    return p;
  }

  static InternetAddress address(String mailFrom) {
    try {
      return new InternetAddress(mailFrom, true);
    } catch (MessagingException e) {
      throw new IllegalArgumentException("MAIL_FROM is not an email address: " + mailFrom, e);
    }
  }

  /** Keeps the outbox row's Message-ID: Jakarta Mail would make a new one on saveChanges. */
  private static final class FixedIdMessage extends MimeMessage {
    private final String id;

    FixedIdMessage(String id) {
      super(SESSION);
      this.id = id;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", id);
    }
  }
}
