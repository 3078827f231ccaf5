package io.tensoronspark.tps.server;

import io.tensoronspark.tps.protocol.ErrorCode;
import io.tensoronspark.tps.protocol.HttpProtocol;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

/**
 * Sends an error answer: a status, a short code in {@code X-TPS-Error} and one line of text. Never
 * a stack trace. Stateless; call from the thread handling the exchange.
 */
final class ErrorReply {

  private static final HttpString ERROR_CODE = new HttpString(HttpProtocol.ERROR_CODE_HEADER);
  private static final int MAX_REASON_CHARS = 400;

  private ErrorReply() {}

  static void send(HttpServerExchange exchange, int status, ErrorCode code, String reason) {
    if (exchange.isComplete()) {
      return; // the connection went away first: nobody to answer
    }
    if (exchange.isResponseStarted()) {
      exchange.setPersistent(false);
      exchange.endExchange();
      return;
    }
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
    exchange.getResponseHeaders().put(ERROR_CODE, code.wire());
    exchange.getResponseSender().send(oneLine(reason) + "\n");
  }

  /** The reason without line breaks, shortened to a bounded length. */
  static String oneLine(String reason) {
    String line = reason == null ? "" : reason.replaceAll("[\\r\\n]+", " ");
    return line.length() <= MAX_REASON_CHARS ? line : line.substring(0, MAX_REASON_CHARS) + "...";
  }
}
