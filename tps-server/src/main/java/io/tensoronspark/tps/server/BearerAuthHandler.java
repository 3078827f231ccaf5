package io.tensoronspark.tps.server;

import io.tensoronspark.tps.wire.HttpProtocol;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First link of the chain: lets a request through only when its {@code Authorization: Bearer
 * <token>} matches the run's token, compared in constant time ({@link MessageDigest#isEqual}, whose
 * time depends on the expected token's length only); anything else is answered 401 before the body
 * is read. Immutable; thread-safe.
 */
public final class BearerAuthHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(BearerAuthHandler.class);

  private final byte[] expected;
  private final TpsCounters counters;
  private final HttpHandler next;

  /** Guards {@code next} with {@code token}. */
  public BearerAuthHandler(String token, TpsCounters counters, HttpHandler next) {
    this.expected = token.getBytes(StandardCharsets.UTF_8);
    this.counters = counters;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String header = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
    byte[] presented =
        header != null && header.startsWith(HttpProtocol.BEARER_PREFIX)
            ? header.substring(HttpProtocol.BEARER_PREFIX.length()).getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    if (!MessageDigest.isEqual(expected, presented)) {
      counters.authFailure();
      LOG.warn(
          "refused {} {} from {}: {} bearer token",
          exchange.getRequestMethod(),
          exchange.getRequestPath(),
          exchange.getSourceAddress(),
          header == null ? "missing" : "wrong");
      exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
      ErrorReply.send(exchange, 401, "unauthorized", "missing or wrong bearer token");
      return;
    }
    next.handleRequest(exchange);
  }
}
