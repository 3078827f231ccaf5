package io.tensoronspark.tps.server;

import io.tensoronspark.tps.protocol.ErrorCode;
import io.tensoronspark.tps.protocol.HttpProtocol;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.util.Deque;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain's first link: serves {@code GET /login?key=K} (a one-time key from {@link
 * DashboardAccess} becomes an HttpOnly, SameSite=Strict session cookie and a redirect to the
 * dashboard), lets a GET of a read-only page ({@link #READ_ONLY_PATHS}, {@code /static/*}) with a
 * valid session cookie through without the bearer token, and hands everything else to the bearer
 * check. Push and pull always need the token. Immutable; thread-safe.
 */
final class DashboardAuthHandler implements HttpHandler {

  /** The pages a dashboard cookie opens (GET only). */
  static final Set<String> READ_ONLY_PATHS =
      Set.of(
          HttpProtocol.PAGE_PATH,
          HttpProtocol.STATUS_PATH,
          HttpProtocol.PROGRESS_PATH,
          HttpProtocol.DASHBOARD_PATH);

  private static final Logger LOG = LoggerFactory.getLogger(DashboardAuthHandler.class);

  private final DashboardAccess access;
  private final TpsCounters counters;
  private final HttpHandler withToken;
  private final HttpHandler authorized;

  /**
   * @param withToken the bearer check, in front of {@code authorized}
   * @param authorized what comes after the bearer check
   */
  DashboardAuthHandler(
      DashboardAccess access, TpsCounters counters, HttpHandler withToken, HttpHandler authorized) {
    this.access = access;
    this.counters = counters;
    this.withToken = withToken;
    this.authorized = authorized;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    String path = exchange.getRequestPath();
    boolean get = exchange.getRequestMethod().equals(Methods.GET);
    if (get && HttpProtocol.LOGIN_PATH.equals(path)) {
      login(exchange);
      return;
    }
    if (get && readOnly(path) && access.isSession(cookie(exchange))) {
      authorized.handleRequest(exchange);
      return;
    }
    withToken.handleRequest(exchange);
  }

  private static boolean readOnly(String path) {
    return READ_ONLY_PATHS.contains(path) || path.startsWith(HttpProtocol.STATIC_PREFIX);
  }

  private static String cookie(HttpServerExchange exchange) {
    Cookie cookie = exchange.getRequestCookie(DashboardAccess.COOKIE);
    return cookie == null ? null : cookie.getValue();
  }

  private void login(HttpServerExchange exchange) {
    Deque<String> keys = exchange.getQueryParameters().get(HttpProtocol.LOGIN_KEY_PARAM);
    String session = access.exchange(keys == null ? null : keys.peekFirst());
    if (session == null) {
      counters.authFailure();
      LOG.warn(
          "refused a dashboard login from {}: unknown or used key", exchange.getSourceAddress());
      ErrorReply.send(
          exchange,
          403,
          ErrorCode.LOGIN_REFUSED,
          "this login link is unknown, used or expired; ask the driver for a new one");
      return;
    }
    exchange.setResponseCookie(
        new CookieImpl(DashboardAccess.COOKIE, session)
            .setHttpOnly(true)
            .setSameSiteMode("Strict")
            .setSecure(exchange.isSecure())
            .setPath("/"));
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
    exchange.getResponseHeaders().put(Headers.LOCATION, HttpProtocol.DASHBOARD_PATH);
    exchange.setStatusCode(303);
    exchange.endExchange();
  }
}
