package org.convene.members;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClientSession;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.convene.TestServer;
import org.convene.db.Database;

/**
 * Test helpers for the directory and coffee chats: members written with SQL as the members
 * feature leaves them (joined, verified or not, listed or not, sharing some fields), browsers
 * with cookies, and a GreenMail inbox.
 */
final class MemberScene {
  private MemberScene() {}

  /** A member row; {@code shared} the fields they share (V14 names: email, class_year, ...). */
  record Member(String name, String email, boolean verified, boolean listed, List<String> shared,
                Integer classYear, String chapter, String industry, String employer,
                String headline, List<String> goals, List<String> topics) {
    static Member listed(String name, String email) {
      return new Member(name, email, true, true, List.of(), null, null, null, null, null,
          List.of(), List.of());
    }

    Member verified(boolean v) {
      return new Member(name, email, v, listed, shared, classYear, chapter, industry, employer,
          headline, goals, topics);
    }

    Member listed(boolean l) {
      return new Member(name, email, verified, l, shared, classYear, chapter, industry, employer,
          headline, goals, topics);
    }

    Member sharing(String... fields) {
      return new Member(name, email, verified, listed, List.of(fields), classYear, chapter,
          industry, employer, headline, goals, topics);
    }

    Member profile(Integer year, String chapter, String industry, String employer,
                   String headline) {
      return new Member(name, email, verified, listed, shared, year, chapter, industry, employer,
          headline, goals, topics);
    }

    Member goals(String... g) {
      return new Member(name, email, verified, listed, shared, classYear, chapter, industry,
          employer, headline, List.of(g), topics);
    }

    Member topics(String... t) {
      return new Member(name, email, verified, listed, shared, classYear, chapter, industry,
          employer, headline, goals, List.of(t));
    }
  }

  /** What a test knows of a member it wrote: the id others see and the private token. */
  record Written(String id, String token, String email) {}

  static Written insert(TestServer server, String groupSlug, Member m) {
    String token = UUID.randomUUID().toString().replace("-", "") + "m";
    List<Row> rows = sql(server, """
        INSERT INTO members (group_id, token, email, name, source, verified_at, listed, shared,
          class_year, chapter, industry, employer, headline, goals, topics)
        SELECT g.id, $2, $3, $4, 'joined', CASE WHEN $5 THEN now() END, $6, $7, $8, $9, $10, $11,
          $12, $13, $14
        FROM groups g WHERE g.slug = $1
        RETURNING id""", groupSlug, token, m.email(), m.name(), m.verified(), m.listed(),
        m.shared().toArray(new String[0]), m.classYear(), m.chapter(), m.industry(), m.employer(),
        m.headline(), m.goals().toArray(new String[0]), m.topics().toArray(new String[0]));
    if (rows.size() != 1) throw new IllegalStateException("no group " + groupSlug);
    return new Written(rows.get(0).getUUID("id").toString(), token, m.email());
  }

  static List<Row> sql(TestServer server, String sql, Object... args) {
    try {
      var rows = server.app.pool().preparedQuery(sql).execute(Tuple.from(args))
          .await(20, TimeUnit.SECONDS);
      List<Row> out = new ArrayList<>();
      rows.forEach(out::add);
      return out;
    } catch (Exception e) {
      throw new IllegalStateException(sql, e);
    }
  }

  static String bearer(String token) {
    return "Bearer " + token;
  }

  /** A browser with a cookie jar; remembers the last CSRF token it saw in a form. */
  static final class Browser {
    final TestServer server;
    final WebClientSession web;
    String csrf;

    Browser(TestServer server) {
      this.server = server;
      this.web = WebClientSession.create(server.client());
    }

    HttpResponse<Buffer> get(String path) {
      try {
        HttpResponse<Buffer> r = web.get(server.port, "localhost", path).send()
            .await(20, TimeUnit.SECONDS);
        String body = r.bodyAsString();
        if (body != null) {
          Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(body);
          if (m.find()) csrf = m.group(1);
        }
        return r;
      } catch (Exception e) {
        throw new IllegalStateException("GET " + path, e);
      }
    }

    HttpResponse<Buffer> post(String path, MultiMap form) {
      if (csrf == null) get("/login");
      if (!form.contains("_csrf")) form.add("_csrf", csrf);
      try {
        return web.post(server.port, "localhost", path).sendForm(form).await(20, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("POST " + path, e);
      }
    }
  }

  static final String PASSWORD = "correct horse battery";

  /** A browser signed in as the organizer account with that email (made by organizerToken). */
  static Browser signedIn(TestServer server, String email) {
    Browser b = new Browser(server);
    b.get("/login");
    var r = b.post("/login", form("email", email, "password", PASSWORD, "next", "/organize"));
    if (r.statusCode() != 302 && r.statusCode() != 303) {
      throw new IllegalStateException("login failed: " + r.statusCode());
    }
    return b;
  }

  static MultiMap form(String... kv) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i + 1 < kv.length; i += 2) m.add(kv[i], kv[i + 1]);
    return m;
  }

  // ---- mail ----

  static GreenMail smtp(int port) {
    GreenMail g = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    g.start();
    return g;
  }

  static TestServer serverWithSmtp(Database.Target db, int smtpPort) {
    return TestServer.start(db, Map.of("SMTP_HOST", "127.0.0.1",
        "SMTP_PORT", Integer.toString(smtpPort), "SMTP_STARTTLS", "false",
        "MAIL_FROM", "Convene <convene@convene.test>"));
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
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return got;
      }
    }
  }

  /** The first part of this MIME type, depth first, or null. */
  static Part find(Part p, String type) throws Exception {
    if (p.getContentType().toLowerCase().startsWith(type)) return p;
    if (p.getContentType().toLowerCase().startsWith("multipart/")) {
      Multipart mp = (Multipart) p.getContent();
      for (int i = 0; i < mp.getCount(); i++) {
        Part found = find(mp.getBodyPart(i), type);
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

  /**
   * The whole of a mail, decoded: its headers and every part's text, so a test can say what it
   * does not contain (raw MIME could hide an address behind a quoted-printable soft break).
   */
  static String everything(MimeMessage m) throws Exception {
    StringBuilder out = new StringBuilder();
    var headers = m.getAllHeaderLines();
    while (headers.hasMoreElements()) out.append(headers.nextElement()).append('\n');
    collect(m, out);
    return out.toString();
  }

  private static void collect(Part p, StringBuilder out) throws Exception {
    if (p.getContentType().toLowerCase().startsWith("multipart/")) {
      Multipart mp = (Multipart) p.getContent();
      for (int i = 0; i < mp.getCount(); i++) collect(mp.getBodyPart(i), out);
    } else {
      out.append(text(p)).append('\n');
    }
  }
}
