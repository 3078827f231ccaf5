package io.tensoronspark.tps.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.function.Supplier;

/**
 * GET /v1/status: the {@link StatusReport} as JSON. Immutable; thread-safe (ObjectMapper is, once
 * configured).
 */
final class StatusJsonHandler implements HttpHandler {

  private final Supplier<StatusReport> status;
  private final ObjectMapper mapper = new ObjectMapper();

  StatusJsonHandler(Supplier<StatusReport> status) {
    this.status = status;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws JsonProcessingException {
    String json = mapper.writeValueAsString(status.get());
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseSender().send(json);
  }
}
