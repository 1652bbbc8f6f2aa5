package org.convene.events;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;

/** An event's questions as forms show them (templates/partials/question-fields.hbs). */
public final class QuestionViews {
  private QuestionViews() {}

  /**
   * The event's questions for the RSVP forms, filled with {@code values} (an RSVP's stored answers,
   * or what the form sent back with errors) and each one's error ("answers.{id}").
   */
  public static JsonArray fields(List<Question> questions, Map<String, Object> values,
                             JsonObject errors) {
    JsonArray out = new JsonArray();
    for (Question q : questions) {
      Object v = values == null ? null : values.get(q.id());
      List<String> given = new java.util.ArrayList<>();
      if (v instanceof JsonArray a) a.forEach(x -> given.add(String.valueOf(x)));
      else if (v instanceof java.util.Collection<?> c) c.forEach(x -> given.add(String.valueOf(x)));
      else if (v != null) given.add(String.valueOf(v));
      String text = given.stream().filter(x -> !x.isBlank()).findFirst().orElse("");
      JsonArray options = new JsonArray();
      for (String o : q.options()) {
        options.add(new JsonObject().put("value", o).put("checked", given.contains(o)));
      }
      out.add(new JsonObject().put("id", q.id()).put("name", "answer." + q.id())
          .put("inputId", "q-" + q.id()).put("label", q.label()).put("help", q.help())
          .put("required", q.required())
          .put("choice", q.hasOptions()).put("options", options)
          .put("inputType", Question.SEVERAL.equals(q.kind()) ? "checkbox" : "radio")
          .put("yesno", Question.YESNO.equals(q.kind()))
          .put("yes", "true".equals(text) || "yes".equals(text))
          .put("no", "false".equals(text) || "no".equals(text))
          .put("long", Question.LONG.equals(q.kind()))
          .put("value", q.hasOptions() || Question.YESNO.equals(q.kind()) ? null : text)
          .put("error", errors == null ? null : errors.getString("answers." + q.id())));
    }
    return out;
  }
}
