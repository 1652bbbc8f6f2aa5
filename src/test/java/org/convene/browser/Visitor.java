package org.convene.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.ElementHandle;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * One person at a browser. Journeys are written once against this class and run twice: pointing
 * (a mouse on a desktop-sized screen, a finger tapping on a phone-sized one), and with the keyboard
 * alone, where every field, button and link is reached by pressing Tab (so an unreachable control
 * or a broken focus order fails the journey) and operated with keys only. Console errors and
 * uncaught script errors are collected for every page.
 */
final class Visitor implements AutoCloseable {
  enum Input { MOUSE, KEYBOARD }

  /** Tab presses before we conclude that a control cannot be reached with the keyboard. */
  private static final int MAX_TABS = 120;

  final BrowserContext context;
  final Page page;
  final Input input;
  /** A phone-sized screen: pointing means tapping. */
  private final boolean touch;
  private final String baseUrl;
  private final List<String> consoleErrors = new ArrayList<>();
  /** Documents the test itself checked for an error status (a form shown again with errors). */
  private final java.util.Set<String> expectedErrorDocuments = new java.util.HashSet<>();

  Visitor(String baseUrl, Input input, int[] size, String timeZone, boolean javaScript) {
    this.baseUrl = baseUrl;
    this.input = input;
    this.touch = size == Chromium.PHONE;
    this.context = Chromium.context(size, timeZone, javaScript);
    this.context.setDefaultTimeout(15_000);
    this.page = context.newPage();
    page.onConsoleMessage(m -> {
      if ("error".equals(m.type())) consoleErrors.add(m.text() + " at " + m.location());
    });
    page.onPageError(e -> consoleErrors.add("uncaught: " + e + " at " + page.url()));
  }

  Visitor(String baseUrl, Input input, int[] size) {
    this(baseUrl, input, size, "Europe/Berlin", true);
  }

  // ---- going places ----

  /** Opens a page by typing its address (a link in an email, a bookmark); answers the status. */
  int open(String path) {
    return status(page.navigate(baseUrl + path));
  }

  String path() {
    String url = page.url();
    return url.startsWith(baseUrl) ? url.substring(baseUrl.length()) : url;
  }

  /** The path without query or fragment. */
  String pathOnly() {
    return path().replaceFirst("[?#].*$", "");
  }

