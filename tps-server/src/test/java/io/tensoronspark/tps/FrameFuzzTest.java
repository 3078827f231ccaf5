package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.client.PushFrameEncoder;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.HttpProtocol;
import io.tensoronspark.tps.protocol.ParameterSnapshot;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import io.tensoronspark.tps.wire.FrameFormat;
import io.tensoronspark.tps.wire.FrameHeader;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Sends 10,000 random and mutated frames to a live server. Every frame derives from a push of
 * attempt {@link #ATTEMPT}, whose highest allowed first sequence was applied first, and mutations
 * never touch the worker, attempt and sequence fields: so a mutated frame that is still valid is a
 * duplicate (200, not merged) and anything else must be refused with a 4xx. The state must not
 * change at all, and the server must keep answering.
 */
class FrameFuzzTest {

  private static final long SEED = 20_240_611L;
  private static final int FRAMES = 10_000;
  private static final long ATTEMPT = 777;
  private static final int IDENTITY_FROM = 16;
  private static final int IDENTITY_TO = 36;
  private static final List<ParameterSpec> SPECS =
      List.of(new ParameterSpec("w", new long[] {10, 5}), new ParameterSpec("b", new long[] {3}));

  @Test
  @Timeout(120)
  void mutatedFramesNeverCause5xxNorChangeState() throws Exception {
    try (TpsServer server =
        TpsServer.start(
            TpsServerConfig.builder().build(), SPECS, List.of(new float[50], new float[3]))) {
      RawHttp http = new RawHttp(server.endpoint());
      String bearer = "Bearer " + server.token();
      Random random = new Random(SEED);
      byte[][] bases = baseFrames(server.runId(), random);
      assertEquals(
          200,
          http.post(
                  HttpProtocol.PUSH_PATH,
                  bearer,
                  frame(
                      server.runId(),
                      PayloadEncoding.F32,
                      TpsServerConfig.MAX_SEQUENCE_GAP - 1,
                      random))
              .statusCode());
      ParameterSnapshot before = server.snapshot();
      Map<Integer, Integer> statuses = new TreeMap<>();
      for (int n = 0; n < FRAMES; n++) {
        byte[] mutated = mutate(bases[random.nextInt(bases.length)], random);
        HttpResponse<byte[]> response = http.post(HttpProtocol.PUSH_PATH, bearer, mutated);
        int status = response.statusCode();
        statuses.merge(status, 1, Integer::sum);
        assertTrue(
            status == 200 || status == 400 || status == 409 || status == 413,
            "frame " + n + " got " + status + ": " + RawHttp.text(response));
        if (status == 200) {
          short flags = ByteBuffer.wrap(response.body()).order(ByteOrder.LITTLE_ENDIAN).getShort(6);
          assertEquals(
              FrameFormat.FLAG_DUPLICATE, flags, "a valid mutated frame must be a duplicate");
        }
      }
      ParameterSnapshot after = server.snapshot();
      assertEquals(before.version(), after.version());
      for (int p = 0; p < SPECS.size(); p++) {
        assertArrayEquals(before.values(p), after.values(p));
      }
      assertEquals(1, server.stats().pushesApplied());
      assertEquals(
          FRAMES,
          server.stats().pushesRejected() + server.stats().pushesDuplicate(),
          statuses.toString());
      assertTrue(statuses.getOrDefault(400, 0) > FRAMES / 2, statuses.toString());
      assertEquals(200, http.get(HttpProtocol.PULL_PATH, bearer).statusCode(), "still answers");
    }
  }

  private static byte[][] baseFrames(long runId, Random random) {
    return new byte[][] {
      frame(runId, PayloadEncoding.F32, 1, random),
      frame(runId, PayloadEncoding.F16, 2, random),
      frame(runId, PayloadEncoding.BF16, 3, random),
      frame(runId, PayloadEncoding.TOP_K, 4, random)
    };
  }

  private static byte[] frame(long runId, PayloadEncoding encoding, long sequence, Random random) {
    float[][] payloads = {new float[50], new float[3]};
    for (float[] p : payloads) {
      for (int i = 0; i < p.length; i++) {
        p[i] = random.nextInt(200) - 100;
      }
    }
    FrameHeader header = new FrameHeader((short) 0, runId, 1, ATTEMPT, sequence, 0, SPECS.size());
    return RawHttp.bytes(new PushFrameEncoder(SPECS, encoding, 0.2).encode(header, payloads));
  }

  private static byte[] mutate(byte[] base, Random random) {
    byte[] frame = base.clone();
    int rounds = 1 + random.nextInt(3);
    for (int r = 0; r < rounds; r++) {
      frame = mutateOnce(frame, random);
    }
    return frame;
  }

  private static byte[] mutateOnce(byte[] frame, Random random) {
    switch (random.nextInt(7)) {
      case 0: // bit flips
        for (int i = 1 + random.nextInt(8); i > 0 && frame.length > 0; i--) {
          int at = outsideIdentity(frame.length, random);
          if (at >= 0) {
            frame[at] ^= (byte) (1 << random.nextInt(8));
          }
        }
        return frame;
      case 1: // truncation
        return Arrays.copyOf(frame, random.nextInt(frame.length + 1));
      case 2: // extension with random bytes
        byte[] longer = Arrays.copyOf(frame, frame.length + 1 + random.nextInt(64));
        for (int i = frame.length; i < longer.length; i++) {
          longer[i] = (byte) random.nextInt(256);
        }
        return longer;
      case 3: // a random int written over a header or section field
        int at = outsideIdentity(frame.length - 3, random);
        if (at >= 0) {
          ByteBuffer.wrap(frame)
              .order(ByteOrder.LITTLE_ENDIAN)
              .putInt(at, random.nextInt(2) == 0 ? random.nextInt() : random.nextInt(200) - 100);
        }
        return frame;
      case 4: // NaN or infinity injected at a random 2- or 4-byte position of the payloads
        int from = FrameFormat.HEADER_BYTES + FrameFormat.PARAM_HEADER_BYTES;
        if (frame.length > from + 4) {
          int pos = from + random.nextInt(frame.length - from - 3);
          ByteBuffer buffer = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
          if (random.nextBoolean()) {
            buffer.putInt(pos, random.nextBoolean() ? 0x7fc00000 : 0xff800000);
          } else {
            buffer.putShort(pos, random.nextBoolean() ? (short) 0x7e00 : (short) 0x7c00);
          }
        }
        return frame;
      case 5: // a random frame with the real magic and version, or entirely random bytes
        byte[] noise = new byte[random.nextInt(600)];
        random.nextBytes(noise);
        if (noise.length >= 8 && random.nextBoolean()) {
          ByteBuffer.wrap(noise)
              .order(ByteOrder.LITTLE_ENDIAN)
              .putInt(0, FrameFormat.MAGIC)
              .putShort(4, (short) 1);
        }
        return noise;
      default: // random bytes overwritten
        for (int i = 1 + random.nextInt(4); i > 0 && frame.length > 0; i--) {
          int pos = outsideIdentity(frame.length, random);
          if (pos >= 0) {
            frame[pos] = (byte) random.nextInt(256);
          }
        }
        return frame;
    }
  }

  /**
   * A random index in [0, length) outside the attempt and sequence fields, or -1 when there is
   * none.
   */
  private static int outsideIdentity(int length, Random random) {
    if (length <= 0) {
      return -1;
    }
    for (int tries = 0; tries < 16; tries++) {
      int at = random.nextInt(length);
      if (at + 3 < IDENTITY_FROM || at >= IDENTITY_TO) {
        return at;
      }
    }
    return -1;
  }
}
