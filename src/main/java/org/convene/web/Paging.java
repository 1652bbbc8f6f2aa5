package org.convene.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.convene.core.Problem;

/**
 * {@code ?limit=&after=} of the lists that grow with people: {@code after} is the opaque cursor
 * an earlier page answered as {@code next} (a whole number here), {@code limit} at most {@code max}.
 */
public record Paging(int limit, long after) {
  public static Paging of(RoutingContext ctx, int defaultLimit, int max) {
    String rawLimit = ctx.request().getParam("limit");
    String rawAfter = ctx.request().getParam("after");
    JsonObject errors = new JsonObject();
    int limit = defaultLimit;
    long after = 0;
    if (rawLimit != null) {
      try {
        limit = Integer.parseInt(rawLimit.trim());
        if (limit < 1 || limit > max) errors.put("limit", "must be from 1 to " + max);
      } catch (NumberFormatException e) {
        errors.put("limit", "must be a whole number from 1 to " + max);
      }
    }
    if (rawAfter != null && !rawAfter.isBlank()) {
      try {
        after = Long.parseLong(rawAfter.trim());
        if (after < 0) errors.put("after", "is not a cursor this list gave out");
      } catch (NumberFormatException e) {
        errors.put("after", "is not a cursor this list gave out");
      }
    }
    if (!errors.isEmpty()) throw Problem.invalid(errors);
    return new Paging(limit, after);
  }
}
