package org.convene.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ezvcard.Ezvcard;
import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.io.text.VCardReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** people.vcf is RFC 6350: escaping, folding, CRLF, and only the fields handed in. */
class VcardTest {
  static final Vcard.Contact ADA = new Vcard.Contact("urn:uuid:0b3e5a4e-1111-4222-8333-944445555666",
      "Ada King, Countess of Lovelace", "ada@example.org", "Analytical; Engines, Ltd\\",
      "Mathematician", "https://example.org/ada?x=1,2",
      "Met at Winter mixer.\nHere for: Happy to mentor\nTopics: "
          + "engines, poetry, ünïcödé ✓ ".repeat(6),
      List.of("engines", "poetry"));
  static final Vcard.Contact GRACE = new Vcard.Contact("urn:uuid:0b3e5a4e-2222-4222-8333-944445555666",
      "Grace", null, null, null, null, null, List.of());

  @Test
  void anIndependentParserReadsBackExactlyWhatWeWrote() throws Exception {
    String text = Vcard.of(List.of(ADA, GRACE));
    List<VCard> cards = Ezvcard.parse(text).all();
    assertEquals(2, cards.size());
    VCard ada = cards.get(0);
    assertEquals(VCardVersion.V4_0, ada.getVersion());
    assertEquals("Ada King, Countess of Lovelace", ada.getFormattedName().getValue());
    assertEquals("Lovelace", ada.getStructuredName().getFamily());
    assertEquals("ada@example.org", ada.getEmails().get(0).getValue());
    assertEquals(List.of("Analytical; Engines, Ltd\\"), ada.getOrganization().getValues());
    assertEquals("Mathematician", ada.getTitles().get(0).getValue());
    assertEquals("https://example.org/ada?x=1,2", ada.getUrls().get(0).getValue());
    assertEquals(ADA.note(), ada.getNotes().get(0).getValue(), "newlines and unicode survive folding");
    assertEquals(List.of("engines", "poetry"), ada.getCategories().getValues());

    VCard grace = cards.get(1);
    assertEquals("Grace", grace.getFormattedName().getValue());
    assertTrue(grace.getEmails().isEmpty(), "no email unless it is handed in (shared)");
    assertNull(grace.getOrganization());
    assertTrue(grace.getUrls().isEmpty());
  }

  @Test
  void theParserHasNoWarningsAndLinesAreCrlfAndAtMost75Octets() throws Exception {
    String text = Vcard.of(List.of(ADA, GRACE));
    try (VCardReader reader = new VCardReader(new StringReader(text))) {
      List<String> warnings = new ArrayList<>();
      while (reader.readNext() != null) {
        reader.getWarnings().forEach(w -> warnings.add(w.toString()));
      }
      assertEquals(List.of(), warnings);
    }
    assertTrue(text.endsWith("\r\n"));
    assertFalse(text.replace("\r\n", "").contains("\n"), "only CRLF line ends");
    boolean folded = false;
    for (String line : text.split("\r\n")) {
      assertTrue(line.getBytes(StandardCharsets.UTF_8).length <= 75, line);
      folded |= line.startsWith(" ");
    }
    assertTrue(folded, "the long note was folded");
    assertTrue(text.startsWith("BEGIN:VCARD\r\nVERSION:4.0\r\n"));
    assertTrue(text.contains("ORG:Analytical\\; Engines\\, Ltd\\\\\r\n"));
  }
}
