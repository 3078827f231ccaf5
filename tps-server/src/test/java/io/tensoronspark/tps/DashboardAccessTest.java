package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.protocol.PushHeader;
import io.tensoronspark.tps.protocol.PushProgress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The dashboard's access: one-time login links, a session cookie for read-only pages only. */
@Timeout(60)
class DashboardAccessTest extends LiveTwoParamsServer {

  private static final List<String> READ_ONLY =
      List.of(
          "/dashboard",
          "/v1/status",
          "/v1/progress?since=0",
          "/",
          "/static/dashboard.js",
          "/static/uPlot.iife.min.js",
          "/static/uPlot.min.css");

  private final HttpClient browser =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  private HttpResponse<String> get(String path, String header, String value) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.endpoint().resolve(path)).GET();
    if (header != null) {
      request.header(header, value);
    }
    return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Logs in with {@code link}; returns the cookie header value to send back. */
  private String login(URI link) throws Exception {
    HttpResponse<String> answer =
        browser.send(
            HttpRequest.newBuilder(link).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(303, answer.statusCode());
    assertEquals("/dashboard", answer.headers().firstValue("Location").orElseThrow());
    String setCookie = answer.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(setCookie.startsWith("tps_dashboard="), setCookie);
    assertTrue(setCookie.contains("HttpOnly"), setCookie);
    assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
    return setCookie.substring(0, setCookie.indexOf(';'));
  }

  @Test
  void everyDashboardPathRefusesRequestsWithoutTokenOrCookie() throws Exception {
    for (String path : READ_ONLY) {
      assertEquals(401, get(path, null, null).statusCode(), path);
      assertEquals(401, get(path, "Cookie", "tps_dashboard=forged").statusCode(), path);
      assertEquals(200, get(path, "Authorization", bearer).statusCode(), path + " with the token");
    }
  }

  @Test
  void aLoginLinkWorksOnceAndItsCookieOpensTheReadOnlyPagesOnly() throws Exception {
    URI link = server.dashboardLoginUrl();
    String cookie = login(link);
    for (String path : READ_ONLY) {
      HttpResponse<String> page = get(path, "Cookie", cookie);
      assertEquals(200, page.statusCode(), path);
      if (!path.equals("/") && !path.equals("/v1/status")) { // the dashboard's own answers
        assertEquals(
            "nosniff", page.headers().firstValue("X-Content-Type-Options").orElse(""), path);
        assertTrue(
            page.headers().firstValue("Content-Security-Policy").orElse("").contains("'self'"),
            path);
      }
    }
    assertEquals(403, get(link.getRawPath() + "?" + link.getRawQuery(), null, null).statusCode());
    assertEquals(403, get("/login?key=guessed", null, null).statusCode());
    assertEquals(403, get("/login", null, null).statusCode());
    assertEquals(401, get("/v1/pull", "Cookie", cookie).statusCode(), "pull needs the token");
    HttpResponse<String> push =
        browser.send(
            HttpRequest.newBuilder(server.endpoint().resolve("/v1/push"))
                .header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[10]))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(401, push.statusCode(), "push needs the token");
    assertEquals(401, get("/v1/status", "Cookie", cookie + "x").statusCode());
  }

  @Test
  void progressJsonListsThePushesAndRefusesABadCursor() throws Exception {
    try (TpsClient client = client()) {
      float[][] merged = TwoParams.arrays();
      long base = client.pull(merged);
      client.pushAndPull(
          new PushHeader(0, 5, 0, base, new PushProgress(30, 3, 6.0)),
          TwoParams.filled(0.25f),
          merged);
    }
    HttpResponse<String> json = get("/v1/progress?since=0", "Authorization", bearer);
    assertEquals("application/json", json.headers().firstValue("Content-Type").orElse(""));
    String body = json.body();
    assertTrue(body.startsWith("{\"recorded\":1,\"capacity\":4096,"), body);
    assertTrue(body.contains("\"samples\":30"), body);
    assertTrue(body.contains("\"lossSum\":6.0"), body);
    assertTrue(
        get("/v1/progress?since=1", "Authorization", bearer).body().endsWith("\"records\":[]}"));
    HttpResponse<String> bad = get("/v1/progress?since=x", "Authorization", bearer);
    assertEquals(400, bad.statusCode());
    assertEquals("since must be a push index (a whole number), e.g. since=0\n", bad.body());
  }
}
