package org.convene.web;

import io.vertx.core.MultiMap;
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

  record Answer(int status, MultiMap headers) {}
}
