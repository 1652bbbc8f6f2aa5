package org.convene.db;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Convene as a separate process, started the way an operator starts it: `java ... Main`. */
final class Child implements AutoCloseable {
  private static final Pattern READY = Pattern.compile("Convene ready .* in (\\d+) ms");
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();

  final Process process;
  final Path log;
  final int port;

  private Child(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Starts Main with exactly these variables (nothing inherited that could change the mode). */
  static Child start(Path logDir, String name, Map<String, String> env) throws IOException {
    Path log = logDir.resolve(name + ".log");
    ProcessBuilder pb = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // a short-lived server on a shared CI machine: the quick JIT and GC start it sooner
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
        "-cp", System.getProperty("java.class.path"), "org.convene.Main");
    for (String v : List.of("DATABASE_URL", "DATA_DIR", "PORT", "BASE_URL", "SMTP_HOST",
        "LOGIN_RATE_LIMIT", "RSVP_RATE_LIMIT", "TRUSTED_PROXIES")) {
      pb.environment().remove(v);
    }
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    return new Child(pb.start(), log, Integer.parseInt(env.get("PORT")));
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "";
    }
  }

  /** Waits for the "Convene ready ... in N ms" line and answers N. */
  long awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      Matcher m = READY.matcher(output());
      if (m.find()) return Long.parseLong(m.group(1));
      if (!process.isAlive()) {
        throw new AssertionError("exited with " + process.exitValue() + ":\n" + output());
      }
      Thread.sleep(100);
    }
    throw new AssertionError("not ready after 120 s:\n" + output());
  }

  /** Waits for the process to end and answers its exit code, or fails after {@code seconds}. */
  int awaitExit(int seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("still running after " + seconds + " s:\n" + output());
    }
    return process.exitValue();
  }

  HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String json, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
    for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Polls until {@code path} answers {@code status}; answers how long that took. */
  Duration awaitStatus(String path, int status, int seconds) throws Exception {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
    int last = -1;
    while (System.nanoTime() < deadline) {
      try {
        last = get(path).statusCode();
        if (last == status) return Duration.ofNanos(System.nanoTime() - start);
      } catch (IOException e) {
        last = -1;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(path + " answered " + last + ", not " + status + ", for " + seconds
        + " s:\n" + output());
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
