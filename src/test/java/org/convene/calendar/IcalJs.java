package org.convene.calendar;

import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * ical.js, the parser Thunderbird uses, run by Node.js: an independent reading of what we
 * render. Installed with npm into target/icaljs on first use. Without node or npm the calendar
 * tests fail with the reason: they never pass by skipping.
 */
final class IcalJs {
  static final String VERSION = "2.2.1";
  private static final Path DIR = Path.of("target", "icaljs").toAbsolutePath();
  private static boolean ready;

  private IcalJs() {}

  /** What ical.js reads from {@code ics} (see src/test/resources/icaljs/parse.mjs). */
  static JsonObject parse(String ics) {
    prepare();
    Result r = run(List.of("node", DIR.resolve("parse.mjs").toString()), ics, 60);
    if (r.exit != 0) fail("ical.js rejected the calendar:\n" + r.err + "\n---\n" + ics);
    return new JsonObject(r.out);
  }

  private static synchronized void prepare() {
    if (ready) return;
    try {
      Files.createDirectories(DIR);
      try (InputStream in = IcalJs.class.getResourceAsStream("/icaljs/parse.mjs")) {
        Files.copy(in, DIR.resolve("parse.mjs"), StandardCopyOption.REPLACE_EXISTING);
      }
      Path pkg = DIR.resolve("package.json");
      if (!Files.exists(pkg)) {
        Files.writeString(pkg, "{\"name\":\"convene-icaljs-check\",\"private\":true}\n");
      }
      if (!Files.exists(DIR.resolve("node_modules/ical.js/package.json"))) {
        Result npm = run(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error",
            "--prefix", DIR.toString(), "ical.js@" + VERSION), "", 300);
        if (npm.exit != 0) fail("npm could not install ical.js " + VERSION + ":\n" + npm.err);
      }
    } catch (IOException e) {
      fail("could not prepare ical.js in " + DIR, e);
    }
    ready = true;
  }

  private record Result(int exit, String out, String err) {}

  private static Result run(List<String> command, String stdin, int seconds) {
    Process p;
    try {
      p = new ProcessBuilder(command).directory(DIR.toFile()).start();
    } catch (IOException e) {
      return fail("The calendar tests need Node.js 18+ and npm on the PATH to check our "
          + "calendars with ical.js; could not run '" + command.get(0) + "': " + e.getMessage());
    }
    try {
      var errBytes = new java.io.ByteArrayOutputStream();
      Thread errReader = new Thread(() -> {
        try {
          p.getErrorStream().transferTo(errBytes);
        } catch (IOException ignored) {
          // the process ended; what was read is reported
        }
      });
      errReader.start();
      try (var in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return fail(command + " did not finish in " + seconds + " s");
      }
      errReader.join();
      return new Result(p.exitValue(), out, errBytes.toString(StandardCharsets.UTF_8));
    } catch (IOException | InterruptedException e) {
      return fail(command + " failed", e);
    }
  }
}
