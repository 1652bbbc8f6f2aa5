package org.convene.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class AccessLogAppenderTest {
  private final LoggerContext context = new LoggerContext();
  private final Logger logger = context.getLogger("convene.access");
  private final ByteArrayOutputStream written = new ByteArrayOutputStream();

  private AccessLogAppender appender(int queueSize, OutputStream to) {
    AccessLogAppender a = new AccessLogAppender();
    a.setContext(context);
    a.setName("ACCESS");
    a.setQueueSize(queueSize);
    a.setTarget(new PrintStream(to, false, StandardCharsets.UTF_8));
    a.start();
    return a;
  }

  private LoggingEvent line(String message) {
    return new LoggingEvent(Logger.class.getName(), logger, Level.INFO, message, null, null);
  }

  private List<String> lines() {
    return written.toString(StandardCharsets.UTF_8).lines().toList();
  }

  /** The lines once there are any, or after {@code millis} without. */
  private List<String> linesWithin(long millis) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (lines().isEmpty() && System.nanoTime() < until) Thread.sleep(5);
    return lines();
  }

  @Test
  void everyLineFromSeveralThreadsArrivesWholeAndInEachThreadsOrder() throws Exception {
    AccessLogAppender a = appender(1_000_000, written);
    int threads = 4;
    int perThread = 20_000;
    List<Thread> loops = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int loop = t;
      Thread thread = new Thread(() -> {
        for (int i = 0; i < perThread; i++) a.doAppend(line("GET /g/é" + loop + "/calendar.ics 304 " + i + "ms"));
      });
      thread.start();
      loops.add(thread);
    }
    for (Thread t : loops) t.join();
    a.stop();

    Pattern shape = Pattern.compile(
        "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  convene\\.access - GET /g/é(\\d)/calendar\\.ics 304 (\\d+)ms");
    int[] next = new int[threads];
    for (String l : lines()) {
      Matcher m = shape.matcher(l);
      assertTrue(m.matches(), l);
      int loop = Integer.parseInt(m.group(1));
      assertEquals(next[loop]++, Integer.parseInt(m.group(2)), "thread " + loop + "'s order");
    }
    for (int t = 0; t < threads; t++) assertEquals(perThread, next[t], "thread " + t + "'s lines");
  }

  @Test
  void aLineIsWrittenWithinTheWritersNapWithoutWaitingForMore() throws Exception {
    AccessLogAppender a = appender(100, written);
    Thread.sleep(50);
    a.doAppend(line("GET / 200 1ms"));
    assertEquals(1, linesWithin(500).size(), "written within half a second: the writer naps 5 ms between rounds");
    a.stop();
  }

  @Test
  void aWriterIdleLongEnoughToSleepIsWokenByTheNextLine() throws Exception {
    AccessLogAppender a = appender(100, written);
    Thread.sleep(1_500); // past its second of naps: asleep until woken, or until 2 s
    a.doAppend(line("GET / 200 1ms"));
    assertEquals(1, linesWithin(300).size(), "woken by the line, not by its one-second timeout");
    a.stop();
  }

  @Test
  void aBlockedOutputDropsLinesInsteadOfBlockingTheCallerAndSaysHowMany() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch writing = new CountDownLatch(1);
    OutputStream stuck = new OutputStream() {
      @Override public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override public void write(byte[] b, int off, int len) {
        writing.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        written.write(b, off, len);
      }
    };
    AccessLogAppender a = appender(10, stuck);
    a.doAppend(line("first"));
    assertTrue(writing.await(5, TimeUnit.SECONDS));
    long start = System.nanoTime();
    for (int i = 0; i < 1000; i++) a.doAppend(line("GET /e/x 200 " + i + "ms"));
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2), "the caller never waited");
    release.countDown();
    a.stop();

    List<String> out = lines();
    assertEquals(1 + 10 + 1, out.size(), String.join("\n", out));
    assertTrue(out.get(out.size() - 1).endsWith(
        " WARN  ACCESS - 990 access log lines dropped: the writer fell behind"), out.toString());
  }
}
