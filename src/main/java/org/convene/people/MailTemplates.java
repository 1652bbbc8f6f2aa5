package org.convene.people;

import com.github.jknack.handlebars.EscapingStrategy;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.Helper;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.io.ClassPathTemplateLoader;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.convene.web.Markdown;

/**
 * Renders the people mails (templates/mail/people-*.hbs) into the "prepared" outbox payload
 * {subject, text, html, replyTo?} at enqueue time. The plain-text part is rendered without HTML
 * escaping, the HTML part with it. All templates are compiled once at start, so rendering does
 * no I/O on the event loop.
 */
public final class MailTemplates {
  /** The outbox kind for a mail that is fully rendered already: the sender only delivers it. */
  public static final String PREPARED = org.convene.outbox.Outbox.PREPARED;

  static final List<String> NAMES = List.of("people-connect-request", "people-connected",
      "people-follow-up");

  private final Map<String, Template> text = new HashMap<>();
  private final Map<String, Template> html = new HashMap<>();

  public MailTemplates() {
    Handlebars plain = new Handlebars(loader()).with(EscapingStrategy.NOOP);
    Handlebars escaped = new Handlebars(loader());
    // the organizer's follow-up text may use the same safe Markdown subset as event descriptions
    escaped.registerHelper("markdown", (Helper<Object>) (body, options) ->
        new Handlebars.SafeString(Markdown.toHtml(body == null ? "" : body.toString())));
    try {
      for (String n : NAMES) {
        text.put(n, plain.compile(n + ".txt"));
        html.put(n, escaped.compile(n + ".html"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("mail templates missing", e);
    }
  }

  private static ClassPathTemplateLoader loader() {
    ClassPathTemplateLoader l = new ClassPathTemplateLoader("/templates/mail", ".hbs");
    l.setCharset(StandardCharsets.UTF_8);
    return l;
  }

  /** The outbox payload for one recipient. */
  public JsonObject render(String name, String subject, JsonObject model, String replyTo) {
    // plain maps and lists all the way down, which Handlebars resolves without Vert.x resolvers
    @SuppressWarnings("unchecked")
    Map<String, Object> data = Json.decodeValue(model.encode(), Map.class);
    try {
      JsonObject payload = new JsonObject()
          .put("subject", subject)
          .put("text", text.get(name).apply(data))
          .put("html", html.get(name).apply(data));
      if (replyTo != null) payload.put("replyTo", replyTo);
      return payload;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
