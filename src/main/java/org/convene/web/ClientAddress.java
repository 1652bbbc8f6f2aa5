package org.convene.web;

import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The address a rate limit is counted against. X-Forwarded-For is believed only when the
 * direct peer is one of TRUSTED_PROXIES; otherwise anyone could pick a fresh address per request.
 */
public final class ClientAddress {
  private final List<String> trustedProxies;

  public ClientAddress(List<String> trustedProxies) {
    this.trustedProxies = trustedProxies;
  }

  public String of(RoutingContext ctx) {
    String peer = ctx.request().remoteAddress() == null
        ? "unknown" : ctx.request().remoteAddress().hostAddress();
    if (!trustedProxies.contains(peer)) return peer;
    String forwarded = ctx.request().getHeader("X-Forwarded-For");
    if (forwarded == null || forwarded.isBlank()) return peer;
    String[] hops = forwarded.split(",");
    // walk from the nearest hop outwards, skipping our own proxies
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty() && !trustedProxies.contains(hop)) return hop;
    }
    return peer;
  }
}
