package org.convene.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.convene.core.Config;
import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

  @Test
  void aUrlGivesHostPortDatabaseAndCredentials() {
    Database.Target t = Database.parseUrl("postgresql://app:s%40cret@db.internal:6543/convene");
    assertEquals("db.internal", t.host());
    assertEquals(6543, t.port());
    assertEquals("convene", t.database());
    assertEquals("app", t.user());
    assertEquals("s@cret", t.password());
    assertFalse(t.ssl());
    assertEquals("jdbc:postgresql://db.internal:6543/convene", t.jdbcUrl());
  }

  @Test
  void defaultsAndHerokuStyleUrls() {
    Database.Target t = Database.parseUrl("postgres://app@db.internal/convene?sslmode=require");
    assertEquals(5432, t.port());
    assertTrue(t.ssl());
    assertTrue(t.jdbcUrl().endsWith("?sslmode=require"));
  }

  @Test
  void nonsenseIsRefusedWithoutEchoingThePassword() {
    var e = assertThrows(IllegalStateException.class,
        () -> Database.parseUrl("mysql://root:hunter2@db/convene"));
    assertFalse(e.getMessage().contains("hunter2"));
  }

  @Test
  void configReadsTheEnvironment() {
    Config c = Config.from(Map.of("PORT", "9000", "BASE_URL", "https://events.example.org/",
        "LOGIN_RATE_LIMIT", "0", "TRUSTED_PROXIES", "10.0.0.1, 10.0.0.2"));
    assertEquals(9000, c.port());
    assertEquals("https://events.example.org", c.baseUrl());
    assertTrue(c.secureCookies());
    assertEquals(0, c.loginRateLimit());
    assertEquals(2, c.trustedProxies().size());
    assertEquals(null, c.databaseUrl());
    Config d = Config.from(Map.of());
    assertEquals("http://localhost:8080", d.baseUrl());
    assertFalse(d.secureCookies());
    assertTrue(d.dataDir().endsWith("data"));
    assertThrows(IllegalArgumentException.class, () -> Config.from(Map.of("PORT", "eighty")));
  }
}
