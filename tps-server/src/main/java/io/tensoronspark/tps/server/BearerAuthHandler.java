package io.tensoronspark.tps.server;

import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.ErrorCode;
import io.tensoronspark.tps.protocol.HttpProtocol;
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
 * is read. What an unauthenticated client sent (method, path) is logged only escaped and cut
 * ({@link LogText}), at most {@link TpsServerConfig#UNAUTHENTICATED_LOG_LINES_PER_MINUTE} lines a
 * minute, the rest counted ({@link RefusalLog}; every refusal counts in {@code authFailures}).
 * Thread-safe.
 */
final class BearerAuthHandler implements HttpHandler {

  private static final Logger LOG = LoggerFactory.getLogger(BearerAuthHandler.class);
  private static final int MAX_LOGGED_METHOD_CHARS = 16;

  private final byte[] expected;
  private final TpsCounters counters;
  private final HttpHandler next;
  private final RefusalLog refusals =
      new RefusalLog(TpsServerConfig.UNAUTHENTICATED_LOG_LINES_PER_MINUTE);

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
      if (refusals.admit()) {
        long notLogged = refusals.takeNotLogged();
        LOG.warn(
            "refused {} {} from {}: {} bearer token{}",
            LogText.escape(exchange.getRequestMethod().toString(), MAX_LOGGED_METHOD_CHARS),
            LogText.escape(exchange.getRequestPath(), TpsServerConfig.MAX_LOGGED_PATH_CHARS),
            exchange.getSourceAddress(),
            header == null ? "missing" : "wrong",
            notLogged == 0 ? "" : " (" + notLogged + " more refused requests not logged)");
      }
      exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
      ErrorReply.send(exchange, 401, ErrorCode.UNAUTHORIZED, "missing or wrong bearer token");
      return;
    }
    next.handleRequest(exchange);
  }
}
