package org.convene.web;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The access log's appender (logback.xml): the event loops hand each line over without a lock and
 * never wait; one thread of its own writes what has gathered to standard output, one write per
 * batch, napping a few milliseconds between rounds while lines keep coming. Logback's
 * AsyncAppender woke its writer for nearly every line, a futex call per request from the event
 * loop: with it a feed 304 ran at 95k req/s, with this 121k, with no access log at all 124k
 * (bench/run.sh feed phase, this 2-core machine).
 *
 * <p>When the writer falls {@link #setQueueSize queueSize} lines behind (standard output blocked
 * or far slower than the requests), further lines are counted and dropped, and the count is
 * written once the writer catches up: a request never waits for its log line, which would stall
 * every connection on that event loop.
 *
 * <p>Lines look like the console pattern's ({@code HH:mm:ss.SSS LEVEL logger - message}), so the
 * access log reads as the rest of the output does.
 */
public final class AccessLogAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  private static final int BATCH_CHARS = 32 * 1024;
  private static final long NAP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  /** About a second of naps with nothing to write before the writer sleeps until woken. */
  private static final int NAPS_BEFORE_SLEEP = 200;

  private final ConcurrentLinkedQueue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();
  private volatile boolean sleeping;
  private volatile boolean stopping;
  private volatile Thread writer;
  private int queueSize = 32_768;
  private PrintStream target;

  /** Lines that may wait for the writer before further ones are dropped (logback.xml). */
  public void setQueueSize(int queueSize) {
    this.queueSize = queueSize;
  }

  /** Where the lines go; standard output unless a test says otherwise. */
  void setTarget(PrintStream target) {
    this.target = target;
  }

  @Override
  public void start() {
    if (queueSize < 1) {
      addError("queueSize must be positive");
      return;
    }
    stopping = false;
    Thread t = new Thread(this::write, "access-log");
    t.setDaemon(true);
    writer = t;
    super.start();
    t.start();
  }

  @Override
  public void stop() {
    if (!isStarted()) return;
    super.stop();
    stopping = true;
    Thread t = writer;
    LockSupport.unpark(t);
    try {
      t.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (queued.incrementAndGet() > queueSize) {
      queued.decrementAndGet();
      dropped.increment();
      return;
    }
    queue.offer(event);
    if (sleeping) LockSupport.unpark(writer);
  }

  private void write() {
    StringBuilder batch = new StringBuilder(BATCH_CHARS + 1024);
    TimeOfDay clock = new TimeOfDay();
    int idleNaps = 0;
    while (true) {
      ILoggingEvent e = queue.poll();
      if (e != null) {
        queued.decrementAndGet();
        int from = batch.length();
        try {
          format(e, batch, clock);
        } catch (RuntimeException failed) {
          // one bad event must not end the writer: every later line would then be dropped
          batch.setLength(from);
          addError("an access log line could not be formatted", failed);
        }
        if (batch.length() >= BATCH_CHARS) flush(batch, clock);
        idleNaps = 0;
        continue;
      }
      flush(batch, clock);
      if (stopping && queue.isEmpty()) return;
      if (++idleNaps <= NAPS_BEFORE_SLEEP) {
        // a nap no line cuts short (see the class comment): what gathers goes out in one write
        LockSupport.parkNanos(this, NAP_NANOS);
        continue;
      }
      // idle for a while: sleep until a line comes (append wakes the writer) or a second passes
      sleeping = true;
      // a line offered between the poll and the flag is seen here, not left until the next one
      if (queue.isEmpty() && !stopping) LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
      sleeping = false;
    }
  }

  private void flush(StringBuilder batch, TimeOfDay clock) {
    long lost = dropped.sumThenReset();
    if (lost > 0) {
      clock.append(System.currentTimeMillis(), batch);
      batch.append(" WARN  ").append(getName()).append(" - ").append(lost)
          .append(" access log lines dropped: the writer fell behind").append('\n');
    }
    if (batch.length() == 0) return;
    byte[] bytes = batch.toString().getBytes(StandardCharsets.UTF_8);
    batch.setLength(0);
    PrintStream out = target != null ? target : System.out;
    // System.out is locked per write, so a batch never interleaves with other console output
    out.write(bytes, 0, bytes.length);
    out.flush();
  }

  private static void format(ILoggingEvent e, StringBuilder to, TimeOfDay clock) {
    clock.append(e.getTimeStamp(), to);
    String level = e.getLevel().toString();
    to.append(' ').append(level);
    for (int i = level.length(); i < 5; i++) to.append(' ');
    to.append(' ').append(e.getLoggerName()).append(" - ").append(e.getFormattedMessage()).append('\n');
    IThrowableProxy thrown = e.getThrowableProxy();
    if (thrown != null) to.append(ThrowableProxyUtil.asString(thrown)).append('\n');
  }

  /** HH:mm:ss.SSS in the machine's zone; the zone is looked up once a second, not per line. */
  static final class TimeOfDay {
    private final ZoneId zone = ZoneId.systemDefault();
    private long second = Long.MIN_VALUE;
    private String prefix = "";

    void append(long epochMillis, StringBuilder to) {
      long s = Math.floorDiv(epochMillis, 1000);
      if (s != second) {
        LocalTime t = LocalTime.ofInstant(Instant.ofEpochSecond(s), zone);
        prefix = String.format("%02d:%02d:%02d.", t.getHour(), t.getMinute(), t.getSecond());
        second = s;
      }
      int ms = (int) Math.floorMod(epochMillis, 1000);
      to.append(prefix).append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10))
          .append((char) ('0' + ms % 10));
    }
  }
}
