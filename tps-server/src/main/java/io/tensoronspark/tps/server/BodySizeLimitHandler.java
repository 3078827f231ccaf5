package io.tensoronspark.tps.server;

import io.tensoronspark.tps.protocol.ErrorCode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

/**
 * Second link of the chain: reads the declared Content-Length itself, strictly (decimal digits, one
 * value, below 2^63), and answers 400 naming what came when it is malformed: Undertow's own parse,
 * reached through {@link HttpServerExchange#getRequestContentLength}, throws on a length it cannot
 * hold and the request ends in a 500 and a stack trace. A length over the largest valid frame is
 * answered 413. Either way the connection is closed, so the unread body is not drained. A chunked
 * body (no declared length) that grows past the limit is refused with 413 by the push handler's
 * body reader, whose buffer holds exactly the largest valid frame (see {@link HttpEndpoint} for why
 * Undertow's own limit sits well above). Immutable; thread-safe.
 */
final class BodySizeLimitHandler implements HttpHandler {

  private static final int MAX_QUOTED_CHARS = 40;

  private final long maxBodyBytes;
  private final TpsCounters counters;
  private final HttpHandler next;

  /** Limits bodies to {@code maxBodyBytes} before {@code next}. */
  public BodySizeLimitHandler(long maxBodyBytes, TpsCounters counters, HttpHandler next) {
    this.maxBodyBytes = maxBodyBytes;
    this.counters = counters;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    HeaderValues lengths = exchange.getRequestHeaders().get(Headers.CONTENT_LENGTH);
    if (lengths == null || lengths.isEmpty()) {
      next.handleRequest(exchange);
      return;
    }
    long declared = lengths.size() == 1 ? parse(lengths.getFirst()) : -1;
    if (declared < 0) {
      refuse(
          exchange,
          400,
          ErrorCode.MALFORMED,
          "Content-Length must be one decimal byte count below 2^63, got '"
              + LogText.escape(String.join(",", lengths), MAX_QUOTED_CHARS)
              + "'");
      return;
    }
    if (declared > maxBodyBytes) {
      refuse(
          exchange,
          413,
          ErrorCode.TOO_LARGE,
          "body of "
              + declared
              + " bytes exceeds the limit of "
              + maxBodyBytes
              + " bytes set by the registered parameter sizes");
      return;
    }
    next.handleRequest(exchange);
  }

  /** The value as a byte count, or -1 when it is not one (empty, signs, non-digits, >= 2^63). */
  static long parse(String value) {
    if (value.isEmpty() || value.length() > 19) {
      return -1;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void refuse(HttpServerExchange exchange, int status, ErrorCode code, String reason) {
    counters.pushRejected();
    exchange.setPersistent(false);
    ErrorReply.send(exchange, status, code, reason);
  }
}
