package org.convene.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What changed in the database, as the triggers of V23 announce it with NOTIFY: the signal that
 * lets a node answer public pages and feed revalidations from memory and still agree with every
 * other node on the same database.
 *
 * <p>Memory is only trusted while the listening connection is up. When it drops, {@link #live()}
 * turns false at once (callers go to the database again), every listener hears a reset (forget
 * everything), and the connection is retried; once LISTEN is back, another reset clears what
 * was learned while notifications could have been missed, and memory is trusted again.
 */
public final class Changes {
  static final String CHANNEL = "convene_changes";
  private static final Logger log = LoggerFactory.getLogger(Changes.class);

  /** One change: an event (with its group) or a group; {@code null} fields for a reset. */
  public record Change(String eventId, UUID groupId) {
    public boolean reset() {
      return eventId == null && groupId == null;
    }
  }

  private static final Change RESET = new Change(null, null);

  private final Vertx vertx;
  private final PgConnectOptions options;
  private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong generation = new AtomicLong();
  private volatile boolean live;
  private volatile boolean stopped;
  private volatile PgConnection connection;

  public Changes(Vertx vertx, PgConnectOptions options) {
    this.vertx = vertx;
    this.options = options;
  }

  public void listen(Consumer<Change> listener) {
    listeners.add(listener);
  }

  /** True while every change is being heard. */
  public boolean live() {
    return live;
  }

  /**
   * Rises with every change heard and every reset. A cache that read the database at generation
   * g keeps the answer only if the generation is still g afterwards: a change that arrived
   * while it was reading may not be in what it read.
   */
  public long generation() {
    return generation.get();
  }

  /** Connects in the background; until then (and whenever it is down) memory is not trusted. */
  public void start() {
    connect();
  }

  public Future<Void> stop() {
    stopped = true;
    live = false;
    PgConnection c = connection;
    return c == null ? Future.succeededFuture() : c.close();
  }

  private void connect() {
    if (stopped) return;
    PgConnection.connect(vertx, options).compose(conn -> {
      connection = conn;
      conn.notificationHandler(n -> {
        if (CHANNEL.equals(n.getChannel())) heard(parse(n.getPayload()));
      });
      conn.closeHandler(v -> dropped());
      return conn.query("LISTEN " + CHANNEL).execute();
    }).onSuccess(v -> {
      heard(RESET);
      live = true;
    }).onFailure(e -> {
      log.warn("not listening for changes ({}); retrying", e.getMessage());
      PgConnection c = connection;
      if (c != null) c.close();
      else retryLater();
    });
  }

  private void dropped() {
    boolean wasLive = live;
    live = false;
    connection = null;
    heard(RESET);
    if (wasLive && !stopped) log.warn("the change listener's connection dropped; reconnecting");
    retryLater();
  }

  private void retryLater() {
    if (!stopped) vertx.setTimer(1000, t -> connect());
  }

  private void heard(Change c) {
    generation.incrementAndGet();
    for (Consumer<Change> l : listeners) {
      try {
        l.accept(c);
      } catch (RuntimeException e) {
        log.error("a change listener failed", e);
      }
    }
  }

  /** "e <event id> <group id>" or "g <group id>"; anything else is a reset, to be safe. */
  static Change parse(String payload) {
    try {
      String[] p = payload == null ? new String[0] : payload.split(" ");
      if (p.length == 3 && p[0].equals("e")) return new Change(p[1], UUID.fromString(p[2]));
      if (p.length == 2 && p[0].equals("g")) return new Change(null, UUID.fromString(p[1]));
    } catch (IllegalArgumentException e) {
      // falls through to a reset
    }
    return RESET;
  }
}
