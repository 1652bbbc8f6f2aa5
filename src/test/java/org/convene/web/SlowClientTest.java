package org.convene.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.convene.TestDb;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Slowloris: hundreds of connections that send their request a byte every second. The server
 * must keep answering everyone else promptly and drop the slow ones once REQUEST_HEADER_TIMEOUT
 * (here 3 s) has passed without a whole request head, although every byte resets the idle timer.
 */
class SlowClientTest {
  static final int SLOW = 300;
  static final int HEADER_TIMEOUT_SECONDS = 3;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestDb.fresh(), Map.of(
        "REQUEST_HEADER_TIMEOUT", Integer.toString(HEADER_TIMEOUT_SECONDS),
        "IDLE_TIMEOUT", "60"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void slowClientsAreDroppedAndEveryoneElseIsStillAnswered() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < SLOW; i++) {
        Socket s = new Socket("localhost", server.port);
        s.setSoTimeout(1);
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
        slow.add(s);
      }
      long start = System.nanoTime();
      long[] latencies = new long[100];
      int normal = 0;
      boolean[] dropped = new boolean[SLOW];
      double droppedAfter = -1;
      // a byte every second from each slow client; a normal request between the rounds
      for (int round = 0; round < 2 * HEADER_TIMEOUT_SECONDS + 4; round++) {
        for (int i = 0; i < SLOW; i++) {
          if (dropped[i]) continue;
          dropped[i] = !trickle(slow.get(i));
        }
        for (int n = 0; n < 5 && normal < latencies.length; n++) {
          long t0 = System.nanoTime();
          assertEquals(200, server.get(n % 2 == 0 ? "/health" : "/").statusCode());
          latencies[normal++] = System.nanoTime() - t0;
        }
        int stillOpen = 0;
        for (boolean d : dropped) if (!d) stillOpen++;
        if (stillOpen == 0 && droppedAfter < 0) {
          droppedAfter = (System.nanoTime() - start) / 1e9;
          break;
        }
        Thread.sleep(1000);
      }
      long[] sorted = Arrays.copyOf(latencies, normal);
      Arrays.sort(sorted);
      double maxMs = sorted[sorted.length - 1] / 1e6;
      System.out.printf("slow clients: %d; all dropped after %.1f s; normal requests: %d, "
              + "median %.1f ms, max %.1f ms%n", SLOW, droppedAfter, normal,
          sorted[sorted.length / 2] / 1e6, maxMs);
      assertTrue(droppedAfter > 0, "every slow connection is closed by the server");
      assertTrue(droppedAfter < HEADER_TIMEOUT_SECONDS + 5, "dropped soon after the header timeout");
      assertTrue(maxMs < 1000, "normal requests are answered promptly: " + maxMs + " ms");
      assertEquals(200, server.get("/ready").statusCode(), "still ready");
    } finally {
      for (Socket s : slow) s.close();
    }
  }

  /** Sends one more header byte; false once the server has closed the connection. */
  private static boolean trickle(Socket s) {
    try {
      InputStream in = s.getInputStream();
      try {
        if (in.read() == -1) return false;
      } catch (SocketTimeoutException stillOpen) {
        // nothing to read: the server is still waiting for the rest of the request
      }
      OutputStream out = s.getOutputStream();
      out.write('X');
      out.flush();
      return true;
    } catch (IOException closed) {
      return false;
    }
  }
}
