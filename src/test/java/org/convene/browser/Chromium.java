package org.convene.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium, headless, driven by Playwright. One browser for the whole test JVM: starting
 * Playwright unpacks its node driver and launching Chromium costs seconds, so test classes share
 * it and each gets fresh contexts (cookie jars) instead.
 *
 * <p>A missing browser fails the tests on purpose: a green run that silently skipped every browser
 * journey would claim more than it checked.
 */
final class Chromium {
  static final Path EXECUTABLE = Paths.get(
      System.getenv().getOrDefault("CONVENE_CHROMIUM", "/usr/bin/chromium"));
  static final int[] PHONE = {390, 844};
  static final int[] DESKTOP = {1280, 900};

  private static Playwright playwright;
  private static Browser browser;

  private Chromium() {}

  static synchronized Browser browser() {
    if (browser != null) return browser;
    if (!Files.isExecutable(EXECUTABLE)) {
      throw new AssertionError("Chromium is not installed at " + EXECUTABLE
          + ": run `apt-get update && apt-get install -y chromium` (the browser tests must run, "
          + "not be skipped), or point CONVENE_CHROMIUM at a Chromium binary.");
    }
    playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(EXECUTABLE)
        .setHeadless(true)
        // The browser's own language decides the segment order of date fields (typed by the
        // keyboard journeys); pin it so every machine types the same way.
        .setEnv(Map.of("LANG", "en_US.UTF-8", "LANGUAGE", "en_US"))
        // Root in a container needs --no-sandbox; the rest keeps a closed network quiet and fast.
        .setArgs(List.of("--no-sandbox", "--headless", "--disable-gpu", "--disable-dev-shm-usage",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-extensions", "--mute-audio")));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        browser.close();
        playwright.close();
      } catch (RuntimeException ignored) {
        // the JVM is going away; the driver process dies with it
      }
    }));
    return browser;
  }

  /** A new visitor: own cookies, a given screen size, English (UK) and a time zone. */
  static BrowserContext context(int[] size, String timeZone, boolean javaScript) {
    return browser().newContext(new Browser.NewContextOptions()
        .setViewportSize(size[0], size[1])
        .setIsMobile(size == PHONE)
        .setHasTouch(size == PHONE)
        .setDeviceScaleFactor(size == PHONE ? 2 : 1)
        .setLocale("en-GB")
        .setTimezoneId(timeZone)
        .setJavaScriptEnabled(javaScript)
        .setAcceptDownloads(true));
  }
}
