package io.tensoronspark.tps.server;

import io.tensoronspark.tps.protocol.ErrorCode;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.HttpContinueReadHandler;
import io.undertow.util.Headers;

/**
 * Answers the {@code Expect} header: a request expecting {@code 100-continue} gets its interim 100
 * when the handler starts reading the body (Undertow's {@link HttpContinueReadHandler}), so it
 * comes only after the token and the declared length passed and a request slot was free; a request
 * refused before reading gets its final answer instead and never sends the body. Any other
 * expectation is answered 417 and the connection closed. Immutable; thread-safe.
 */
final class ExpectHandler implements HttpHandler {

  private static final String CONTINUE = "100-continue";

  private final HttpHandler expectingContinue;
  private final HttpHandler next;

  ExpectHandler(HttpHandler next) {
    this.next = next;
    this.expectingContinue = new HttpContinueReadHandler(next);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String expect = exchange.getRequestHeaders().getFirst(Headers.EXPECT);
    if (expect == null) {
      next.handleRequest(exchange);
    } else if (CONTINUE.equalsIgnoreCase(expect.trim())) {
      expectingContinue.handleRequest(exchange);
    } else {
      exchange.setPersistent(false);
      ErrorReply.send(
          exchange,
          417,
          ErrorCode.EXPECTATION_FAILED,
          "only 'Expect: " + CONTINUE + "' is supported, got '" + LogText.escape(expect, 40) + "'");
    }
  }
}
