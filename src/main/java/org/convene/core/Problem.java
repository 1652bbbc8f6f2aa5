package org.convene.core;

import io.vertx.core.json.JsonObject;

/**
 * A failure the client caused or may see, in the product's words. Features and their stores
 * raise it without knowing about HTTP; the one failure handler (web.Failures) turns its kind into
 * a status, {"error", "details"} on the API and a friendly page on the web. Anything else that
 * reaches that handler is a 500 without details.
 */
public class Problem extends RuntimeException {
  /** What went wrong, from the caller's side; web.Failures maps each to one HTTP status. */
  public enum Kind {
    BAD_REQUEST, INVALID, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, METHOD_NOT_ALLOWED, CONFLICT, GONE,
    TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, RATE_LIMITED, UNAVAILABLE, INTERNAL,
    /** Well-formed but not acceptable as a whole (an import file whose rows need attention). */
    UNPROCESSABLE
  }

  private final Kind kind;
  private final String code;
  private final JsonObject details;

  public Problem(Kind kind, String code, String message, JsonObject details) {
    super(message, null, false, false);
    this.kind = kind;
    this.code = code;
    this.details = details == null ? new JsonObject() : details;
  }

  public Problem(Kind kind, String code, String message) {
    this(kind, code, message, null);
  }

  public Kind kind() {
    return kind;
  }

  public boolean is(Kind k) {
    return kind == k;
  }

  public String code() {
    return code;
  }

  public JsonObject details() {
    return details;
  }

  public static Problem notFound() {
    return new Problem(Kind.NOT_FOUND, "not_found", "We could not find that page.");
  }

  public static Problem forbidden() {
    return new Problem(Kind.FORBIDDEN, "forbidden", "You do not have access to this.");
  }

  public static Problem unauthorized() {
    return new Problem(Kind.UNAUTHORIZED, "unauthorized",
        "Sign in first (Authorization: Bearer <token>).");
  }

  /** One message per field, as the forms show them next to each field. */
  public static Problem invalid(JsonObject fieldErrors) {
    return new Problem(Kind.INVALID, "invalid_input", "Some fields need attention.", fieldErrors);
  }

  public static Problem conflict(String code, String message) {
    return new Problem(Kind.CONFLICT, code, message);
  }
}
