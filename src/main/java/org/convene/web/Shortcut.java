package org.convene.web;

import io.vertx.core.http.HttpServerRequest;

/**
 * An answer a feature can give from memory before the router runs: a calendar app asking
 * whether a feed changed, tens of thousands of times a second across all its users. The server
 * adds its security headers and the access log line as for any answer.
 */
@FunctionalInterface
public interface Shortcut {
  /** A body-less answer to send, or null for "not mine, route it". Must not block or throw. */
  Answer answer(HttpServerRequest req);

  /**
   * {@code headers}: name, value, name, value... Built once and handed out to every request it
   * fits, so it need not be copied; byte strings ({@code HttpHeaders.createOptimized}) are
   * written out as they are, where a String is encoded char by char.
   */
  record Answer(int status, CharSequence... headers) {}
}
