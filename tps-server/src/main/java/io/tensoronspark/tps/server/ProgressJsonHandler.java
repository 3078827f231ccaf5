package io.tensoronspark.tps.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tensoronspark.tps.protocol.ErrorCode;
import io.tensoronspark.tps.protocol.HttpProtocol;
import io.tensoronspark.tps.protocol.PushLog;
import io.tensoronspark.tps.protocol.PushRecord;
import io.tensoronspark.tps.protocol.PushTotals;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Deque;
import java.util.List;

/**
 * GET /v1/progress?since=N: the {@link PushLog}'s pushes from index N on (those still in its
 * history), its totals and the staleness buckets' labels, as JSON. The dashboard polls it with the
 * index after the last push it has. Immutable; thread-safe.
 */
final class ProgressJsonHandler implements HttpHandler {

  /** What the endpoint answers. */
  record Progress(
      long recorded,
      int capacity,
      List<String> stalenessBuckets,
      PushTotals totals,
      List<PushRecord> records) {}

  private final PushLog log;
  private final ObjectMapper mapper = new ObjectMapper();

  ProgressJsonHandler(PushLog log) {
    this.log = log;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    long since;
    Deque<String> param = exchange.getQueryParameters().get(HttpProtocol.PROGRESS_SINCE_PARAM);
    try {
      since = param == null ? 0 : Long.parseLong(param.peekFirst());
    } catch (NumberFormatException e) {
      ErrorReply.send(
          exchange,
          400,
          ErrorCode.BAD_REQUEST,
          "since must be a push index (a whole number), e.g. since=0");
      return;
    }
    // totals first: the records then reach at least as far as the totals count
    PushTotals totals = log.totals();
    List<PushRecord> records = log.since(since);
    long recorded =
        records.isEmpty()
            ? Math.min(Math.max(0, since), log.recorded())
            : records.get(records.size() - 1).index() + 1;
    String json =
        mapper.writeValueAsString(
            new Progress(recorded, log.capacity(), PushLog.STALENESS_BUCKETS, totals, records));
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    StaticResources.securityHeaders(exchange);
    exchange.getResponseSender().send(json);
  }
}
