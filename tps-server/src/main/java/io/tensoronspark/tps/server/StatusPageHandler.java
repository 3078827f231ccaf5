package io.tensoronspark.tps.server;

import io.tensoronspark.tps.protocol.TpsStats;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * GET /: a small HTML page with the {@link StatusReport}. Every text is HTML-escaped. Immutable;
 * thread-safe.
 */
final class StatusPageHandler implements HttpHandler {

  private final Supplier<StatusReport> status;

  StatusPageHandler(Supplier<StatusReport> status) {
    this.status = status;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
    exchange.getResponseSender().send(render(status.get()));
  }

  static String render(StatusReport report) {
    StringBuilder html = new StringBuilder(1024);
    html.append(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>TPS status</title></head><body>")
        .append("<h1>Tensor Parameter Server</h1><table>");
    row(html, "version", report.version());
    row(html, "run id", report.runId());
    row(html, "workers", report.workerCount());
    row(html, "combiner", report.combiner());
    row(html, "max body bytes", report.maxBodyBytes());
    TpsStats stats = report.stats();
    row(html, "pushes applied", stats.pushesApplied());
    row(html, "pushes duplicate", stats.pushesDuplicate());
    row(html, "pushes rejected", stats.pushesRejected());
    row(html, "pushes superseded", stats.pushesSuperseded());
    row(html, "pulls", stats.pulls());
    row(html, "pulls superseded", stats.pullsSuperseded());
    row(html, "bytes in", stats.bytesIn());
    row(html, "bytes out", stats.bytesOut());
    row(html, "merge ms", stats.mergeNanos() / 1_000_000);
    html.append(
        "</table><h2>Parameters</h2><table><tr><th>name</th><th>shape</th><th>size</th></tr>");
    for (StatusReport.Param p : report.params()) {
      html.append("<tr><td>")
          .append(escape(p.name()))
          .append("</td><td>")
          .append(Arrays.toString(p.shape()))
          .append("</td><td>")
          .append(p.size())
          .append("</td></tr>");
    }
    return html.append("</table></body></html>").toString();
  }

  private static void row(StringBuilder html, String name, Object value) {
    html.append("<tr><th>")
        .append(name)
        .append("</th><td>")
        .append(escape(String.valueOf(value)))
        .append("</td></tr>");
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
