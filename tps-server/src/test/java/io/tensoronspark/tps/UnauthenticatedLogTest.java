package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.config.TpsServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Requests without the token whose paths carry CR/LF, NUL and 20,000 characters: the server log
 * (captured from the real SLF4J output) gets each path only escaped and cut, no forged line and no
 * NUL, and at most the rate limit's lines however many requests come; every refusal is counted.
 */
@Timeout(60)
class UnauthenticatedLogTest {

  private static final int REQUESTS = 200;

  @Test
  void refusedPathsAreLoggedEscapedCutAndRateLimited() throws Exception {
    String padding = "a".repeat(20_000);
    String path = "/v1/x%0d%0a2026-12-01%20FORGED%20WARN%20admin%20logged%20in%00" + padding;
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (TpsServer server =
        TpsServer.start(TpsServerConfig.builder().build(), TwoParams.SPECS, TwoParams.initial())) {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      try {
        for (int i = 0; i < REQUESTS; i++) {
          String answer =
              RawHttp.roundTrip(
                  server, "GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
          assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
        }
      } finally {
        System.setErr(original);
      }
      assertEquals(REQUESTS, server.stats().authFailures());
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    List<String> lines = Arrays.asList(log.split("\n"));
    List<String> refused = lines.stream().filter(l -> l.contains("refused GET")).toList();
    assertFalse(refused.isEmpty(), log);
    assertTrue(
        refused.size() <= TpsServerConfig.UNAUTHENTICATED_LOG_LINES_PER_MINUTE,
        refused.size() + " lines");
    for (String line : lines) {
      assertFalse(line.contains("FORGED") && !line.contains("refused GET"), "forged line: " + line);
      assertFalse(line.contains("\0") || line.contains("\r"), "raw control characters: " + line);
      assertTrue(line.length() < 1_000, "a line of " + line.length() + " chars");
    }
    assertTrue(refused.get(0).contains("/v1/x\\r\\n2026-12-01 FORGED"), refused.get(0));
    assertTrue(refused.get(0).contains("\\x00aaa"), refused.get(0));
    assertTrue(log.length() < 20_000, "the log grew by " + log.length() + " chars");
  }
}
