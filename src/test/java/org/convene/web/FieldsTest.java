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
    // browsers drop tabs and line breaks and read backslashes as slashes: all of these leave the site
    assertNull(Fields.localPath("/\t/evil.example"));
    assertNull(Fields.localPath("/\n/evil.example"));
    assertNull(Fields.localPath("/ /evil.example"));
    assertNull(Fields.localPath("\\evil.example"));
    assertNull(Fields.localPath("/%2F/evil.example".replace("%2F", "/")));
    assertNull(Fields.localPath("/%09/evil.example"), "an encoded tab that a later decoder would turn into one");
    assertNull(Fields.localPath("/\u0000x"));
    assertNull(Fields.localPath("///evil.example"));
    assertEquals("/organize/e/abc?saved=1", Fields.localPath("/organize/e/abc?saved=1"));
    assertEquals("/e/caf%C3%A9", Fields.localPath("/e/caf%C3%A9"));
  }

  @Test
  void controlCharactersAreFoundAnywhereInAValue() {
    assertNull(Fields.normalizeEmail("a\u0000b@example.org"));
    assertNull(Fields.normalizeEmail("a\u0007b@example.org"));
    assertTrue(Fields.hasControlCharacters("x\u0000"));
    assertTrue(Fields.hasControlCharacters("x\u009b"));
    assertFalse(Fields.hasControlCharacters("two\nlines\tand a tab"));
    assertTrue(Fields.hasControlCharacters(new io.vertx.core.json.JsonObject()
        .put("profile", new io.vertx.core.json.JsonObject().put("goals",
            new io.vertx.core.json.JsonArray().add("hiring").add("x\u0000")))));
    assertFalse(Fields.hasControlCharacters(new io.vertx.core.json.JsonObject().put("n", 1)));
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
    assertEquals("/api/v1/connect-requests/…/accept",
        RequestLog.redact("/api/v1/connect-requests/SECRET/accept"));
    assertEquals("/rsvp/abc", RequestLog.redact("/rsvp/abc"));
    assertEquals("/r/", RequestLog.redact("/r/"));
    assertEquals("/feeds/…", RequestLog.redact("/feeds/SECRET"));
  }
}
