package org.convene.web;

import org.convene.core.Problem;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Strict reading of API request bodies: an unknown field or a value of the wrong type is a 400
 * naming the field, never a silent default and never a 500.
 */
public final class JsonInput {
  private final JsonObject body;
  private final JsonObject errors = new JsonObject();

  private JsonInput(JsonObject body) {
    this.body = body;
  }

  /** Parses the body as a JSON object and rejects fields outside {@code allowed}. */
  public static JsonInput of(RoutingContext ctx, Set<String> allowed) {
    String type = ctx.request().getHeader("Content-Type");
    if (type == null || !type.toLowerCase().startsWith("application/json")) {
      throw new Problem(Problem.Kind.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "Send the body as application/json.");
    }
    JsonObject body;
    try {
      Object parsed = ctx.body().asJsonObject();
      body = parsed == null ? new JsonObject() : (JsonObject) parsed;
    } catch (DecodeException | ClassCastException e) {
      throw new Problem(Problem.Kind.BAD_REQUEST, "invalid_json", "The body is not a JSON object.");
    }
    JsonInput in = new JsonInput(body);
    for (String field : body.fieldNames()) {
      if (!allowed.contains(field)) in.errors.put(field, "unknown field");
      else if (Fields.hasControlCharacters(body.getValue(field))) {
        in.errors.put(field, "must not contain control characters");
      }
    }
    return in;
  }

  public static JsonInput wrap(JsonObject body) {
    return new JsonInput(body);
  }

  public boolean has(String field) {
    return body.containsKey(field);
  }

  public JsonObject raw() {
    return body;
  }

  /** A string, or null when absent or JSON null. */
  public String string(String field) {
    Object v = body.getValue(field);
    if (v == null) return null;
    if (v instanceof String s) return s;
    errors.put(field, "must be a string");
    return null;
  }

  public Integer integer(String field) {
    Object v = body.getValue(field);
    if (v == null) return null;
    if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && Math.abs(n.doubleValue()) < Integer.MAX_VALUE) {
      return n.intValue();
    }
    errors.put(field, "must be a whole number");
    return null;
  }

  public Boolean bool(String field) {
    Object v = body.getValue(field);
    if (v == null) return null;
    if (v instanceof Boolean b) return b;
    errors.put(field, "must be true or false");
    return null;
  }

  public JsonObject object(String field) {
    Object v = body.getValue(field);
    if (v == null) return null;
    if (v instanceof JsonObject o) return o;
    errors.put(field, "must be an object");
    return null;
  }

  public JsonArray array(String field) {
    Object v = body.getValue(field);
    if (v == null) return null;
    if (v instanceof JsonArray a) return a;
    errors.put(field, "must be an array");
    return null;
  }

  /**
   * Records a problem with a field. The first one wins: "must be a string" says more than the
   * rule ("Give the event a title.") that then sees the field as missing.
   */
  public JsonInput error(String field, String message) {
    if (!errors.containsKey(field)) errors.put(field, message);
    return this;
  }

  public JsonObject errors() {
    return errors;
  }

  /** Throws the 400 if any field was wrong so far. */
  public void check() {
    if (!errors.isEmpty()) throw Problem.invalid(errors);
  }
}
