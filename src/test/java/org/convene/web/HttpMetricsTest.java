package org.convene.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import org.junit.jupiter.api.Test;

class HttpMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final HttpMetrics metrics = new HttpMetrics(registry);

  @Test
  void countsEachMethodRouteAndStatusInOneSeries() {
    for (int i = 0; i < 3; i++) answer(HttpMethod.GET, 200, "/e/:event");
    answer(HttpMethod.GET, 304);
    answer(HttpMethod.POST, 303, "/organize", "/g/:group");

    assertEquals(3.0, count("GET", "/e/:event", "200"));
    assertEquals(3L, registry.get("vertx.http.server.response.time")
        .tags("method", "GET", "route", "/e/:event", "code", "200").timer().count());
    assertEquals(1.0, count("GET", "", "304"), "an answer no route gave (a shortcut)");
    assertEquals(1.0, count("POST", "/organize>/g/:group", "303"), "sub-routers joined as Vert.x does");
    assertEquals(0.0, registry.get("vertx.http.server.active.requests").gauge().value());
  }

  @Test
  void aResetRequestIsCountedOnceAndNoLongerActive() {
    HttpMetrics.Request r = metrics.requestBegin(null, request(HttpMethod.GET));
    assertEquals(1.0, registry.get("vertx.http.server.active.requests").gauge().value());
    metrics.requestReset(r);
    metrics.requestReset(r);
    assertEquals(0.0, registry.get("vertx.http.server.active.requests").gauge().value());
    assertEquals(2.0, registry.get("vertx.http.server.request.resets").counter().count());
  }

  @Test
  void connectionsAndBytes() {
    Object c = metrics.connected(null, null);
    metrics.bytesRead(c, null, 120);
    metrics.bytesWritten(c, null, 800);
    assertEquals(1.0, registry.get("vertx.http.server.active.connections").gauge().value());
    metrics.disconnected(c, null);
    assertEquals(0.0, registry.get("vertx.http.server.active.connections").gauge().value());
    assertEquals(120.0, registry.get("vertx.http.server.bytes.read").counter().count());
    assertEquals(800.0, registry.get("vertx.http.server.bytes.written").counter().count());
  }

  @Test
  void aSecondRequestReusesTheMeters() {
    answer(HttpMethod.GET, 200, "/");
    var first = registry.get("vertx.http.server.requests").tags("route", "/").counter();
    answer(HttpMethod.GET, 200, "/");
    assertSame(first, registry.get("vertx.http.server.requests").tags("route", "/").counter());
    assertEquals(2.0, first.count());
  }

  @Test
  void oneRouteKeepsASeriesPerMethodAndStatusEvenForAMethodMadeAnewEachTime() {
    answer(HttpMethod.GET, 200, "/e/:event");
    answer(HttpMethod.HEAD, 200, "/e/:event");
    answer(HttpMethod.GET, 404, "/e/:event");
    answer(HttpMethod.valueOf("REPORT"), 207, "/e/:event");
    answer(HttpMethod.valueOf("REPORT"), 207, "/e/:event");
    answer(HttpMethod.GET, 200, "/e/:event");

    assertEquals(2.0, count("GET", "/e/:event", "200"));
    assertEquals(1.0, count("HEAD", "/e/:event", "200"));
    assertEquals(1.0, count("GET", "/e/:event", "404"));
    assertEquals(2.0, count("REPORT", "/e/:event", "207"));
    assertEquals(4, registry.get("vertx.http.server.requests").counters().size());
  }

  private double count(String method, String route, String code) {
    return registry.get("vertx.http.server.requests")
        .tags("method", method, "route", route, "code", code).counter().count();
  }

  private void answer(HttpMethod method, int status, String... routes) {
    HttpMetrics.Request r = metrics.requestBegin(null, request(method));
    for (String route : routes) metrics.requestRouted(r, route);
    metrics.responseEnd(r, response(status), 10);
  }

  private static HttpResponse response(int status) {
    return new HttpResponse() {
      @Override public int statusCode() { return status; }
      @Override public MultiMap headers() { return MultiMap.caseInsensitiveMultiMap(); }
    };
  }

  private static HttpRequest request(HttpMethod method) {
    return new HttpRequest() {
      @Override public int id() { return 1; }
      @Override public String uri() { return "/x"; }
      @Override public String absoluteURI() { return "http://localhost/x"; }
      @Override public HttpMethod method() { return method; }
      @Override public MultiMap headers() { return MultiMap.caseInsensitiveMultiMap(); }
      @Override public SocketAddress remoteAddress() { return null; }
    };
  }
}
