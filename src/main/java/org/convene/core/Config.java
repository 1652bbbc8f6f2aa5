package org.convene.core;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Everything the server reads from its environment, parsed once at start. */
public record Config(
    int port,
    String baseUrl,
    String databaseUrl,
    Path dataDir,
    String smtpHost,
    int smtpPort,
    String smtpUser,
    String smtpPassword,
    boolean smtpStartTls,
    String mailFrom,
    int rsvpRateLimit,
    int loginRateLimit,
    List<String> trustedProxies,
    Limits limits,
    String metricsToken) {

  /**
   * What one client, connection or account may take, each from an environment variable of the
   * same name (README, Configuration); {@code 0} lifts a limit, as for load tests.
   */
  public record Limits(
      int idleTimeoutSeconds,
      int requestHeaderTimeoutSeconds,
      int requestTimeoutSeconds,
      int maxHeaderBytes,
      int maxBodyBytes,
      int maxFormFieldBytes,
      int rsvpQueuePerEvent,
      int dbPoolSize,
      int dbPoolWaitQueue,
      int alreadyRegisteredMailsPerHour,
      int unaskedMailsPerAddressPerDay,
      int organizerMessagesPerEventPerDay,
      int maxEventCapacity,
      int newAccountDays,
      int newAccountEventsPerDay,
      int newAccountSeatsPerDay,
      int maxImportBytes) {

    /** Every limit at its default (for stores built outside App, as in tests and benchmarks). */
    public static Limits defaults() {
      return from(Map.of());
    }

    static Limits from(Map<String, String> env) {
      return new Limits(
          intVar(env, "IDLE_TIMEOUT", 60),
          intVar(env, "REQUEST_HEADER_TIMEOUT", 10),
          intVar(env, "REQUEST_TIMEOUT", 30),
          intVar(env, "MAX_HEADER_SIZE", 8192),
          intVar(env, "MAX_BODY_SIZE", 256 * 1024),
          // the longest field we accept is a 10,000-character description: up to 4 bytes each
          intVar(env, "MAX_FORM_FIELD_SIZE", 64 * 1024),
          intVar(env, "RSVP_QUEUE_PER_EVENT", 2000),
          intVar(env, "DB_POOL_SIZE", 16),
          intVar(env, "DB_POOL_WAIT_QUEUE", 4000),
          // "this email already answered": one per address and event an hour is enough to help
          // the owner, and too few to flood anyone's inbox
          intVar(env, "ALREADY_REGISTERED_MAILS_PER_HOUR", 1),
          // mail an address did not ask for (already-registered notices, connect requests),
          // across all events and groups
          intVar(env, "UNASKED_MAILS_PER_ADDRESS_PER_DAY", 10),
          intVar(env, "ORGANIZER_MESSAGES_PER_EVENT_PER_DAY", 5),
          // capacity costs a seat row per seat (the overbooking guarantee): 20,000 is created
          // well under a second on two cores; a stadium can raise it
          intVar(env, "MAX_EVENT_CAPACITY", 20_000),
          // a fresh account is where abuse comes from: what it may create per day
          intVar(env, "NEW_ACCOUNT_DAYS", 30),
          intVar(env, "NEW_ACCOUNT_EVENTS_PER_DAY", 20),
          intVar(env, "NEW_ACCOUNT_SEATS_PER_DAY", 40_000),
          // the office's member list (a path ending in /import): 10,000 members of ~200 bytes
          intVar(env, "MAX_IMPORT_SIZE", 2 * 1024 * 1024));
    }
  }

  public static Config fromEnv() {
    return from(System.getenv());
  }

  public static Config from(Map<String, String> env) {
    int port = intVar(env, "PORT", 8080);
    String baseUrl = stripSlash(env.getOrDefault("BASE_URL", "http://localhost:" + port));
    URI.create(baseUrl); // fail at start, not at the first link we build
    return new Config(
        port,
        baseUrl,
        blankToNull(env.get("DATABASE_URL")),
        Path.of(env.getOrDefault("DATA_DIR", "./data")).toAbsolutePath().normalize(),
        blankToNull(env.get("SMTP_HOST")),
        intVar(env, "SMTP_PORT", 587),
        blankToNull(env.get("SMTP_USER")),
        blankToNull(env.get("SMTP_PASSWORD")),
        !"false".equalsIgnoreCase(env.getOrDefault("SMTP_STARTTLS", "true")),
        env.getOrDefault("MAIL_FROM", "convene@localhost"),
        intVar(env, "RSVP_RATE_LIMIT", 20),
        intVar(env, "LOGIN_RATE_LIMIT", 10),
        List.of(env.getOrDefault("TRUSTED_PROXIES", "").split("[,\\s]+")).stream()
            .filter(s -> !s.isBlank()).toList(),
        Limits.from(env),
        blankToNull(env.get("METRICS_TOKEN")));
  }

  /** Cookies get the Secure flag only when the public address is https. */
  public boolean secureCookies() {
    return baseUrl.startsWith("https://");
  }

  public Config withPort(int newPort) {
    return new Config(newPort, baseUrl, databaseUrl, dataDir, smtpHost, smtpPort, smtpUser,
        smtpPassword, smtpStartTls, mailFrom, rsvpRateLimit, loginRateLimit, trustedProxies, limits,
        metricsToken);
  }

  private static int intVar(Map<String, String> env, String name, int fallback) {
    String v = env.get(name);
    if (v == null || v.isBlank()) return fallback;
    int n;
    try {
      n = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + v + "'");
    }
    if (n < 0) throw new IllegalArgumentException(name + " must not be negative, got " + n);
    return n;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
