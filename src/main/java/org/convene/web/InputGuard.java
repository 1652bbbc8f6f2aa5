package org.convene.web;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.regex.Pattern;
import org.convene.core.Problem;

/**
 * Refuses text no field can hold (NUL and other control characters) before any feature reads it:
 * a path with one is a 404 (no id contains one), a query parameter or form field with one is a
 * 400 naming the field. JSON bodies are checked by {@link JsonInput}, field by field.
 */
final class InputGuard {
  // %00-%1F and %7F, encoded or not, anywhere in the path
  private static final Pattern CONTROL_IN_PATH =
      Pattern.compile("%(?:[01][0-9A-Fa-f]|7[Ff])|[\\x00-\\x1F\\x7F]");

  private InputGuard() {}

  /** Before the body is read: the path and the query. */
  static void checkPathAndQuery(RoutingContext ctx) {
    if (CONTROL_IN_PATH.matcher(ctx.request().path()).find()) {
      ctx.fail(Problem.notFound());
      return;
    }
    JsonObject bad;
    try {
      bad = badFields(ctx.queryParams());
    } catch (IllegalArgumentException e) {
      ctx.fail(new Problem(Problem.Kind.BAD_REQUEST, "bad_request", "That address is not well formed."));
      return;
    }
    if (bad != null) {
      ctx.fail(Problem.invalid(bad));
      return;
    }
    ctx.next();
  }

  /** After the body is read: form fields. */
  static void checkForm(RoutingContext ctx) {
    JsonObject bad = badFields(ctx.request().formAttributes());
    if (bad != null) {
      ctx.fail(Problem.invalid(bad));
      return;
    }
    ctx.next();
  }

  private static JsonObject badFields(MultiMap params) {
    JsonObject bad = null;
    for (Map.Entry<String, String> p : params) {
      if (Fields.hasControlCharacters(p.getKey()) || Fields.hasControlCharacters(p.getValue())) {
        if (bad == null) bad = new JsonObject();
        bad.put(Fields.hasControlCharacters(p.getKey()) ? "field" : p.getKey(),
            "must not contain control characters");
      }
    }
    return bad;
  }
}
