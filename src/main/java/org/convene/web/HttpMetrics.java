package org.convene.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The HTTP server's metrics, under the names and labels Vert.x Micrometer gives them
 * ({@code vertx_http_server_requests_total{code,method,route}}, {@code ..._response_time_seconds},
 * active connections and requests, bytes), with each route's meters looked up once. Vert.x
 * Micrometer looks up five meters by their tags on every request (there is no meter cache since
 * 5.0): on a feed answered 304 that was a fifth of the event loops' time (JFR, bench/run.sh feed
 * phase). Everything else (pool, SQL client, JVM) stays Vert.x Micrometer's.
 */
public final class HttpMetrics implements HttpServerMetrics<HttpMetrics.Request, Void, Object> {
  private static final Object CONNECTION = new Object();

  /** Vert.x Micrometer's factory with this class in place of its HTTP server metrics. */
  public static VertxMetricsFactory factory(VertxMetricsFactory micrometer, MeterRegistry registry) {
    return new Factory(micrometer, registry);
  }

  private final MeterRegistry registry;
  private final LongAdder connections = new LongAdder();
  private final LongAdder requests = new LongAdder();
  private final Counter bytesRead;
  private final Counter bytesWritten;
  private final Counter resets;
  /** The meters of one method, route and status, by that triple: a few hundred at most. */
  private final ConcurrentHashMap<Key, Meters> meters = new ConcurrentHashMap<>();

  private record Key(HttpMethod method, String route, int code) {}

  private record Meters(Counter count, Timer time, DistributionSummary bytes) {}

  HttpMetrics(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("vertx.http.server.active.connections", connections, LongAdder::doubleValue)
        .description("Number of opened connections to the server").register(registry);
    Gauge.builder("vertx.http.server.active.requests", requests, LongAdder::doubleValue)
        .description("Number of requests being processed").register(registry);
    bytesRead = Counter.builder("vertx.http.server.bytes.read")
        .description("Number of bytes received by the server").register(registry);
    bytesWritten = Counter.builder("vertx.http.server.bytes.written")
        .description("Number of bytes sent by the server").register(registry);
    resets = Counter.builder("vertx.http.server.request.resets")
        .description("Number of request resets").register(registry);
  }

  /** One request in flight: when it began and the routes Vert.x Web matched it to. */
  public static final class Request {
    final long start = System.nanoTime();
    final HttpMethod method;
    private String route = "";
    private boolean done;

    Request(HttpMethod method) {
      this.method = method;
    }
  }

  @Override
  public Object connected(SocketAddress remoteAddress, String remoteName) {
    connections.increment();
    return CONNECTION;
  }

  @Override
  public void disconnected(Object connection, SocketAddress remoteAddress) {
    connections.decrement();
  }

  @Override
  public void bytesRead(Object connection, SocketAddress remoteAddress, long bytes) {
    bytesRead.increment(bytes);
  }

  @Override
  public void bytesWritten(Object connection, SocketAddress remoteAddress, long bytes) {
    bytesWritten.increment(bytes);
  }

  @Override
  public Request requestBegin(Object connection, HttpRequest request) {
    requests.increment();
    return new Request(request.method());
  }

  /** Sub-routers name a route each; joined with '>' as Vert.x Micrometer does. */
  @Override
  public void requestRouted(Request r, String route) {
    if (route == null) return;
    r.route = r.route.isEmpty() ? route : r.route + '>' + route;
  }

  @Override
  public void requestReset(Request r) {
    resets.increment();
    finished(r);
  }

  @Override
  public void responseEnd(Request r, HttpResponse response, long bytesWritten) {
    long nanos = System.nanoTime() - r.start;
    Meters m = meters(new Key(r.method, r.route, response.statusCode()));
    m.count().increment();
    m.time().record(nanos, TimeUnit.NANOSECONDS);
    m.bytes().record(bytesWritten);
    finished(r);
  }

  private void finished(Request r) {
    if (r.done) return;
    r.done = true;
    requests.decrement();
  }

  private Meters meters(Key k) {
    Meters m = meters.get(k);
    return m != null ? m : meters.computeIfAbsent(k, this::register);
  }

  private Meters register(Key k) {
    String method = k.method().name();
    String code = Integer.toString(k.code());
    return new Meters(
        Counter.builder("vertx.http.server.requests").description("Number of processed requests")
            .tag("method", method).tag("route", k.route()).tag("code", code).register(registry),
        Timer.builder("vertx.http.server.response.time").description("Request processing time")
            .tag("method", method).tag("route", k.route()).tag("code", code).register(registry),
        DistributionSummary.builder("vertx.http.server.response.bytes")
            .description("Size of responses in bytes").baseUnit("bytes")
            .tag("method", method).tag("route", k.route()).tag("code", code).register(registry));
  }

  /** Micrometer's Vert.x metrics, each call passed on, but for the HTTP server's. */
  private static final class Factory implements VertxMetricsFactory {
    private final VertxMetricsFactory micrometer;
    private final MeterRegistry registry;

    Factory(VertxMetricsFactory micrometer, MeterRegistry registry) {
      this.micrometer = micrometer;
      this.registry = registry;
    }

    @Override
    public MetricsOptions newOptions() {
      return micrometer.newOptions();
    }

    @Override
    public MetricsOptions newOptions(MetricsOptions options) {
      return micrometer.newOptions(options);
    }

    @Override
    public MetricsOptions newOptions(JsonObject json) {
      return micrometer.newOptions(json);
    }

    @Override
    public VertxMetrics metrics(VertxOptions options) {
      return new Metrics(micrometer.metrics(options), new HttpMetrics(registry));
    }
  }

  private record Metrics(VertxMetrics vertx, HttpMetrics http) implements VertxMetrics {
    @Override
    public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions options,
                                                               SocketAddress localAddress) {
      return http;
    }

    @Override
    public EventBusMetrics createEventBusMetrics() {
      return vertx.createEventBusMetrics();
    }

    @Override
    public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remoteAddress, String type,
                                                      String namespace) {
      return vertx.createClientMetrics(remoteAddress, type, namespace);
    }

    @Override
    public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions options) {
      return vertx.createHttpClientMetrics(options);
    }

    @Override
    public TCPMetrics<?> createNetServerMetrics(NetServerOptions options, SocketAddress localAddress) {
      return vertx.createNetServerMetrics(options, localAddress);
    }

    @Override
    public TCPMetrics<?> createNetClientMetrics(NetClientOptions options) {
      return vertx.createNetClientMetrics(options);
    }

    @Override
    public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions options) {
      return vertx.createDatagramSocketMetrics(options);
    }

    @Override
    public PoolMetrics<?, ?> createPoolMetrics(String poolType, String poolName, int maxPoolSize) {
      return vertx.createPoolMetrics(poolType, poolName, maxPoolSize);
    }

    @Override
    public void vertxCreated(io.vertx.core.Vertx instance) {
      vertx.vertxCreated(instance);
    }

    @Override
    public boolean isMetricsEnabled() {
      return vertx.isMetricsEnabled();
    }

    @Override
    public void close() {
      vertx.close();
    }
  }
}
