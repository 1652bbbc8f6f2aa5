package org.convene.accounts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class PasswordsTest {

  @Test
  void hashesAreSaltedArgon2idInPhcFormat() {
    String a = Passwords.hashNow("correct horse battery");
    String b = Passwords.hashNow("correct horse battery");
    assertTrue(a.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), a);
    assertNotEquals(a, b, "a fresh salt every time");
    assertTrue(Passwords.verifyNow("correct horse battery", a));
    assertTrue(Passwords.verifyNow("correct horse battery", b));
    assertFalse(Passwords.verifyNow("correct horse batterY", a));
    assertFalse(Passwords.verifyNow("", a));
  }

  @Test
  void unicodePasswordsWork() {
    String h = Passwords.hashNow("pässwörd 🔑 長い");
    assertTrue(Passwords.verifyNow("pässwörd 🔑 長い", h));
    assertFalse(Passwords.verifyNow("passwort 🔑 長い", h));
  }

  @Test
  void foreignOrBrokenHashesNeverMatch() {
    assertFalse(Passwords.verifyNow("x", "$2a$10$abcdefghijklmnopqrstuv"));
    assertFalse(Passwords.verifyNow("x", "plain text"));
    assertFalse(Passwords.verifyNow("x", "$argon2id$v=19$m=lots,t=2,p=1$c2FsdA$aGFzaA"));
    assertFalse(Passwords.verifyNow("x", "$argon2id$v=19$m=19456,t=2,p=1$!!!$aGFzaA"));
  }

  @Test
  void hashingRunsOffTheEventLoop(Vertx vertx, VertxTestContext test) {
    Passwords passwords = new Passwords(vertx);
    vertx.runOnContext(v -> passwords.hash("a long passphrase")
        .compose(hash -> passwords.verify("a long passphrase", hash))
        .onComplete(test.succeeding(ok -> test.verify(() -> {
          assertTrue(ok);
          assertTrue(io.vertx.core.Context.isOnEventLoopThread(), "answered back on the loop");
          test.completeNow();
        }))));
  }

  @Test
  void anUnknownAccountTakesAVerificationToo(Vertx vertx, VertxTestContext test) {
    new Passwords(vertx).verify("anything", null)
        .onComplete(test.succeeding(ok -> test.verify(() -> {
          assertFalse(ok);
          test.completeNow();
        })));
  }
}
