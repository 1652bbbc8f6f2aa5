package org.convene.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hot methods of a JFR recording (JDK 17's {@code jfr} tool has no {@code view}): from the
 * jdk.ExecutionSample events, the top methods by self samples (the frame on top of the stack)
 * and by inclusive samples (anywhere on the stack, counted once per sample), each as a percent
 * of all samples, and the samples by component (template engine, Markdown, database client,
 * Netty, logging, ...). Optionally only the samples of threads whose name contains a filter.
 *
 * <p>Usage: {@code JfrTop recording.jfr [top=25] [threadNameContains]}
 */
public final class JfrTop {
  private JfrTop() {}

  /** Rough components, by the class prefix of a frame. */
  private static final String[][] COMPONENTS = {
      {"templates (Handlebars)", "com.github.jknack.handlebars."},
      {"Markdown (commonmark)", "org.commonmark."},
      {"database client (Vert.x SQL/PG)", "io.vertx.sqlclient.", "io.vertx.pgclient."},
      {"HTTP/network (Netty)", "io.netty."},
      {"Vert.x Web (router, handlers)", "io.vertx.ext.web."},
      {"logging (Logback/SLF4J)", "ch.qos.logback.", "org.slf4j."},
      {"metrics (Micrometer)", "io.micrometer.", "io.vertx.micrometer."},
      {"crypto (JCA)", "javax.crypto.", "com.sun.crypto.", "sun.security."},
      {"regex", "java.util.regex."},
      {"java.time", "java.time."},
      {"Convene CSRF", "org.convene.web.Csrf"},
      {"Convene templates/views", "org.convene.web.Templates", "org.convene.web.Views"},
      {"Convene calendar links", "org.convene.calendar.CalendarLinks"},
      {"Convene Markdown", "org.convene.web.Markdown"},
  };

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    String threadFilter = args.length > 2 ? args[2] : null;
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> inclusive = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    Map<String, Integer> components = new HashMap<>();
    int samples = 0;
    int truncated = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) continue;
      String thread = e.getThread("sampledThread") == null ? "?"
          : e.getThread("sampledThread").getJavaName();
      if (thread == null) thread = "?";
      if (threadFilter != null && !thread.contains(threadFilter)) continue;
      if (e.getStackTrace() == null) continue;
      List<RecordedFrame> frames = e.getStackTrace().getFrames();
      if (frames.isEmpty()) continue;
      samples++;
      if (e.getStackTrace().isTruncated()) truncated++;
      threads.merge(thread.replaceAll("-\\d+$", "-N"), 1, Integer::sum);
      self.merge(name(frames.get(0)), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : frames) {
        String n = name(f);
        if (seen.add(n)) inclusive.merge(n, 1, Integer::sum);
      }
      components.merge(component(frames), 1, Integer::sum);
    }
    System.out.printf("%d execution samples%s (%d with truncated stacks)%n", samples,
        threadFilter == null ? "" : " on threads named *" + threadFilter + "*", truncated);
    if (samples == 0) return;
    print("threads", threads, samples, 10);
    print("components (each sample goes to the nearest component frame from the top of its stack:"
        + " JDK code counts for its caller)", components, samples, COMPONENTS.length + 3);
    print("top " + top + " by SELF samples (the method running)", self, samples, top);
    print("top " + top + " by INCLUSIVE samples (the method anywhere on the stack)", inclusive,
        samples, top);
    Map<String, Integer> own = new HashMap<>();
    inclusive.forEach((k, v) -> {
      if (!plumbing(k)) own.put(k, v);
    });
    print("top " + top + " by INCLUSIVE samples, without the event loop's plumbing (Netty, "
        + "Vert.x core futures, java.lang)", own, samples, top);
  }

  /** The component of the frame nearest the top of the stack that belongs to one. */
  private static String component(List<RecordedFrame> frames) {
    for (RecordedFrame f : frames) {
      String n = name(f);
      for (String[] c : COMPONENTS) {
        for (int i = 1; i < c.length; i++) {
          if (n.startsWith(c[i])) return c[0];
        }
      }
      if (n.startsWith("org.convene.")) return "Convene, other";
      if (n.startsWith("io.vertx.core.")) return "Vert.x core";
    }
    return "other (JDK only)";
  }

  private static boolean plumbing(String method) {
    return method.startsWith("io.netty.") || method.startsWith("io.vertx.core.")
        || method.startsWith("java.lang.Thread.") || method.startsWith("io.vertx.sqlclient.impl.")
        || method.contains("$$Lambda");
  }

  private static String name(RecordedFrame f) {
    RecordedMethod m = f.getMethod();
    if (m == null) return "?";
    String type = m.getType() == null ? "?" : m.getType().getName();
    // a lambda's hidden class is named afresh in every JVM: keep the class it was written in
    type = type.replaceAll("\\$\\$Lambda\\$.*", "\\$\\$Lambda");
    return type + "." + m.getName();
  }

  private static void print(String title, Map<String, Integer> counts, int samples, int top) {
    System.out.println("-- " + title);
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(top)
        .forEach(en -> System.out.printf("%6.1f%%  %6d  %s%n", 100.0 * en.getValue() / samples,
            en.getValue(), en.getKey()));
  }
}
