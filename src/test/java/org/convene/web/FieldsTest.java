package org.convene.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FieldsTest {

  @Test
  void emailsAreTrimmedAndLowerCased() {
    assertEquals("ada@example.org", Fields.normalizeEmail("  Ada@Example.ORG "));
    assertEquals("first.last+tag@sub.example.co.uk",
        Fields.normalizeEmail("first.last+tag@sub.example.co.uk"));
  }

  @Test
  void thingsThatAreNotEmailsAreRefused() {
    for (String bad : new String[] {null, "", "ada", "ada@", "@example.org", "ada@example",
        "a b@example.org", "ada@exa mple.org", "<ada@example.org>", "ada@@example.org",
        "ada@-example.org", "x".repeat(65) + "@example.org"}) {
      assertNull(Fields.normalizeEmail(bad), String.valueOf(bad));
    }
  }

  @Test
  void linksAreAbsoluteHttpOrHttps() {
    assertTrue(Fields.isWebLink("https://meet.example.org/room"));
    assertTrue(Fields.isWebLink("HTTP://example.org"));
    assertFalse(Fields.isWebLink("javascript:alert(1)"));
    assertFalse(Fields.isWebLink("data:text/html,hi"));
    assertFalse(Fields.isWebLink("//example.org"));
    assertFalse(Fields.isWebLink("/relative"));
    assertFalse(Fields.isWebLink("https://"));
    assertFalse(Fields.isWebLink("https://exa mple.org"));
    assertFalse(Fields.isWebLink("https://example.org/" + "x".repeat(2000)));
    assertFalse(Fields.isWebLink(null));
  }

  @Test
  void textLosesControlCharactersAndLinesFoldToOne() {
    assertEquals("a\tb\nc", Fields.clean(" a\tb\r\nc\u0000\u0007 "));
    assertNull(Fields.clean("   "));
    assertEquals("Berlin Alumni", Fields.line(" Berlin\n  Alumni "));
  }

  @Test
  void onlyLocalPathsAreRedirectTargets() {
    assertEquals("/organize", Fields.localPath("/organize"));
    assertNull(Fields.localPath("//evil.example"));
    assertNull(Fields.localPath("https://evil.example"));
    assertNull(Fields.localPath("/\\evil.example"));
    assertNull(Fields.localPath("organize"));
    assertNull(Fields.localPath(null));
  }

  @Test
  void logsLoseEmailsTokensAndSecretPathSegments() {
    assertEquals("Key (email)=(<email>) already exists",
        RequestLog.scrub("Key (email)=(ada@example.org) already exists"));
    assertEquals("bad token cvn_…", RequestLog.scrub("bad token cvn_abcDEF123_-x"));
    assertEquals("/r/…/people", RequestLog.redact("/r/abcdefSECRET/people"));
    assertEquals("/feeds/…/calendar.ics", RequestLog.redact("/feeds/SECRET/calendar.ics"));
    assertEquals("/api/v1/rsvps/…", RequestLog.redact("/api/v1/rsvps/SECRET"));
    assertEquals("/e/abc", RequestLog.redact("/e/abc"));
  }
}
