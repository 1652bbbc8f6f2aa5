package org.convene.calendar;

import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rendered calendars by ETag, least recently used out first. Safe across instances because an
 * ETag names exact content (every input of the rendering is in it): a hit is byte-identical to
 * what a fresh render, here or on another instance, would produce. Shared by the verticles of
 * one instance.
 */
public final class RenderCache {
  private final long maxBytes;
  private long bytes;
  private final LinkedHashMap<String, Buffer> entries = new LinkedHashMap<>(64, 0.75f, true);

  public RenderCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  synchronized Buffer get(String etag) {
    return entries.get(etag);
  }

  synchronized void put(String etag, Buffer body) {
    if (body.length() > maxBytes / 4) return;
    Buffer old = entries.put(etag, body);
    if (old != null) bytes -= old.length();
    bytes += body.length();
    var it = entries.entrySet().iterator();
    while (bytes > maxBytes && it.hasNext()) {
      Map.Entry<String, Buffer> eldest = it.next();
      bytes -= eldest.getValue().length();
      it.remove();
    }
  }
}
