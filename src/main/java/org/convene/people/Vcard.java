package org.convene.people;

import ezvcard.Ezvcard;
import ezvcard.VCard;
import ezvcard.VCardVersion;
import ezvcard.parameter.EmailType;
import ezvcard.property.Categories;
import ezvcard.property.Kind;
import ezvcard.property.Organization;
import ezvcard.property.ProductId;
import ezvcard.property.StructuredName;
import ezvcard.property.Uid;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * vCard 4.0 (RFC 6350) for the people download, written by ez-vcard (escaping, CRLF). Lines are
 * folded here: RFC 6350 3.2 limits a line to 75 octets, and ez-vcard counts characters, which lets
 * a line of accented names run past the limit. Only what the viewer may see is handed in; this
 * class adds nothing.
 */
public final class Vcard {
  /** One contact as the viewer may see it; null fields are left out. */
  public record Contact(String uid, String name, String email, String company, String headline,
                        String url, String note, List<String> categories) {}

  private Vcard() {}

  public static String of(List<Contact> contacts) {
    if (contacts.isEmpty()) return "";
    // ez-vcard's own PRODID names the library; ours names the product that made the file
    String unfolded = Ezvcard.write(contacts.stream().map(Vcard::card).toList())
        .version(VCardVersion.V4_0).prodId(false).foldLines(false).go();
    StringBuilder out = new StringBuilder();
    for (String line : unfolded.split("\r\n")) fold(line, out);
    return out.toString();
  }

  /** Writes one content line so no physical line exceeds 75 octets (RFC 6350 3.2). */
  private static void fold(String content, StringBuilder out) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    int limit = 75;
    int start = 0;
    while (bytes.length - start > limit) {
      int end = start + limit;
      // never cut inside a UTF-8 sequence: continuation bytes look like 10xxxxxx
      while ((bytes[end] & 0xC0) == 0x80) end--;
      out.append(new String(bytes, start, end - start, StandardCharsets.UTF_8)).append("\r\n ");
      start = end;
      limit = 74; // the leading space of a continuation line counts
    }
    out.append(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8)).append("\r\n");
  }

  private static VCard card(Contact c) {
    VCard v = new VCard();
    v.setProductId(new ProductId("-//Convene//People//EN"));
    v.setKind(Kind.individual());
    if (c.uid() != null) v.setUid(new Uid(c.uid()));
    v.setFormattedName(c.name());
    v.setStructuredName(structuredName(c.name()));
    if (c.email() != null) v.addEmail(c.email(), EmailType.WORK);
    if (c.company() != null) {
      Organization org = new Organization();
      org.getValues().add(c.company());
      v.setOrganization(org);
    }
    if (c.headline() != null) v.addTitle(c.headline());
    if (c.url() != null) v.addUrl(c.url().replace("\r", "").replace("\n", ""));
    if (c.categories() != null && !c.categories().isEmpty()) {
      Categories cats = new Categories();
      cats.getValues().addAll(c.categories());
      v.setCategories(cats);
    }
    if (c.note() != null) v.addNote(c.note());
    return v;
  }

  /** We only know a full name: its last word is the family name, the rest the given name. */
  static StructuredName structuredName(String full) {
    String name = full == null ? "" : full.trim();
    int space = name.lastIndexOf(' ');
    StructuredName n = new StructuredName();
    n.setFamily(space < 0 ? "" : name.substring(space + 1));
    n.setGiven(space < 0 ? name : name.substring(0, space));
    return n;
  }
}
