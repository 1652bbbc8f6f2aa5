package org.convene.accounts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.convene.db.Ids;

/**
 * Argon2id (RFC 9106) with OWASP's minimum parameters (19 MiB, 2 passes, 1 lane), in the PHC
 * string format. Each hash costs tens of milliseconds of CPU, so it always runs on a worker thread.
 */
public final class Passwords {
  private static final int MEMORY_KIB = 19 * 1024;
  private static final int ITERATIONS = 2;
  private static final int PARALLELISM = 1;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();
  // Verified against when the email is unknown, so a wrong email takes as long as a wrong password.
  // The hash of a random string nobody kept, written out: computing it at class load put a
  // multi-second argon2 run on the event loop at start.
  private static final String DUMMY =
      "$argon2id$v=19$m=19456,t=2,p=1$nLMQpqyy+4QqXCrQ7+4JjA$2F5VRfTOVoLS8tAtN03bu+WuVFVn6FnoiYELtzColqc";

  private final Vertx vertx;

  public Passwords(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<String> hash(String password) {
    return vertx.executeBlocking(() -> hashNow(password), false);
  }

  /** Checks a password; a null stored hash still spends the time of a real check. */
  public Future<Boolean> verify(String password, String storedHash) {
    return vertx.executeBlocking(() -> verifyNow(password, storedHash == null ? DUMMY : storedHash)
        && storedHash != null, false);
  }

  static String hashNow(String password) {
    byte[] salt = Ids.randomBytes(16);
    byte[] out = derive(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, 32);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
        + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
  }

  /** True when the password matches; a stored value that is not our PHC string never matches. */
  static boolean verifyNow(String password, String phc) {
    try {
      return matches(password, phc);
    } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
      return false;
    }
  }

  private static boolean matches(String password, String phc) {
    String[] parts = phc.split("\\$");
    // ["", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash]
    if (parts.length != 6 || !"argon2id".equals(parts[1])) return false;
    int m = 0, t = 0, p = 0;
    for (String kv : parts[3].split(",")) {
      String[] pair = kv.split("=");
      int v = Integer.parseInt(pair[1]);
      switch (pair[0]) {
        case "m" -> m = v;
        case "t" -> t = v;
        case "p" -> p = v;
        default -> { return false; }
      }
    }
    byte[] salt = B64D.decode(parts[4]);
    byte[] expected = B64D.decode(parts[5]);
    byte[] actual = derive(password, salt, m, t, p, expected.length);
    return MessageDigest.isEqual(expected, actual);
  }

  private static byte[] derive(String password, byte[] salt, int memoryKib, int iterations,
                               int parallelism, int length) {
    Argon2BytesGenerator gen = new Argon2BytesGenerator();
    gen.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memoryKib).withIterations(iterations).withParallelism(parallelism)
        .withSalt(salt).build());
    byte[] out = new byte[length];
    gen.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }
}
