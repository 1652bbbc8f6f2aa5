package org.convene.calendar;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.convene.TestServer;

/**
 * A group feed of 5,000 events: the full path (query, iCal4j, 1 MB trim) after warm-up, the
 * cached path, and the 304 path. Not a test (surefire does not pick up *Benchmark); run it with
 * bench/calendar-feed.sh. It starts its own embedded PostgreSQL and server on this machine.
 */
public final class CalendarFeedBenchmark {
  static final int EVENTS = 5_000;

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    try (TestServer server = TestServer.start()) {
      String token = server.organizerToken("bench@example.org");
      server.createGroup(token, "bench");
      UUID groupId = server.app.pool().preparedQuery("SELECT id FROM groups WHERE slug = 'bench'")
          .execute().await().iterator().next().getUUID("id");
      createEvents(server, groupId);
      String path = "/g/bench/calendar.ics";

      // What the feed is: size, events kept under Google's 1 MB.
      var first = server.get(path);
      String body = first.bodyAsString();
      int kept = body.split("BEGIN:VEVENT", -1).length - 1;
      System.out.printf("feed: %d events in the group, %d kept, %d bytes%n", EVENTS, kept,
          first.body().length());

      // Render only (in-process, no HTTP, no SQL), after warm-up.
      var store = new CalendarStore(server.app.pool());
      FeedWindow window = FeedWindow.today(Clock.systemUTC());
      var events = store.groupEvents(groupId, window).await();
      for (int i = 0; i < 30; i++) Feeds.group("Bench", "x", events, "e@x.org", window, server.baseUrl);
      var cpu = java.lang.management.ManagementFactory.getThreadMXBean();
      long[] render = new long[rounds];
      long[] renderCpu = new long[rounds];
      for (int i = 0; i < rounds; i++) {
        long c = cpu.getCurrentThreadCpuTime();
        long t = System.nanoTime();
        Feeds.group("Bench", "x", events, "e@x.org", window, server.baseUrl);
        render[i] = System.nanoTime() - t;
        renderCpu[i] = cpu.getCurrentThreadCpuTime() - c;
      }

      // Full HTTP path: a new version each time, so nothing comes from the cache.
      long[] full = new long[rounds];
      for (int i = 0; i < rounds + 10; i++) {
        bump(server, groupId);
        long t = System.nanoTime();
        var r = server.get(path);
        long d = System.nanoTime() - t;
        if (r.statusCode() != 200) throw new IllegalStateException("status " + r.statusCode());
        if (i >= 10) full[i - 10] = d;
      }
      String etag = server.get(path).getHeader("ETag");

      long[] cached = timeRequests(server, path, null, rounds * 5, 200);
      long[] notModified = timeRequests(server, path, etag, rounds * 10, 304);

      System.out.printf("load average while measuring: %.1f on %d cores%n",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
          Runtime.getRuntime().availableProcessors());
      report("render only (iCal4j, trim to 1 MB), wall", render);
      report("render only, CPU time of the thread", renderCpu);
      report("full GET (SQL + render), no cache", full);
      report("GET served from the ETag cache", cached);
      report("conditional GET answered 304", notModified);
    }
  }

  private static long[] timeRequests(TestServer server, String path, String etag, int n, int status) {
    for (int i = 0; i < 50; i++) get(server, path, etag, status);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      long t = System.nanoTime();
      get(server, path, etag, status);
      out[i] = System.nanoTime() - t;
    }
    return out;
  }

  private static void get(TestServer server, String path, String etag, int status) {
    var r = etag == null ? server.get(path) : server.get(path, "If-None-Match", etag);
    if (r.statusCode() != status) throw new IllegalStateException("status " + r.statusCode());
  }

  private static void bump(TestServer server, UUID groupId) {
    server.app.pool().preparedQuery(
        "UPDATE calendar_group_versions SET version = version + 1 WHERE group_id = $1")
        .execute(Tuple.of(groupId)).await();
  }

  /** 5,000 events from 80 days ago to about three years ahead, in three zones, one in 20 cancelled. */
  private static void createEvents(TestServer server, UUID groupId) {
    String description = "An evening for alumni and friends: short talks, questions, and time to "
        + "meet people working in the field. Doors open 30 minutes before; drinks after; "
        + "bring a colleague, everyone is welcome.";
    List<Tuple> batch = new ArrayList<>();
    String[] zones = {"Europe/Berlin", "America/New_York", "Asia/Kolkata"};
    for (int i = 0; i < EVENTS; i++) {
      batch.add(Tuple.of(String.format("bench%016d", i), groupId, "Alumni evening no. " + i,
          description, i, zones[i % zones.length], i % 20 == 0 ? "cancelled" : "published"));
    }
    server.app.pool().preparedQuery("""
        INSERT INTO events (id, group_id, title, description, starts_at, ends_at, time_zone,
          venue, address, online_url, status, cancelled_at)
        VALUES ($1, $2, $3, $4,
          date_trunc('hour', now()) - interval '80 days' + $5 * interval '5 hours 17 minutes',
          date_trunc('hour', now()) - interval '80 days' + $5 * interval '5 hours 17 minutes'
            + interval '2 hours 30 minutes',
          $6, 'Alumni House', 'Unter den Linden 6, 10117 Berlin', 'https://meet.example.org/x',
          $7, CASE WHEN $7 = 'cancelled' THEN now() END)""")
        .executeBatch(batch).await();
    System.out.println("created " + EVENTS + " events: " + new JsonObject()
        .put("zones", Arrays.asList(zones)).encode());
  }

  private static void report(String what, long[] nanos) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    System.out.printf("%-40s n=%d  median %.2f ms  p90 %.2f ms  max %.2f ms%n", what, s.length,
        s[s.length / 2] / 1e6, s[(int) (s.length * 0.9)] / 1e6, s[s.length - 1] / 1e6);
  }
}