  /** Follows the link named {@code name}; answers the new page's status. */
  int follow(String name) {
    return navigateWith(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name)));
  }

  int follow(Locator link) {
    return navigateWith(link);
  }

  /** Presses the button named {@code name} (submitting its form); answers the new page's status. */
  int press(String name) {
    return navigateWith(button(name));
  }

  Locator button(String name) {
    return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name));
  }

  Locator link(String name) {
    return page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name));
  }

  /** Activates a link or button that starts a download, and answers the download. */
  Download download(Locator control) {
    return page.waitForDownload(() -> activate(control));
  }

  private int navigateWith(Locator control) {
    Response r = page.waitForNavigation(() -> activate(control));
    page.waitForLoadState();
    return status(r);
  }

  private int status(Response r) {
    if (r == null) return 0;
    if (r.status() >= 400) expectedErrorDocuments.add(r.url().replaceFirst("#.*$", ""));
    return r.status();
  }

  private void activate(Locator control) {
    if (input == Input.MOUSE) {
      point(control);
    } else {
      tabTo(control);
      page.keyboard().press("Enter");
    }
  }

  /** A click, or a tap with a finger on a phone. */
  private void point(Locator control) {
    if (touch) control.tap();
    else control.click();
  }

  // ---- forms ----

  /** Types {@code value} into the field labelled {@code label}, replacing what was there. */
  void fill(String label, String value) {
    Locator field = field(label);
    if (input == Input.MOUSE) {
      point(field);
    } else {
      tabTo(field);
    }
    page.keyboard().press("Control+A");
    if (value.isEmpty()) page.keyboard().press("Delete");
    else page.keyboard().type(value);
  }

  /**
   * Types a date and time into a datetime-local field the way a person does, segment by segment
   * in the order Chromium shows them for its (pinned, US English) language: month, day, year,
   * then hours, minutes and AM/PM.
   */
  void fillDateTime(String label, String isoLocal) {
    Locator field = field(label);
    if (input != Input.MOUSE) tabTo(field);
    else if (touch) field.tap(new Locator.TapOptions().setPosition(8, 10));
    else field.click(new Locator.ClickOptions().setPosition(8, 10));
    int hour = Integer.parseInt(isoLocal.substring(11, 13));
    int hour12 = hour % 12 == 0 ? 12 : hour % 12;
    page.keyboard().type(isoLocal.substring(5, 7) + isoLocal.substring(8, 10) + isoLocal.substring(0, 4));
    page.keyboard().press("ArrowRight"); // the year takes up to six digits, so it never moves on
    page.keyboard().type(String.format("%02d", hour12) + isoLocal.substring(14, 16) + (hour < 12 ? "A" : "P"));
    assertEquals(isoLocal, field.inputValue(), "what " + label + " holds after typing");
  }

  /** Picks the radio button labelled {@code label}. */
  void choose(String label) {
    Locator radio = page.getByRole(AriaRole.RADIO, new Page.GetByRoleOptions().setName(label));
    if (input == Input.MOUSE) {
      point(radio);
    } else {
      // A radio group is one Tab stop; the arrow keys move the choice within it.
      String group = radio.getAttribute("name");
      tabUntil(radio, "el => el.type === 'radio' && el.name === " + jsString(group));
      for (int i = 0; i < 10 && !radio.isChecked(); i++) page.keyboard().press("ArrowRight");
    }
    assertTrue(radio.isChecked(), label + " is chosen");
  }

  /** Ticks or unticks the checkbox labelled {@code label}. */
  void tick(String label, boolean on) {
    Locator box = page.getByRole(AriaRole.CHECKBOX, new Page.GetByRoleOptions().setName(label));
    if (box.isChecked() == on) return;
    if (input == Input.MOUSE) {
      point(box);
    } else {
      tabTo(box);
      page.keyboard().press("Space");
    }
    assertEquals(on, box.isChecked(), label + " ticked");
  }

  /** Picks the option showing {@code option} in the drop-down labelled {@code label}. */
  void select(String label, String option) {
    Locator select = field(label);
    if (input == Input.MOUSE) {
      select.selectOption(new com.microsoft.playwright.options.SelectOption().setLabel(option));
    } else {
      tabTo(select);
      page.keyboard().type(option); // type-ahead, as on any desktop browser
    }
    assertEquals(option, select.evaluate("s => s.options[s.selectedIndex].text"), label);
  }

  /**
   * The form field whose label starts with {@code label} (labels often go on with a hint), found
   * through the label's {@code for}, as assistive technology finds it.
   */
  Locator field(String label) {
    // (Playwright hands the pattern to JavaScript, which knows no \\Q...\\E quoting.)
    Locator labels = page.locator("label[for]").filter(new Locator.FilterOptions()
        .setHasText(java.util.regex.Pattern.compile("^\\s*" + label.replaceAll("[^\\w\\s]", "\\\\$0"))));
    assertEquals(1, labels.count(), "labels starting with '" + label + "' on " + path());
    return page.locator("[id='" + labels.getAttribute("for") + "']");
  }

  /** The field labelled {@code label} is marked invalid and points at an error saying {@code says}. */
  void assertFieldError(String label, String says) {
    Locator f = field(label);
    assertEquals("true", f.getAttribute("aria-invalid"), label + " marked invalid");
    String describedBy = f.getAttribute("aria-describedby");
    assertTrue(describedBy != null && !describedBy.isBlank(), label + " has aria-describedby");
    Locator error = page.locator("#" + describedBy.split(" ")[0]);
    assertTrue(error.isVisible(), "the error for " + label + " is visible");
    assertTrue(error.innerText().contains(says), label + " error says '" + says + "', got: " + error.innerText());
    // next to the field: inside the same field wrapper, right after it in reading order
    Boolean near = (Boolean) f.evaluate("(el, id) => { const e = document.getElementById(id);"
        + " return el.closest('.field') !== null && el.closest('.field') === e.closest('.field'); }",
        describedBy.split(" ")[0]);
    assertTrue(near, "the error for " + label + " sits with its field");
  }

  // ---- the keyboard ----

  /** Presses Tab (or Shift+Tab) until {@code target} has the focus, and checks the focus shows. */
  void tabTo(Locator target) {
    tabUntil(target, null);
  }

  private void tabUntil(Locator target, String acceptFocused) {
    ElementHandle el = target.elementHandle();
    // Go backwards when the target lies before the focused element (a form re-shown with errors).
    Boolean before = (Boolean) el.evaluate("t => { const a = document.activeElement;"
        + " return !!a && a !== document.body && a !== t"
        + " && !!(t.compareDocumentPosition(a) & Node.DOCUMENT_POSITION_FOLLOWING); }");
    String key = before ? "Shift+Tab" : "Tab";
    String test = acceptFocused == null
        ? "t => t === document.activeElement"
        : "t => { const el = document.activeElement; return el === t || (" + acceptFocused + ")(el); }";
    for (int i = 0; i < MAX_TABS; i++) {
      page.keyboard().press(key);
      if ((Boolean) el.evaluate(test)) {
        assertFocusVisible();
        return;
      }
    }
    fail("could not reach " + target + " with the keyboard on " + path());
  }

  /** The focused element shows a focus ring a keyboard user can see. */
  private void assertFocusVisible() {
    Object ring = page.evaluate("() => { const el = document.activeElement;"
        + " const s = getComputedStyle(el);"
        + " const visible = s.outlineStyle === 'auto'"
        + "   || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)"
        + "   || (s.boxShadow && s.boxShadow !== 'none');"
        + " return visible ? null : (el.outerHTML || '').slice(0, 120); }");
    if (ring != null) fail("no visible focus indicator on " + ring + " on " + path());
  }

  // ---- reading the page ----

  String mainText() {
    return page.locator("main").innerText();
  }

  String heading() {
    return page.locator("h1").first().innerText();
  }

  void assertSees(String text) {
    assertTrue(mainText().contains(text), "expected '" + text + "' on " + path() + ":\n" + mainText());
  }

  /**
   * Every control in {@code container} offers a target of at least {@code px} square CSS pixels,
   * counting the label for boxes and radios that sit inside one (the label is what a thumb hits).
   */
  void assertTargetsAtLeast(String container, int px) {
    Object small = page.evaluate("([sel, px]) => [...document.querySelectorAll(sel + ' :is(input, select, textarea, button, summary, a[href])')]"
        + ".filter(e => e.type !== 'hidden' && !e.closest('.hp') && e.getClientRects().length > 0)"
        + ".map(e => { const t = e.closest('label') || e; const r = t.getBoundingClientRect();"
        + "  return { what: (e.name || e.textContent || e.tagName).trim().slice(0, 40), w: r.width, h: r.height }; })"
        + ".filter(b => b.w < px || b.h < px).map(b => b.what + ' ' + Math.round(b.w) + 'x' + Math.round(b.h)).join(', ')",
        java.util.List.of(container, px));
    assertEquals("", small, "controls smaller than " + px + "px on " + path());
  }

  /** What every journey checks on each page: fits the screen, no serious axe finding, no console error. */
  void assertPageIsSound(String what) {
    assertNoSidewaysScrolling();
    java.util.List<String> problems = new java.util.ArrayList<>();
    for (Axe.Violation f : Axe.run(page)) if (f.serious()) problems.add(f.toString());
    assertTrue(problems.isEmpty(), what + " has serious accessibility problems:\n"
        + String.join("\n", problems));
    assertNoConsoleErrors();
  }

  /** Nothing sticks out sideways: a phone user never has to scroll the page horizontally. */
  void assertNoSidewaysScrolling() {
    Object wide = page.evaluate("() => { const w = document.documentElement.clientWidth;"
        + " if (document.documentElement.scrollWidth <= w) return null;"
        + " return [...document.querySelectorAll('body *')]"
        + "   .filter(e => e.getBoundingClientRect().right > w + 1"
        + "     && !(e.parentElement && e.parentElement.closest('.table-wrap')))"
        + "   .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)).join(', '); }");
    if (wide != null) fail("the page is wider than the screen on " + path() + ": " + wide);
  }

  void assertNoConsoleErrors() {
    List<String> unexpected = new ArrayList<>();
    for (String e : consoleErrors) {
      // Chromium logs a 4xx document as "Failed to load resource"; a form answered 400 with its
      // errors is the server doing its job, and the journey checked that status itself.
      String where = e.substring(e.lastIndexOf(" at ") + 4).replaceFirst(":\\d+:\\d+$", "").replaceFirst("#.*$", "");
      if (e.startsWith("Failed to load resource") && expectedErrorDocuments.contains(where)) continue;
      unexpected.add(e);
    }
    assertTrue(unexpected.isEmpty(), "console errors: " + unexpected);
  }

  /** A full-page screenshot under target/screenshots for people to review. */
  void screenshot(String name) {
    Path dir = Paths.get("target", "screenshots");
    try {
      Files.createDirectories(dir);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
    page.screenshot(new Page.ScreenshotOptions().setPath(dir.resolve(name + ".png")).setFullPage(true));
  }

  private static String jsString(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  @Override
  public void close() {
    context.close();
  }
}
