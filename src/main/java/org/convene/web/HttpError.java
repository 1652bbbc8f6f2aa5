package org.convene.web;

import io.vertx.core.json.JsonObject;

/**
 * A failure the client caused or may see: becomes {"error", "details"} on the API and a friendly
 * page on the web. Anything else that reaches the failure handler is a 500 without details.
 */
public class HttpError extends RuntimeException {
  private final int status;
  private final String code;
  private final JsonObject details;

  public HttpError(int status, String code, String message, JsonObject details) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.details = details == null ? new JsonObject() : details;
  }

  public HttpError(int status, String code, String message) {
    this(status, code, message, null);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public JsonObject details() {
    return details;
  }

  public static HttpError notFound() {
    return new HttpError(404, "not_found", "We could not find that page.");
  }

  public static HttpError forbidden() {
    return new HttpError(403, "forbidden", "You do not have access to this.");
  }

  public static HttpError unauthorized() {
    return new HttpError(401, "unauthorized", "Sign in first (Authorization: Bearer <token>).");
  }

  /** 400 with one message per field, as the forms show them next to each field. */
  public static HttpError invalid(JsonObject fieldErrors) {
    return new HttpError(400, "invalid_input", "Some fields need attention.", fieldErrors);
  }

  public static HttpError conflict(String code, String message) {
    return new HttpError(409, code, message);
  }
}
