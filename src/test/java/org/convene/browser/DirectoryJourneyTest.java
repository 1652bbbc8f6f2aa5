package org.convene.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.convene.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A member on a phone finds a classmate in the directory by filtering, asks for a coffee chat
 * with a time, and the classmate accepts from the mailed link: by tapping and by keyboard alone,
 * each page scanned with axe.
 */
class DirectoryJourneyTest {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    String owner = server.organizerToken("office@directory.example.org");
    server.createGroup(owner, "tum-alumni");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A verified, listed member as the members feature leaves them; answers {id, token}. */
  static String[] member(String name, String email, String industry, String goal, String topic) {
    String token = UUID.randomUUID().toString().replace("-", "") + "j";
    try {
      var rows = server.app.pool().preparedQuery("""
          INSERT INTO members (group_id, token, email, name, source, verified_at, listed, shared,
            class_year, chapter, industry, headline, goals, topics)
          SELECT id, $1, $2, $3, 'joined', now(), true,
            ARRAY['class_year', 'chapter', 'industry', 'headline', 'goals', 'topics'],
            2014, 'Berlin', $4, $3 || ' headline', ARRAY[$5], ARRAY[$6]
          FROM groups WHERE slug = 'tum-alumni' RETURNING id""")
          .execute(Tuple.of(token, email, name, industry, goal, topic)).await(20, TimeUnit.SECONDS);
      return new String[] {rows.iterator().next().getUUID("id").toString(), token};
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The answer link's token, where the sender reads it: the request mail's outbox row. */
  static String answerToken(String recipient) {
    try {
      var rows = server.app.pool().preparedQuery("""
          SELECT payload->>'answerToken' AS t FROM outbox
          WHERE kind = 'coffee_chat_request' AND recipient = $1""")
          .execute(Tuple.of(recipient)).await(20, TimeUnit.SECONDS);
      assertEquals(1, rows.size(), "one request mail to " + recipient);
      return rows.iterator().next().getString("t");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }


  @ParameterizedTest
  @EnumSource(Visitor.Input.class)
  void aMemberFindsAClassmateAndTheyAgreeOnACoffeeChat(Visitor.Input input) {
    String tag = input.name().toLowerCase();
    String[] ada = member("Ada " + tag, "ada-" + tag + "@example.org", "Software",
        "find_mentor", "AI");
    member("Grace " + tag, "grace-" + tag + "@example.org", "Finance", "offer_mentoring", "AI");
    member("Sam " + tag, "sam-" + tag + "@example.org", "Software", "exploring", "Rust");
    String time = LocalDate.now(ZoneId.of("Europe/Berlin")).plusWeeks(3) + "T09:30";

    try (Visitor v = new Visitor(server.baseUrl, input, Chromium.PHONE)) {
      assertEquals(200, v.open("/m/" + ada[1] + "/directory"));
      assertEquals("Member directory", v.heading());
      v.assertSees("You might want to meet");
      v.assertSees("Works in Finance, outside your industry");
      v.assertPageIsSound("the directory");

      v.select("Industry", "Finance");
      assertEquals(200, v.press("Show members"));
      v.assertSees("Grace " + tag);
      assertFalse(v.mainText().contains("Sam " + tag + " headline"), "the filter narrows the list");

      assertEquals(200, v.follow("Ask Grace " + tag + " for a coffee chat"));
      assertEquals("Ask Grace " + tag + " for a coffee chat", v.heading());
      v.assertPageIsSound("the coffee chat form");
      // a mistake first: nothing proposed
      v.fill("Your message", "Could you tell me how you moved into finance?");
      assertEquals(400, v.press("Send the request"));
      v.assertSees("Propose at least one time.");
      v.fillDateTime("Time 1", time);
      v.select("Your time zone", "Europe/Berlin");
      assertEquals(200, v.press("Send the request"));
      v.assertSees("Coffee chat request sent");
      v.assertSees("Coffee chat asked.");
    }

    String token = answerToken("grace-" + tag + "@example.org");
    try (Visitor g = new Visitor(server.baseUrl, input, Chromium.PHONE)) {
      assertEquals(200, g.open("/coffee/" + token));
      g.assertSees("Could you tell me how you moved into finance?");
      assertFalse(g.mainText().contains("ada-" + tag + "@example.org"));
      g.assertPageIsSound("the answer page");
      g.select("Your time zone", "Europe/London");
      assertEquals(200, g.press("Accept this time"));
      g.assertSees("Accepted.");
      g.assertSees("ada-" + tag + "@example.org");
      g.assertPageIsSound("the accepted page");
    }
  }
}
