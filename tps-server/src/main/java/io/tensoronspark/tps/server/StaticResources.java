package io.tensoronspark.tps.server;

import io.tensoronspark.tps.protocol.ErrorCode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The dashboard's files, read from the class path once at start: its page, script and style, and
 * the uPlot chart library the build vendors into the jar (the {@code org.webjars.npm:uplot}
 * dependency; its version comes from the WebJar's own {@code pom.properties}). Served with a
 * content security policy that allows scripts, styles and requests from this server only, so the
 * page needs no internet and runs nothing injected. Immutable; thread-safe.
 */
final class StaticResources {

  /** The policy sent with every dashboard file. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self';"
          + " frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

  private static final String OWN = "/io/tensoronspark/tps/dashboard/";
  private static final String UPLOT_POM = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";

  private record Resource(byte[] bytes, String contentType) {}

  private final Map<String, Resource> byName = new HashMap<>();

  StaticResources() {
    String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    add("dashboard.html", OWN + "dashboard.html", "text/html; charset=utf-8");
    add("dashboard.js", OWN + "dashboard.js", "text/javascript; charset=utf-8");
    add("dashboard.css", OWN + "dashboard.css", "text/css; charset=utf-8");
    add("uPlot.iife.min.js", uplot + "uPlot.iife.min.js", "text/javascript; charset=utf-8");
    add("uPlot.min.css", uplot + "uPlot.min.css", "text/css; charset=utf-8");
  }

  private static String uplotVersion() {
    Properties pom = new Properties();
    try (InputStream in = open(UPLOT_POM)) {
      pom.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + UPLOT_POM, e);
    }
    return pom.getProperty("version");
  }

  private static InputStream open(String path) {
    InputStream in = StaticResources.class.getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException(
          "dashboard resource " + path + " is missing from the class path (a broken build?)");
    }
    return in;
  }

  private void add(String name, String path, String contentType) {
    try (InputStream in = open(path)) {
      byName.put(name, new Resource(in.readAllBytes(), contentType));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dashboard resource " + path, e);
    }
  }

  /** A handler serving the resource {@code name}. */
  HttpHandler handler(String name) {
    Resource resource = byName.get(name);
    if (resource == null) {
      throw new IllegalArgumentException("no dashboard resource " + name);
    }
    return exchange -> send(exchange, resource);
  }

  /** Serves {@code /static/<name>}, or 404. */
  HttpHandler staticFiles(String prefix) {
    return exchange -> {
      Resource resource = byName.get(exchange.getRequestPath().substring(prefix.length()));
      if (resource == null) {
        ErrorReply.send(
            exchange, 404, ErrorCode.NOT_FOUND, "no such file: " + exchange.getRequestPath());
        return;
      }
      send(exchange, resource);
    };
  }

  private static void send(HttpServerExchange exchange, Resource resource) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, resource.contentType());
    securityHeaders(exchange);
    exchange.getResponseSender().send(ByteBuffer.wrap(resource.bytes()));
  }

  /** The headers every dashboard answer carries. */
  static void securityHeaders(HttpServerExchange exchange) {
    exchange
        .getResponseHeaders()
        .put(new HttpString("Content-Security-Policy"), CONTENT_SECURITY_POLICY)
        .put(new HttpString("X-Content-Type-Options"), "nosniff")
        .put(new HttpString("Referrer-Policy"), "no-referrer")
        .put(Headers.CACHE_CONTROL, "no-store");
  }
}
