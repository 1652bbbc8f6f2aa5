package org.convene.events;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.convene.web.Fields;

/**
 * What makes an event's questions valid, and an answer to them: the same checks serve the
 * organizer's form, the event API, the RSVP form, the manage page and the RSVP API. No I/O.
 */
public final class QuestionRules {
  public static final int MAX_QUESTIONS = 10;
  public static final int MAX_LABEL = 200;
  public static final int MAX_HELP = 300;
  public static final int MAX_OPTIONS = 20;
  public static final int MAX_OPTION = 100;
  public static final int MAX_SHORT = 200;
  public static final int MAX_LONG = 2000;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,20}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

  private QuestionRules() {}

  // ---- the questions ----

  /**
   * The questions an organizer sent (a JSON array, as the API and the organizer's form give it),
   * checked; errors go to {@code errors} under "questions[i].field". An id that names no question
   * yet is kept when it is well formed (a client may choose its ids) and made up otherwise, so an
   * edit that sends the ids back keeps every answer given so far.
   */
  public static List<Question> check(Object raw, JsonObject errors) {
    if (!(raw instanceof JsonArray list)) {
      errors.put("questions", "Questions are a list of {label, kind, ...}.");
      return List.of();
    }
    if (list.size() > MAX_QUESTIONS) {
      errors.put("questions", "An event asks at most " + MAX_QUESTIONS + " questions.");
      return List.of();
    }
    List<Question> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "questions[" + i + "]";
      if (!(list.getValue(i) instanceof JsonObject q)) {
        errors.put(at, "Each question is an object with a label and a kind.");
        continue;
      }
      for (String k : q.fieldNames()) {
        if (!Set.of("id", "label", "kind", "options", "required", "help", "shownToAttendees")
            .contains(k)) {
          errors.put(at + "." + k, "Unknown field.");
        }
      }
      String label = Fields.line(text(q.getValue("label")));
      if (label == null) errors.put(at + ".label", "Write the question.");
      else if (label.length() > MAX_LABEL) {
        errors.put(at + ".label", "Keep the question under " + MAX_LABEL + " characters.");
      }
      String kind = text(q.getValue("kind"));
      if (kind == null || !Question.KINDS.contains(kind)) {
        errors.put(at + ".kind", "The kind is one of: " + String.join(", ", Question.KINDS) + ".");
      }
      List<String> options = List.of();
      if (Question.ONE.equals(kind) || Question.SEVERAL.equals(kind)) {
        options = options(q.getValue("options"), at + ".options", errors);
      } else if (q.getValue("options") != null && !(q.getValue("options") instanceof JsonArray a
          && a.isEmpty())) {
        errors.put(at + ".options", "Only a one-choice or several-choice question has options.");
      }
      String help = Fields.line(text(q.getValue("help")));
      if (help != null && help.length() > MAX_HELP) {
        errors.put(at + ".help", "Keep the help text under " + MAX_HELP + " characters.");
      }
      Boolean required = bool(q.getValue("required"), at + ".required", errors);
      Boolean shown = bool(q.getValue("shownToAttendees"), at + ".shownToAttendees", errors);
      String id = text(q.getValue("id"));
      if (id != null && !ID.matcher(id).matches()) {
        errors.put(at + ".id", "An id is 1 to 20 letters, digits, - or _.");
        id = null;
      }
      if (id == null) id = newId(ids);
      if (!ids.add(id)) errors.put(at + ".id", "Two questions have the id " + id + ".");
      if (label != null && kind != null) {
        out.add(new Question(id, label, kind, options, Boolean.TRUE.equals(required), help,
            Boolean.TRUE.equals(shown)));
      }
    }
    return errors.isEmpty() ? List.copyOf(out) : List.of();
  }

  private static List<String> options(Object raw, String at, JsonObject errors) {
    List<String> values = new ArrayList<>();
    if (raw instanceof JsonArray a) {
      for (Object o : a) values.add(o == null ? null : String.valueOf(o));
    } else if (raw instanceof String s) {
      // the organizer's form: one option per line
      values.addAll(List.of(s.split("\\R")));
    } else {
      errors.put(at, "Give the choices, at least two.");
      return List.of();
    }
    Set<String> out = new LinkedHashSet<>();
    for (String v : values) {
      String o = Fields.line(v);
      if (o == null) continue;
      if (o.length() > MAX_OPTION) {
        errors.put(at, "Keep each choice under " + MAX_OPTION + " characters.");
        return List.of();
      }
      out.add(o);
    }
    if (out.size() < 2) errors.put(at, "Give at least two different choices.");
    else if (out.size() > MAX_OPTIONS) errors.put(at, "Give at most " + MAX_OPTIONS + " choices.");
    return List.copyOf(out);
  }

  private static String newId(Set<String> taken) {
    while (true) {
      StringBuilder b = new StringBuilder("q");
      for (int i = 0; i < 7; i++) b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
      if (!taken.contains(b.toString())) return b.toString();
    }
  }

  // ---- the answers ----

  /**
   * An RSVP's answers after this change: {@code current} (null for a new RSVP) with {@code given}
   * merged in (null: nothing sent; a blank value clears), only for the event's questions.
   * {@code attending}: the required questions must be answered (someone saying they cannot come is
   * not asked for their dietary needs). Errors go under "answers.{id}", naming the question.
   */
  public static JsonObject answers(List<Question> questions, Map<String, Object> given,
                                   JsonObject current, boolean attending, JsonObject errors) {
    JsonObject out = new JsonObject();
    for (Question q : questions) {
      if (current != null && current.containsKey(q.id())) out.put(q.id(), current.getValue(q.id()));
    }
    if (given != null) {
      for (Map.Entry<String, Object> e : given.entrySet()) {
        Question q = questions.stream().filter(x -> x.id().equals(e.getKey())).findFirst()
            .orElse(null);
        if (q == null) {
          errors.put("answers." + e.getKey(), "This event has no such question.");
          continue;
        }
        Object v = answer(q, e.getValue(), errors);
        if (v == null) out.remove(q.id());
        else out.put(q.id(), v);
      }
    }
    if (attending) {
      for (Question q : questions) {
        if (q.required() && !out.containsKey(q.id()) && !errors.containsKey("answers." + q.id())) {
          errors.put("answers." + q.id(), "Please answer “" + q.label() + "”.");
        }
      }
    }
    return out;
  }

  /** One answer in its stored form (text, list of choices, or yes/no), or null for none. */
  private static Object answer(Question q, Object raw, JsonObject errors) {
    String at = "answers." + q.id();
    switch (q.kind()) {
      case Question.SHORT, Question.LONG -> {
        if (raw != null && !(raw instanceof String) && !(raw instanceof Collection<?>)
            && !(raw instanceof JsonArray)) {
          errors.put(at, "“" + q.label() + "” takes text.");
          return null;
        }
        String s = first(raw);
        s = Question.SHORT.equals(q.kind()) ? Fields.line(s) : Fields.clean(s);
        int max = Question.SHORT.equals(q.kind()) ? MAX_SHORT : MAX_LONG;
        if (s != null && s.length() > max) {
          errors.put(at, "Keep the answer to “" + q.label() + "” under " + max + " characters.");
          return null;
        }
        return s;
      }
      case Question.ONE -> {
        String s = Fields.line(first(raw));
        if (s == null) return null;
        if (!q.options().contains(s)) {
          errors.put(at, "Choose one of the answers to “" + q.label() + "”.");
          return null;
        }
        return s;
      }
      case Question.SEVERAL -> {
        List<String> chosen = new ArrayList<>();
        for (String s : all(raw)) {
          String v = Fields.line(s);
          if (v == null) continue;
          if (!q.options().contains(v)) {
            errors.put(at, "Choose among the answers to “" + q.label() + "”.");
            return null;
          }
          if (!chosen.contains(v)) chosen.add(v);
        }
        return chosen.isEmpty() ? null : new JsonArray(chosen);
      }
      default -> {
        if (raw instanceof Boolean b) return b;
        String s = first(raw);
        if (s == null || s.isBlank()) return null;
        switch (s.trim().toLowerCase(Locale.ROOT)) {
          case "yes", "true" -> {
            return true;
          }
          case "no", "false" -> {
            return false;
          }
          default -> {
            errors.put(at, "Answer “" + q.label() + "” with yes or no.");
            return null;
          }
        }
      }
    }
  }

  private static String first(Object raw) {
    List<String> all = all(raw);
    for (String s : all) {
      if (s != null && !s.isBlank()) return s;
    }
    return null;
  }

  private static List<String> all(Object raw) {
    List<String> out = new ArrayList<>();
    if (raw == null) return out;
    if (raw instanceof JsonArray a) a.forEach(v -> out.add(v == null ? null : String.valueOf(v)));
    else if (raw instanceof Collection<?> c) c.forEach(v -> out.add(v == null ? null : String.valueOf(v)));
    else out.add(String.valueOf(raw));
    return out;
  }

  private static String text(Object v) {
    return v instanceof String s ? s : v == null ? null : String.valueOf(v);
  }

  private static Boolean bool(Object v, String at, JsonObject errors) {
    if (v == null) return null;
    if (v instanceof Boolean b) return b;
    if (v instanceof String s && (s.equals("true") || s.equals("on") || s.equals("1"))) return true;
    if (v instanceof String s && (s.equals("false") || s.isEmpty())) return false;
    errors.put(at, "Use true or false.");
    return null;
  }
}
