package org.convene.browser;

import com.microsoft.playwright.Page;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * axe-core (from npm) run inside the page. The script is evaluated through the DevTools protocol
 * rather than added as a script tag, so the page's Content-Security-Policy stays in force for
 * everything else.
 */
final class Axe {
  /** Where .ci/run (or this class, when it is missing) installs axe-core. */
  static final Path PREFIX = Paths.get("target", "axe");
  private static String source;

  private Axe() {}

  /** One rule broken on a page: its impact, id, what it asks for, and where. */
  record Violation(String impact, String id, String help, List<String> nodes) {
    boolean serious() {
      return "serious".equals(impact) || "critical".equals(impact);
    }

    @Override
    public String toString() {
      return impact + " " + id + " (" + help + "): " + String.join("; ", nodes);
    }
  }

  /** Every violation axe finds on the page as it is now. */
  static List<Violation> run(Page page) {
    page.evaluate(source());
    String json = (String) page.evaluate("async () => JSON.stringify((await axe.run(document, {"
        + " resultTypes: ['violations'] })).violations)");
    List<Violation> out = new ArrayList<>();
    for (Object o : new JsonArray(json)) {
      JsonObject v = (JsonObject) o;
      List<String> nodes = new ArrayList<>();
      for (Object n : v.getJsonArray("nodes")) {
        JsonObject node = (JsonObject) n;
        nodes.add(node.getJsonArray("target").encode() + " " + node.getString("failureSummary", ""));
      }
      out.add(new Violation(v.getString("impact"), v.getString("id"), v.getString("help"), nodes));
    }
    return out;
  }

  static synchronized String source() {
    if (source != null) return source;
    Path js = System.getenv("CONVENE_AXE_JS") != null
        ? Paths.get(System.getenv("CONVENE_AXE_JS"))
        : PREFIX.resolve("node_modules/axe-core/axe.min.js");
    if (!Files.isRegularFile(js)) install();
    if (!Files.isRegularFile(js)) {
      throw new AssertionError("axe-core is missing at " + js.toAbsolutePath()
          + ": run `npm install --prefix target/axe axe-core@4`");
    }
    try {
      source = Files.readString(js, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return source;
  }

  private static void install() {
    try {
      Files.createDirectories(PREFIX);
      Process p = new ProcessBuilder("npm", "install", "--prefix", PREFIX.toString(), "axe-core@4",
          "--no-audit", "--no-fund").inheritIO().start();
      if (!p.waitFor(180, TimeUnit.SECONDS)) p.destroyForcibly();
    } catch (IOException e) {
      throw new AssertionError("could not run npm to install axe-core: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
