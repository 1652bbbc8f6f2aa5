package org.convene.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A small closed-loop load generator for a running Convene (not part of the test suite; see
 * bench/run.sh). It keeps N requests in flight, records every latency after a warm-up, and
 * prints requests per second with p50 and p99.
 *
 * <p>Phases: GET /e/{event} spread over many events; RSVP POSTs spread over many events; the
 * flash crowd, every RSVP to ONE event; the same crowd at a 100-seat event (most are waitlisted).
 */
public final class LoadDriver {
  private final Vertx vertx = Vertx.vertx();
  private final WebClient client;
  private final String host;
  private final int port;
  private final int connections;
  private final AtomicLong unique = new AtomicLong();

  LoadDriver(String baseUrl, int connections) {
    URI u = URI.create(baseUrl);
    this.host = u.getHost();
    this.port = u.getPort();
    this.connections = connections;
    this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true)
        .setTcpNoDelay(true), new PoolOptions().setHttp1MaxSize(connections));
  }

  public static void main(String[] args) throws Exception {
    String base = args.length > 0 ? args[0] : "http://localhost:8080";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
    int connections = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    // optional: which phases to run (get,spread,flash,full), all by default
    List<String> phases = Arrays.asList((args.length > 3 ? args[3] : "get,spread,flash,full").split(","));
    LoadDriver d = new LoadDriver(base, connections);
    try {
      d.run(seconds, phases);
    } finally {
      d.vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  void run(int seconds, List<String> phases) throws Exception {
    String token = setupOrganizer();
    int spreadEvents = 200;
    List<String> events = new ArrayList<>();
    for (int i = 0; i < spreadEvents; i++) {
      events.add(createEvent(token, "Spread " + i, 5000));
    }
    String flash = createEvent(token, "Flash crowd reunion", 100000);
    String small = createEvent(token, "Flash crowd, 100 seats", 100);
    System.out.printf("setup: %d spread events (capacity 5000 each), flash-crowd events with capacity 100000 and 100%n",
        spreadEvents);
    System.out.println("flash-event: " + flash);
    // fresh 100,000-seat events for the database-only measurements of bench/run.sh
    System.out.println("store-event: " + createEvent(token, "Flash crowd (store)", 100000));
    System.out.println("pgbench-event: " + createEvent(token, "Flash crowd (pgbench)", 100000));

    if (phases.contains("get")) {
      report("GET /e/{event} (200 events)", phase(seconds,
          i -> ok(client.get(port, host, "/e/" + events.get(i % events.size())).send())));
    }
    if (phases.contains("spread")) {
      report("POST RSVP spread over 200 events", phase(seconds,
          i -> ok(rsvp(events.get(i % events.size())))));
    }
    if (phases.contains("flash")) {
      report("POST RSVP flash crowd, ONE event", phase(seconds, i -> ok(rsvp(flash))));
    }
    if (phases.contains("full")) {
      // the usual shape of a popular reunion: 100 seats, everyone after them on the waitlist
      report("POST RSVP flash crowd, ONE 100-seat event", phase(seconds, i -> ok(rsvp(small))));
    }
  }

  private ClosedLoop.Result phase(int seconds, IntFunction<Future<Boolean>> request)
      throws Exception {
    return ClosedLoop.run(vertx, connections, seconds, request);
  }

  private static void report(String name, ClosedLoop.Result r) {
    ClosedLoop.report(name, "req/s", r);
  }

  private static Future<Boolean> ok(Future<HttpResponse<Buffer>> response) {
    return response.map(r -> r.statusCode() < 400);
  }

  private Future<HttpResponse<Buffer>> rsvp(String event) {
    long n = unique.incrementAndGet();
    return client.post(port, host, "/api/v1/events/" + event + "/rsvps")
        .sendJsonObject(new JsonObject().put("name", "Load " + n)
            .put("email", "load" + n + "-" + System.nanoTime() + "@example.org")
            .put("response", "going"));
  }

  private String setupOrganizer() throws Exception {
    String email = "bench-" + System.nanoTime() + "@example.org";
    client.post(port, host, "/api/v1/accounts").sendJsonObject(new JsonObject()
        .put("email", email).put("password", "benchmark password").put("name", "Bench"))
        .await(30, TimeUnit.SECONDS);
    HttpResponse<Buffer> t = client.post(port, host, "/api/v1/tokens").sendJsonObject(
        new JsonObject().put("email", email).put("password", "benchmark password"))
        .await(30, TimeUnit.SECONDS);
    String token = t.bodyAsJsonObject().getString("token");
    String slug = "bench-" + Long.toString(System.nanoTime(), 36);
    client.post(port, host, "/api/v1/groups").bearerTokenAuthentication(token)
        .sendJsonObject(new JsonObject().put("slug", slug).put("name", "Bench").put("kind", "community"))
        .await(30, TimeUnit.SECONDS);
    this.slug = slug;
    return token;
  }

  private String slug;

  private String createEvent(String token, String title, int capacity) throws Exception {
    HttpResponse<Buffer> r = client.post(port, host, "/api/v1/groups/" + slug + "/events")
        .bearerTokenAuthentication(token)
        .sendJsonObject(new JsonObject().put("title", title).put("startsAt", "2031-06-01T18:00")
            .put("endsAt", "2031-06-01T21:00").put("timeZone", "Europe/Berlin")
            .put("venue", "Main hall").put("capacity", capacity).put("status", "published")
            .put("description", "A benchmark event with a **short** description."))
        .await(60, TimeUnit.SECONDS);
    if (r.statusCode() != 201) throw new IllegalStateException(r.bodyAsString());
    return r.bodyAsJsonObject().getString("id");
  }
}
