package org.convene.mail;

import org.convene.outbox.Outbox;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import org.convene.TestServer;
import org.convene.db.Database;

/** Test helpers: a GreenMail SMTP server, rows written with plain SQL, and MIME walking. */
final class MailScene {
  private MailScene() {}

  static GreenMail smtp(int port) {
    GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    g.start();
    return g;
  }

  static Connection jdbc(Database.Target db) {
    try {
      return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An RSVP row as the RSVP feature would leave it; answers {id, token}. */
  static String[] rsvp(Database.Target db, String eventId, String email, String name, String status) {
    String response = switch (status) {
      case "waitlisted" -> "going";
      case "cancelled" -> "going";
      default -> status;
    };
    String token = UUID.randomUUID().toString().replace("-", "");
    try (Connection c = jdbc(db); PreparedStatement s = c.prepareStatement("""
        INSERT INTO rsvps (event_id, token, email, name, response, status, created_at)
        VALUES (?, ?, ?, ?, ?, ?, now() - interval '3 days') RETURNING id""")) {
      s.setString(1, eventId);
      s.setString(2, token);
      s.setString(3, email);
      s.setString(4, name);
      s.setString(5, response);
      s.setString(6, status);
      ResultSet rs = s.executeQuery();
      rs.next();
      return new String[] {rs.getString(1), token};
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes an outbox row the way Outbox.enqueue does; answers its id. */
  static long enqueue(Database.Target db, String kind, String eventId, String rsvpId,
                      String recipient, String payloadJson) {
    try (Connection c = jdbc(db); PreparedStatement s = c.prepareStatement("""
        INSERT INTO outbox (kind, event_id, rsvp_id, recipient, payload)
        VALUES (?, ?, ?::uuid, ?, ?::jsonb) RETURNING id""")) {
      s.setString(1, kind);
      s.setString(2, eventId);
      s.setString(3, rsvpId);
      s.setString(4, recipient);
      s.setString(5, payloadJson == null ? "{}" : payloadJson);
      ResultSet rs = s.executeQuery();
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void sql(Database.Target db, String sql, Object... args) {
    try (Connection c = jdbc(db); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) s.setObject(i + 1, args[i]);
      s.execute();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String queryString(Database.Target db, String sql, Object... args) {
    try (Connection c = jdbc(db); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) s.setObject(i + 1, args[i]);
      ResultSet rs = s.executeQuery();
      return rs.next() ? rs.getString(1) : null;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static long count(Database.Target db, String sql, Object... args) {
    return Long.parseLong(queryString(db, sql, args));
  }

  /** Waits until {@code address} has received {@code n} mails (or the time is up); answers them. */
  static List<MimeMessage> mailsTo(GreenMail g, String address, int n, long timeoutMs) {
    long end = System.currentTimeMillis() + timeoutMs;
    while (true) {
      List<MimeMessage> got = new ArrayList<>();
      for (MimeMessage m : g.getReceivedMessages()) {
        try {
          for (var a : m.getAllRecipients()) {
            if (a.toString().equalsIgnoreCase(address)) got.add(m);
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      if (got.size() >= n || System.currentTimeMillis() > end) return got;
      sleep(100);
    }
  }

  static MimeMessage oneMailTo(GreenMail g, String address) {
    List<MimeMessage> got = mailsTo(g, address, 1, 15_000);
    if (got.size() != 1) throw new AssertionError("expected one mail to " + address + ", got " + got.size());
    return got.get(0);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The MIME tree as "multipart/mixed[multipart/alternative[text/plain,...],application/ics]". */
  static String structure(Part p) throws Exception {
    String type = p.getContentType().split(";")[0].trim().toLowerCase();
    if (!type.startsWith("multipart/")) return type;
    Multipart mp = (Multipart) p.getContent();
    List<String> kids = new ArrayList<>();
    for (int i = 0; i < mp.getCount(); i++) kids.add(structure(mp.getBodyPart(i)));
    return type + "[" + String.join(",", kids) + "]";
  }

  /** The first part of this MIME type, depth first, or null. */
  static Part find(Part p, String type) throws Exception {
    if (p.getContentType().toLowerCase().startsWith(type)) return p;
    if (p.getContentType().toLowerCase().startsWith("multipart/")) {
      Multipart mp = (Multipart) p.getContent();
      for (int i = 0; i < mp.getCount(); i++) {
        BodyPart b = mp.getBodyPart(i);
        Part found = find(b, type);
        if (found != null) return found;
      }
    }
    return null;
  }

  static String text(Part p) throws Exception {
    Object c = p.getContent();
    if (c instanceof String s) return s;
    return new String(((java.io.InputStream) c).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
  }

  static Calendar calendar(Part p) throws Exception {
    return new CalendarBuilder().build(new StringReader(text(p)));
  }

  static TestServer serverWithSmtp(Database.Target db, int smtpPort) {
    return TestServer.start(db, java.util.Map.of("SMTP_HOST", "127.0.0.1",
        "SMTP_PORT", Integer.toString(smtpPort), "SMTP_STARTTLS", "false",
        "MAIL_FROM", "Convene <convene@convene.test>"));
  }
}
