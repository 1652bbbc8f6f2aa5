package org.convene.mail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token of a one-click unsubscribe link (/u/{token}): the address and the group it stops
 * (or none, for all of Convene), sealed with AES-GCM under a key derived from the servers' shared
 * secret (server_secrets).
 *
 * <p>Sealed rather than stored: a fan-out to 500 people writes no 500 token rows, any instance
 * opens a token another made, and a token does not expire with a table's cleanup (mail clients
 * keep the header for years). Sealed rather than only signed: the link is in a URL, which proxies
 * and browsers log, so it must not carry the address readable. GCM's tag makes a forged or
 * mangled token fail to open; it is not the manage token and opens nothing but this choice.
 */
public final class UnsubscribeTokens {
  /** Whom a token unsubscribes: {@code groupId} null means all non-transactional mail. */
  public record Subscriber(String email, UUID groupId) {}

  private static final byte VERSION = 1;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  // a whole address (254) with its group, sealed and in base64: anything longer is not ours
  private static final int MAX_TOKEN_CHARS = 512;
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  public UnsubscribeTokens(byte[] sharedSecret) {
    // its own key: the shared secret also signs CSRF tokens, and one key per use keeps them apart
    this.key = new SecretKeySpec(derive(sharedSecret, "convene unsubscribe v1"), "AES");
  }

  public String seal(String email, UUID groupId) {
    byte[] address = normalized(email).getBytes(StandardCharsets.UTF_8);
    ByteBuffer plain = ByteBuffer.allocate(16 + address.length);
    plain.putLong(groupId == null ? 0 : groupId.getMostSignificantBits());
    plain.putLong(groupId == null ? 0 : groupId.getLeastSignificantBits());
    plain.put(address);
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(new byte[] {VERSION});
      byte[] sealed = c.doFinal(plain.array());
      return B64.encodeToString(ByteBuffer.allocate(1 + IV_BYTES + sealed.length)
          .put(VERSION).put(iv).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The subscriber a token names, or empty for anything we did not seal. */
  public Optional<Subscriber> open(String token) {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) return Optional.empty();
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (raw.length < 1 + IV_BYTES + TAG_BITS / 8 + 16 + 3 || raw[0] != VERSION) {
      return Optional.empty();
    }
    byte[] plain;
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 1, IV_BYTES));
      c.updateAAD(new byte[] {VERSION});
      plain = c.doFinal(raw, 1 + IV_BYTES, raw.length - 1 - IV_BYTES);
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(plain);
    long hi = b.getLong();
    long lo = b.getLong();
    String email = new String(plain, 16, plain.length - 16, StandardCharsets.UTF_8);
    return Optional.of(new Subscriber(email, hi == 0 && lo == 0 ? null : new UUID(hi, lo)));
  }

  /** As mail_suppressions holds addresses (its CHECK): trimmed, lower case. */
  static String normalized(String email) {
    return email.strip().toLowerCase(Locale.ROOT);
  }

  private static byte[] derive(byte[] secret, String purpose) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
