package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.HttpProtocol;
import io.tensoronspark.tps.protocol.PushHeader;
import io.tensoronspark.tps.protocol.TpsException;
import io.tensoronspark.tps.wire.FrameFormat;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Forged attempt ids and sequences, sent as raw requests by a token holder: with launched attempts
 * required, an attempt the host did not register cannot claim a partition (so a pull as attempt
 * 2^63-1 cannot lock Spark's retries out) nor push; a push naming another partition's attempt id
 * cannot make that partition's pushes "duplicates"; negative and far-future sequences are refused.
 * Every refusal is a 4xx naming what was wrong, never a silent 200.
 */
@Timeout(60)
class ForgedAttemptsTest {

  private static final int VICTIM_PARTITION = 0;
  private static final long VICTIM_ATTEMPT = 5;

  private TpsServer server;

  @AfterEach
  void stop() {
    server.close();
  }

  private RawHttp start(boolean requireLaunched) {
    server =
        TpsServer.start(
            TpsServerConfig.builder()
                .requireLaunchedAttempts(requireLaunched)
                .launchRegistrationWaitMillis(200)
                .build(),
            TwoParams.SPECS,
            TwoParams.initial());
    server.registerLaunchedAttempt(VICTIM_PARTITION, VICTIM_ATTEMPT);
    return new RawHttp(server.endpoint());
  }

  private String bearer() {
    return "Bearer " + server.token();
  }

  private HttpResponse<byte[]> push(RawHttp http, int worker, long attempt, long sequence)
      throws Exception {
    return http.post(
        HttpProtocol.PUSH_PATH,
        bearer(),
        TwoParams.pushFrame(
            server.runId(), worker, attempt, sequence, server.version(), TwoParams.filled(1f)));
  }

  private static void assertRefused(HttpResponse<byte[]> response, int status, String reason) {
    assertEquals(status, response.statusCode(), RawHttp.text(response));
    assertTrue(RawHttp.text(response).contains(reason), RawHttp.text(response));
  }

  private static void assertMerged(HttpResponse<byte[]> response) {
    assertEquals(200, response.statusCode(), RawHttp.text(response));
    short flags = ByteBuffer.wrap(response.body()).order(ByteOrder.LITTLE_ENDIAN).getShort(6);
    assertEquals(0, flags & FrameFormat.FLAG_DUPLICATE, "merged, not answered as a duplicate");
  }

  @Test
  void aPullAsAnUnlaunchedAttemptCannotLockThePartitionOut() throws Exception {
    RawHttp http = start(true);
    HttpResponse<byte[]> forged =
        http.get(
            HttpProtocol.PULL_PATH + "?worker=" + VICTIM_PARTITION + "&attempt=" + Long.MAX_VALUE,
            bearer());
    assertRefused(forged, 409, "task attempt 9223372036854775807 was not launched for partition 0");
    assertEquals("unknown-attempt", forged.headers().firstValue("X-TPS-Error").orElse(""));
    try (TpsClient client = new TpsClient(server.clientConfig().build(), TwoParams.SPECS)) {
      assertEquals(0, client.pull(VICTIM_PARTITION, VICTIM_ATTEMPT, TwoParams.arrays()));
      assertEquals(
          1,
          client.pushAndPull(
              new PushHeader(VICTIM_PARTITION, VICTIM_ATTEMPT, 0, 0),
              TwoParams.filled(1f),
              TwoParams.arrays()));
      TpsException unknown =
          assertThrows(
              TpsException.class,
              () ->
                  client.pushAndPull(
                      new PushHeader(VICTIM_PARTITION, 6, 0, 1),
                      TwoParams.filled(1f),
                      TwoParams.arrays()));
      assertEquals(409, unknown.statusCode());
      assertTrue(unknown.getMessage().contains("unknown attempt"), unknown.getMessage());
    }
    assertRefused(push(http, 1, VICTIM_ATTEMPT, 0), 409, "not launched for partition 1");
    assertEquals(1, server.version());
  }

  @Test
  void anAttemptRegisteredLateIsAdmittedWhileItsPullWaits() throws Exception {
    start(true);
    try (TpsClient client = new TpsClient(server.clientConfig().build(), TwoParams.SPECS)) {
      server.registerLaunchedAttempt(3, 77); // the listener's registration, before the wait ends
      assertEquals(0, client.pull(3, 77, TwoParams.arrays()));
    }
  }

  @Test
  void anotherPartitionsAttemptIdCannotMakeItsPushesDuplicates() throws Exception {
    RawHttp http = start(false); // even without launch registration
    assertRefused(push(http, 1, VICTIM_ATTEMPT, Long.MAX_VALUE), 400, "more than 65536 past");
    assertMerged(push(http, 1, VICTIM_ATTEMPT, 100)); // a forged key of its own
    assertMerged(push(http, VICTIM_PARTITION, VICTIM_ATTEMPT, 0));
    assertMerged(push(http, VICTIM_PARTITION, VICTIM_ATTEMPT, 1));
    assertEquals(3, server.version());
  }

  @Test
  void negativeAndFarFutureSequencesAreRefused() throws Exception {
    RawHttp http = start(true);
    assertRefused(push(http, VICTIM_PARTITION, VICTIM_ATTEMPT, -1), 400, "sequence must be >= 0");
    assertRefused(
        push(http, VICTIM_PARTITION, VICTIM_ATTEMPT, TpsServerConfig.MAX_SEQUENCE_GAP),
        400,
        "past its highest applied sequence -1");
    assertMerged(push(http, VICTIM_PARTITION, VICTIM_ATTEMPT, 0));
    assertRefused(
        push(http, VICTIM_PARTITION, VICTIM_ATTEMPT, TpsServerConfig.MAX_SEQUENCE_GAP + 1),
        400,
        "past its highest applied sequence 0");
    assertMerged(push(http, VICTIM_PARTITION, VICTIM_ATTEMPT, TpsServerConfig.MAX_SEQUENCE_GAP));
    assertEquals(2, server.version());
  }
}
