package io.tensoronspark.tps.server;

import io.tensoronspark.tps.protocol.ErrorCode;
import io.tensoronspark.tps.protocol.HttpProtocol;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.util.Map;

/**
 * Last link of the chain: sends each path to its handler, answering 404 for unknown paths and 405
 * for a wrong method. Immutable; thread-safe.
 */
final class RouteHandler implements HttpHandler {

  private final HttpHandler push;
  private final HttpHandler pull;
  private final HttpHandler status;
  private final HttpHandler page;
  private final Map<String, HttpHandler> gets;
  private final HttpHandler staticFiles;

  /** Routes to the four endpoint handlers. */
  public RouteHandler(HttpHandler push, HttpHandler pull, HttpHandler status, HttpHandler page) {
    this(push, pull, status, page, Map.of(), null);
  }

  /**
   * Routes to the four endpoint handlers, the further GET endpoints {@code gets} (path to handler)
   * and, when not null, {@code staticFiles} for paths under {@link HttpProtocol#STATIC_PREFIX}.
   */
  public RouteHandler(
      HttpHandler push,
      HttpHandler pull,
      HttpHandler status,
      HttpHandler page,
      Map<String, HttpHandler> gets,
      HttpHandler staticFiles) {
    this.push = push;
    this.pull = pull;
    this.status = status;
    this.page = page;
    this.gets = Map.copyOf(gets);
    this.staticFiles = staticFiles;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    switch (exchange.getRequestPath()) {
      case HttpProtocol.PUSH_PATH:
        dispatch(exchange, Methods.POST, push);
        break;
      case HttpProtocol.PULL_PATH:
        dispatch(exchange, Methods.GET, pull);
        break;
      case HttpProtocol.STATUS_PATH:
        dispatch(exchange, Methods.GET, status);
        break;
      case HttpProtocol.PAGE_PATH:
        dispatch(exchange, Methods.GET, page);
        break;
      default:
        String path = exchange.getRequestPath();
        HttpHandler get = gets.get(path);
        if (get == null && staticFiles != null && path.startsWith(HttpProtocol.STATIC_PREFIX)) {
          get = staticFiles;
        }
        if (get != null) {
          dispatch(exchange, Methods.GET, get);
          return;
        }
        ErrorReply.send(exchange, 404, ErrorCode.NOT_FOUND, "no such path: " + path);
    }
  }

  private static void dispatch(HttpServerExchange exchange, HttpString method, HttpHandler handler)
      throws Exception {
    if (!exchange.getRequestMethod().equals(method)) {
      exchange.getResponseHeaders().put(Headers.ALLOW, method.toString());
      ErrorReply.send(
          exchange,
          405,
          ErrorCode.METHOD,
          exchange.getRequestMethod()
              + " not allowed on "
              + exchange.getRequestPath()
              + "; use "
              + method);
      return;
    }
    handler.handleRequest(exchange);
  }
}
