package org.convene.web;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.convene.core.Problem;
import org.convene.db.Changes;

/**
 * The public pages as an anonymous visitor sees them (/, /g/{group}, /e/{event}), rendered once
 * and answered from memory by every request until they change.
 *
 * <p>What is the same for every visitor is rendered once: Markdown, zone formatting, the
 * template. An anonymous page carries nothing of the visitor (no CSRF cookie, no name in the
 * header), so a reverse proxy or CDN in front of the nodes may hold it too: it goes out with a
 * strong ETag over its bytes, {@code Cache-Control: public, max-age=5}, and {@code Vary: Cookie}
 * (a signed-in visitor at the same URL gets their own page, never stored).
 *
 * <p>Freshness: an edit of an event or group reaches every node by {@link Changes} and drops the
 * pages it shows on; what changes without a notification (seats left, member counts, a deadline
 * passing) is re-rendered in the background once a page is {@link #FRESH_NANOS} old, while the
 * previous copy is still answered. While the change listener is down nothing is kept.
 */
public final class PublicPages {
  static final long FRESH_NANOS = 2_000_000_000L;
  static final String CACHE_CONTROL = "public, max-age=5";
  private static final int MAX_PAGES = 5_000;

  /** A rendered page and what it shows: {@code groupId} null for pages that list every group. */
  public record Rendered(String html, UUID groupId, String eventId) {}

  private record Page(Buffer body, String etag, UUID groupId, String eventId, long renderedAt,
                      AtomicBoolean refreshing) {}

  private final Changes changes;
  private final ConcurrentHashMap<String, Page> pages = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong localGeneration =
      new java.util.concurrent.atomic.AtomicLong();

  public PublicPages(Changes changes) {
    this.changes = changes;
    changes.listen(this::forget);
  }

  /**
   * Answers the page under {@code key}: from memory when it is there (304 when the visitor's copy
   * has the same ETag), else rendered by {@code render}, which must not depend on the request
   * and yields null for a page that does not exist (404).
   */
  public void answer(RoutingContext ctx, String key, Supplier<Future<Rendered>> render) {
    Page page = changes.live() ? pages.get(key) : null;
    if (page != null) {
      if (System.nanoTime() - page.renderedAt() > FRESH_NANOS
          && page.refreshing().compareAndSet(false, true)) {
        refresh(key, render, page);
      }
      send(ctx, page);
      return;
    }
    long generation = generation();
    render.get().onSuccess(r -> {
      if (r == null) {
        ctx.fail(Problem.notFound());
        return;
      }
      Page fresh = page(r);
      keep(key, fresh, generation);
      send(ctx, fresh);
    }).onFailure(ctx::fail);
  }

  private void refresh(String key, Supplier<Future<Rendered>> render, Page old) {
    long generation = generation();
    render.get().onComplete(ar -> {
      if (ar.succeeded() && ar.result() != null) {
        keep(key, page(ar.result()), generation);
      } else if (ar.succeeded()) {
        pages.remove(key, old);
      } else {
        old.refreshing().set(false);
      }
    });
  }

  /** Kept only if nothing changed while it was read: a change heard meanwhile may be missing. */
  private void keep(String key, Page page, long generation) {
    if (!changes.live() || generation() != generation) return;
    if (pages.size() >= MAX_PAGES) {
      Iterator<String> it = pages.keySet().iterator();
      if (it.hasNext()) pages.remove(it.next());
    }
    pages.put(key, page);
  }

  /**
   * This node changed what the event's page shows without a notification (an RSVP took or gave
   * seats): its page is rendered again for the next visitor. The lists refresh within seconds.
   */
  public void eventChanged(String eventId) {
    localGeneration.incrementAndGet();
    pages.remove(eventKey(eventId));
  }

  private void forget(Changes.Change c) {
    if (c.reset()) {
      pages.clear();
      return;
    }
    pages.values().removeIf(p -> p.groupId() == null
        || (c.groupId() != null && c.groupId().equals(p.groupId()))
        || (c.eventId() != null && c.eventId().equals(p.eventId())));
  }

  /** The key under which the event's own page is kept. */
  public static String eventKey(String eventId) {
    return "e " + eventId;
  }

  /** Changes heard plus this node's own: a page read before either is not kept. */
  private long generation() {
    return changes.generation() + localGeneration.get();
  }

  private static Page page(Rendered r) {
    byte[] bytes = r.html().getBytes(StandardCharsets.UTF_8);
    return new Page(Buffer.buffer(bytes), ETags.strong("p", bytes), r.groupId(), r.eventId(),
        System.nanoTime(), new AtomicBoolean());
  }

  private static void send(RoutingContext ctx, Page page) {
    // the visitor may have gone while the page was rendered
    if (ctx.response().closed() || ctx.response().ended()) return;
    var res = ctx.response()
        .putHeader("ETag", page.etag())
        .putHeader("Cache-Control", CACHE_CONTROL)
        .putHeader("Vary", "Cookie");
    if (ETags.matches(ctx.request().getHeader("If-None-Match"), page.etag())) {
      res.setStatusCode(304).end();
    } else {
      res.putHeader("Content-Type", "text/html; charset=utf-8").end(page.body());
    }
  }

}
