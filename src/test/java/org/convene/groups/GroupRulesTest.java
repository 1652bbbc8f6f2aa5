package org.convene.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GroupRulesTest {

  @Test
  void slugsAreLowercaseLettersDigitsAndDashesOf3To60() {
    assertNull(GroupRules.slugProblem("abc"));
    assertNull(GroupRules.slugProblem("mit-alumni-2026"));
    assertNull(GroupRules.slugProblem("a".repeat(60)));
    assertNotNull(GroupRules.slugProblem("ab"));
    assertNotNull(GroupRules.slugProblem("a".repeat(61)));
    assertNotNull(GroupRules.slugProblem("MIT-alumni"));
    assertNotNull(GroupRules.slugProblem("mit_alumni"));
    assertNotNull(GroupRules.slugProblem("mit alumni"));
    assertNotNull(GroupRules.slugProblem("münchen"));
    assertNotNull(GroupRules.slugProblem("-abc"));
    assertNotNull(GroupRules.slugProblem("abc-"));
    assertNotNull(GroupRules.slugProblem(""));
    assertNotNull(GroupRules.slugProblem(null));
    assertNotNull(GroupRules.slugProblem("organize"), "reserved");
  }

  @Test
  void kindsAreAlumniProfessionalOrCommunity() {
    for (String kind : new String[] {"alumni", "professional", "community"}) {
      assertTrue(GroupRules.check("abc", "A", kind, null).ok(), kind);
    }
    var c = GroupRules.check("abc", "A", "club", null);
    assertEquals("Choose alumni, professional or community.", c.errors().getString("kind"));
  }

  @Test
  void everyBadFieldGetsItsOwnMessage() {
    var c = GroupRules.check("A!", " ", null, "x".repeat(5001));
    assertEquals(4, c.errors().size(), c.errors().encode());
    assertNull(c.group());
  }

  @Test
  void namesAreOneTrimmedLine() {
    var c = GroupRules.check("abc", "  Berlin\n  Alumni  ", "alumni", "  about us ");
    assertEquals("Berlin Alumni", c.group().name());
    assertEquals("about us", c.group().description());
    assertNotNull(GroupRules.check("abc", "x".repeat(121), "alumni", null).errors().getString("name"));
  }
}
