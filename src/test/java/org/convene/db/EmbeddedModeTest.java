package org.convene.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as an operator runs it, with no DATABASE_URL: PostgreSQL embedded in DATA_DIR, kept
 * across restarts, a clean SIGTERM, and a start after kill -9.
 */
class EmbeddedModeTest {
  @TempDir Path tmp;

  @AfterEach
  void stopOrphans() throws Exception {
    // if an assertion failed between a kill -9 and the next start, PostgreSQL may still run
    Path pid = tmp.resolve("data/postgres/postmaster.pid");
    if (Files.exists(pid)) {
      long p = Long.parseLong(Files.readAllLines(pid).get(0).trim());
      ProcessHandle.of(p).filter(h -> h.info().command().orElse("").contains("postgres"))
          .ifPresent(ProcessHandle::destroy);
    }
  }

  private Map<String, String> env(int port) {
    return Map.of("PORT", Integer.toString(port), "DATA_DIR", tmp.resolve("data").toString(),
        "LOGIN_RATE_LIMIT", "0");
  }

  @Test
  void dataSurvivesASigtermRestartAndAKillDashNine() throws Exception {
    int port = TestServer.freePort();
    String groupId;
    try (Child first = Child.start(tmp, "first", env(port))) {
      first.awaitReady();
      assertTrue(Files.exists(tmp.resolve("data/postgres/PG_VERSION")), "data lives in DATA_DIR");
      assertEquals(201, first.post("/api/v1/accounts", """
          {"email":"ops@example.org","password":"a long passphrase","name":"Ops"}""").statusCode());
      String token = first.post("/api/v1/tokens", """
          {"email":"ops@example.org","password":"a long passphrase"}""").body()
          .replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
      var group = first.post("/api/v1/groups", """
          {"slug":"survivors","name":"Survivors","kind":"community"}""",
          "Authorization", "Bearer " + token);
      assertEquals(201, group.statusCode(), group.body());

      // SIGTERM while a request is in flight: its body arrives after the signal
      String body = "{\"email\":\"late@example.org\",\"password\":\"a long passphrase\",\"name\":\"Late\"}";
      try (Socket socket = new Socket("localhost", port)) {
        OutputStream out = socket.getOutputStream();
        out.write(("POST /api/v1/accounts HTTP/1.1\r\nHost: localhost\r\n"
            + "Content-Type: application/json\r\nContent-Length: "
            + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
        out.flush();
        Thread.sleep(1000); // the server has read the headers: the request is in flight
        long signalled = System.nanoTime();
        first.process.destroy(); // SIGTERM
        Thread.sleep(500);
        out.write(body.getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = socket.getInputStream();
        String answer = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
        assertEquals("HTTP/1.1 201", answer, "the in-flight request finished");
        assertEquals(0, first.awaitExit(10), first.output());
        assertTrue(System.nanoTime() - signalled < 10_000_000_000L, "exit within 10 s");
      }
      assertTrue(first.output().contains("Shutting down"));
    }
    assertFalse(Files.exists(tmp.resolve("data/postgres/postmaster.pid")),
        "PostgreSQL was stopped with the server");

    try (Child second = Child.start(tmp, "second", env(port))) {
      long warm = second.awaitReady();
      System.out.println("Start to ready with a warm DATA_DIR: " + warm + " ms");
      assertEquals(200, second.get("/api/v1/groups/survivors").statusCode(), second.output());
      assertEquals(409, second.post("/api/v1/accounts", """
          {"email":"late@example.org","password":"a long passphrase","name":"Late"}""").statusCode(),
          "the account sent during shutdown was stored");
      second.process.destroyForcibly(); // kill -9: the embedded PostgreSQL is orphaned
      second.awaitExit(10);
    }
    assertTrue(Files.exists(tmp.resolve("data/postgres/postmaster.pid")),
        "the orphaned PostgreSQL still holds the data directory");

    try (Child third = Child.start(tmp, "third", env(port))) {
      third.awaitReady();
      assertEquals(200, third.get("/api/v1/groups/survivors").statusCode(), third.output());
      assertEquals(200, third.get("/ready").statusCode());
      third.process.destroy();
      assertEquals(0, third.awaitExit(10), third.output());
    }
    assertFalse(Files.exists(tmp.resolve("data/postgres/postmaster.pid")));
    assertTrue(List.of("first", "second", "third").stream().allMatch(n -> {
      try {
        return !Files.readString(tmp.resolve(n + ".log")).contains("Exception");
      } catch (Exception e) {
        return false;
      }
    }), "no exceptions in the server logs");
  }
}
