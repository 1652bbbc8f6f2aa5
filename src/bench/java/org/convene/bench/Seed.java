package org.convene.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Seeds both sides of bench/run.sh: Convene through its public API (an account, a token, a
 * group, {@code count} published events and ONE more for the single-event RSVP row), and the
 * bare reference's tables in database {@code bare} over JDBC (the same titles and Markdown,
 * rendered to HTML once here, as a server that caches the rendering would store it).
 *
 * <p>Writes to outDir: events.txt (the Convene event ids, one a line), one.txt (the single
 * event), slug.txt (the group). Usage: {@code Seed baseUrl outDir count capacity oneCapacity
 * pgPort}.
 */
public final class Seed {
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

  private Seed() {}

  /** A few paragraphs with a heading, a list, emphasis and links: the page does real work. */
  static String description(int n) {
    return """
        Join us for an evening of **talks and conversation** with alumni and friends from \
        across the region (meetup no. %d). Whether you graduated last year or twenty years ago, \
        this is the place to catch up, meet new people and hear what others are working on.

        ## Programme

        - 18:00 doors open, coffee and snacks
        - 18:30 welcome and a short round of introductions
        - 19:00 three *lightning talks* on careers, startups and research
        - 20:00 open networking until the hall closes

        The venue is step-free and a five-minute walk from the station. Directions and the \
        floor plan are on [our website](https://example.org/venues/main-hall); questions go to \
        https://example.org/contact.

        Please RSVP so we can plan the catering, and cancel through your private link if your \
        plans change, so that someone on the waitlist gets your seat.
        """.formatted(n);
  }

  public static void main(String[] args) throws Exception {
    String base = args[0];
    Path out = Path.of(args[1]);
    int count = Integer.parseInt(args[2]);
    int capacity = Integer.parseInt(args[3]);
    int oneCapacity = Integer.parseInt(args[4]);
    int pgPort = Integer.parseInt(args[5]);
    long t0 = System.nanoTime();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();

    String email = "organizer-" + System.nanoTime() + "@bench.example";
    String password = "benchmark password";
    post(http, base + "/api/v1/accounts", null,
        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"name\":\"Bench\"}");
    String token = match(TOKEN, post(http, base + "/api/v1/tokens", null,
        "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"));
    String slug = "bench-" + Long.toString(System.nanoTime(), 36);
    post(http, base + "/api/v1/groups", token,
        "{\"slug\":\"" + slug + "\",\"name\":\"Bench alumni\",\"kind\":\"community\"}");

    // the ONE event first (its seat rows take a moment), then the many, 8 at a time
    String one = match(ID, post(http, base + "/api/v1/groups/" + slug + "/events", token,
        eventJson("Flash crowd reunion", oneCapacity, description(0))));
    String[] ids = new String[count];
    Semaphore inFlight = new Semaphore(8);
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int n = i;
      inFlight.acquire();
      all.add(http.sendAsync(request(base + "/api/v1/groups/" + slug + "/events", token,
              eventJson("Alumni meetup " + (n + 1), capacity, description(n + 1))),
              HttpResponse.BodyHandlers.ofString())
          .thenAccept(r -> {
            if (r.statusCode() != 201) {
              throw new IllegalStateException("event " + n + ": " + r.statusCode() + " " + r.body());
            }
            ids[n] = match(ID, r.body());
          })
          .whenComplete((v, e) -> inFlight.release()));
    }
    CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    Files.writeString(out.resolve("events.txt"), String.join("\n", ids) + "\n");
    Files.writeString(out.resolve("one.txt"), one + "\n");
    Files.writeString(out.resolve("slug.txt"), slug + "\n");
    long convene = (System.nanoTime() - t0) / 1_000_000;

    seedBare(pgPort, count, capacity);
    System.out.printf("seeded Convene (group %s, %d events of %d seats + one of %d) in %d ms, "
            + "bare in %d ms%n", slug, count, capacity, oneCapacity, convene,
        (System.nanoTime() - t0) / 1_000_000 - convene);
  }

  private static void seedBare(int pgPort, int count, int capacity) throws Exception {
    Parser parser = Parser.builder().extensions(List.of(AutolinkExtension.create())).build();
    HtmlRenderer renderer = HtmlRenderer.builder().extensions(List.of(AutolinkExtension.create()))
        .escapeHtml(true).build();
    try (Connection c = DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + pgPort + "/bare", "postgres", "postgres")) {
      try (Statement s = c.createStatement()) {
        s.execute("""
            DROP TABLE IF EXISTS bare_rsvp, bare_counter, bare_event;
            CREATE TABLE bare_event (id int PRIMARY KEY, group_slug text NOT NULL,
              group_name text NOT NULL, title text NOT NULL, description_md text NOT NULL,
              description_html text NOT NULL, venue text NOT NULL,
              starts_at timestamp NOT NULL, ends_at timestamp NOT NULL, time_zone text NOT NULL);
            CREATE TABLE bare_counter (id int PRIMARY KEY, taken int NOT NULL, cap int NOT NULL);
            CREATE TABLE bare_rsvp (id bigserial PRIMARY KEY, counter_id int NOT NULL,
              email text NOT NULL, name text NOT NULL, UNIQUE (counter_id, email));""");
      }
      c.setAutoCommit(false);
      try (PreparedStatement e = c.prepareStatement(
              "INSERT INTO bare_event VALUES (?, 'bench', 'Bench alumni', ?, ?, ?, 'Main hall', "
                  + "'2031-06-01 18:00', '2031-06-01 21:00', 'Europe/Berlin')");
           PreparedStatement k = c.prepareStatement("INSERT INTO bare_counter VALUES (?, 0, ?)")) {
        for (int i = 1; i <= count; i++) {
          String md = description(i);
          e.setInt(1, i);
          e.setString(2, "Alumni meetup " + i);
          e.setString(3, md);
          e.setString(4, renderer.render(parser.parse(md)));
          e.addBatch();
          k.setInt(1, i);
          k.setInt(2, capacity);
          k.addBatch();
        }
        e.executeBatch();
        k.executeBatch();
      }
      c.commit();
    }
  }

  private static String eventJson(String title, int capacity, String description) {
    return "{\"title\":\"" + title + "\",\"startsAt\":\"2031-06-01T18:00\","
        + "\"endsAt\":\"2031-06-01T21:00\",\"timeZone\":\"Europe/Berlin\","
        + "\"venue\":\"Main hall\",\"capacity\":" + capacity + ",\"status\":\"published\","
        + "\"description\":\"" + description.replace("\\", "\\\\").replace("\"", "\\\"")
            .replace("\n", "\\n") + "\"}";
  }

  private static HttpRequest request(String url, String token, String json) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) b.header("Authorization", "Bearer " + token);
    return b.build();
  }

  private static String post(HttpClient http, String url, String token, String json)
      throws Exception {
    HttpResponse<String> r = http.send(request(url, token, json),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 201) {
      throw new IllegalStateException("POST " + url + ": " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  private static String match(Pattern p, String body) {
    Matcher m = p.matcher(body);
    if (!m.find()) throw new IllegalStateException("no " + p + " in " + body);
    return m.group(1);
  }
}
