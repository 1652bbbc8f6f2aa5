package org.convene.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Someone on a phone joins a group from its page, makes a mistake in the form, joins, opens the
 * mailed link, chooses to be listed and what to share, and reaches the directory: by tapping
 * and by keyboard alone, each page scanned with axe.
 */
class JoinJourneyTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    String owner = server.organizerToken("office@join.example.org");
    server.createGroup(owner, "eth-alumni");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** The member link, where the sender reads it: the member row the mail's outbox row names. */
  static String memberToken(String recipient) {
    try {
      var rows = server.app.pool().preparedQuery("""
          SELECT m.token FROM outbox o JOIN members m ON m.id::text = o.payload->>'member'
          WHERE o.kind = 'member_link' AND o.recipient = $1""")
          .execute(Tuple.of(recipient)).await(20, TimeUnit.SECONDS);
      assertEquals(1, rows.size(), "one link mail to " + recipient);
      return rows.iterator().next().getString("token");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }


  @ParameterizedTest
  @EnumSource(Visitor.Input.class)
  void someoneJoinsConfirmsAndChoosesWhatToShare(Visitor.Input input) {
    String tag = input.name().toLowerCase();
    String address = "lin-" + tag + "@example.org";
    try (Visitor v = new Visitor(server.baseUrl, input, Chromium.PHONE)) {
      assertEquals(200, v.open("/g/eth-alumni"));
      v.assertPageIsSound("the group page");
      assertEquals(200, v.follow("Join Group eth-alumni"));
      assertEquals("Join Group eth-alumni", v.heading());
      v.assertPageIsSound("the join form");
      v.fill("Your name", "Lin " + tag);
      v.fill("Email", "lin-at-example");
      assertEquals(400, v.press("Join"));
      v.assertFieldError("Email", "valid email address");
      v.assertPageIsSound("the join form with an error");
      v.fill("Email", address);
      v.fill("Class year", "2016");
      v.fill("Chapter or city", "Zurich");
      v.choose("One mail a week with the new events");
      assertEquals(200, v.press("Join"));
      assertEquals("Check your inbox", v.heading());
      v.assertSees("l•••@example.org");
      v.assertPageIsSound("the join answer");
    }

    String token = memberToken(address);
    try (Visitor m = new Visitor(server.baseUrl, input, Chromium.PHONE)) {
      assertEquals(200, m.open("/m/" + token));
      assertEquals("Your membership", m.heading());
      m.assertSees(address);
      m.assertPageIsSound("the member page");
      m.tick("List me in the member directory", true);
      m.tick("Class year", true);
      m.tick("Chapter or city", true);
      assertEquals(200, m.press("Save"));
      m.assertSees("Saved.");
      m.assertPageIsSound("the saved member page");
      assertEquals(200, m.follow("Open the member directory"));
      assertEquals("Member directory", m.heading());
      assertFalse(m.mainText().contains("Confirm your address first"));
    }
  }
}
