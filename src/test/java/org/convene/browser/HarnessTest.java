package org.convene.browser;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checks the journeys rely on do catch what they claim to: a scan that finds nothing on a
 * broken page, or a keyboard walk that reaches the unreachable, would make every journey hollow.
 */
class HarnessTest {
  static Visitor keyboard;

  @BeforeAll
  static void open() {
    keyboard = new Visitor("http://localhost", Visitor.Input.KEYBOARD, Chromium.PHONE);
  }

  @AfterAll
  static void close() {
    keyboard.close();
  }

  @Test
  void axeReportsSeriousProblems() {
    keyboard.page.setContent("<!doctype html><html><body><main>"
        + "<p style='color:#bbb;background:#fff'>Faint text nobody can read</p>"
        + "<input name=nameless><img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='>"
        + "</main></body></html>");
    List<Axe.Violation> found = Axe.run(keyboard.page);
    List<String> ids = found.stream().filter(Axe.Violation::serious).map(Axe.Violation::id).toList();
    assertTrue(ids.containsAll(List.of("color-contrast", "label", "image-alt")), ids.toString());
  }

  @Test
  void aControlTheKeyboardCannotReachFailsTheJourney() {
    keyboard.page.setContent("<!doctype html><html lang=en><body><main>"
        + "<a href='#a'>first</a><button type=button tabindex=-1>Hidden from Tab</button>"
        + "<button type=button>Reachable</button></main></body></html>");
    keyboard.tabTo(keyboard.button("Reachable"));
    assertThrows(AssertionError.class, () -> keyboard.tabTo(keyboard.button("Hidden from Tab")));
  }

  @Test
  void aFocusRingThatDoesNotShowFailsTheJourney() {
    keyboard.page.setContent("<!doctype html><html lang=en><head><style>"
        + "button:focus { outline: none }</style></head><body><main>"
        + "<button type=button>No ring</button></main></body></html>");
    assertThrows(AssertionError.class, () -> keyboard.tabTo(keyboard.button("No ring")));
  }

  @Test
  void aPageWiderThanThePhoneFails() {
    keyboard.page.setContent("<!doctype html><html lang=en><head>"
        + "<meta name=viewport content='width=device-width, initial-scale=1'></head><body>"
        + "<main><div style='width:600px'>wide</div></main></body></html>");
    assertThrows(AssertionError.class, keyboard::assertNoSidewaysScrolling);
  }

  @Test
  void aTargetTooSmallForAThumbFails() {
    keyboard.page.setContent("<!doctype html><html lang=en><body><main><form id=f>"
        + "<label>Big enough <input name=a style='height:48px;width:200px'></label>"
        + "<button style='height:20px;width:60px'>Tiny</button></form></main></body></html>");
    AssertionError e = assertThrows(AssertionError.class, () -> keyboard.assertTargetsAtLeast("#f", 44));
    assertTrue(e.getMessage().contains("Tiny") && !e.getMessage().contains(" a "), e.getMessage());
  }
}
