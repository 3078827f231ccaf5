package io.tensoronspark.tps;

import io.tensoronspark.tps.client.PushFrameEncoder;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import io.tensoronspark.tps.wire.FrameHeader;
import java.util.List;

/** A small model for tests: W [3, 5] and b [7] (odd sizes), with integer-valued initial values. */
final class TwoParams {

  static final List<ParameterSpec> SPECS =
      List.of(new ParameterSpec("W", new long[] {3, 5}), new ParameterSpec("b", new long[] {7}));

  private TwoParams() {}

  static List<float[]> initial() {
    float[] w = new float[15];
    float[] b = new float[7];
    for (int i = 0; i < w.length; i++) {
      w[i] = i;
    }
    for (int i = 0; i < b.length; i++) {
      b[i] = -i;
    }
    return List.of(w, b);
  }

  static float[][] arrays() {
    return new float[][] {new float[15], new float[7]};
  }

  static float[][] filled(float value) {
    float[][] out = arrays();
    for (float[] a : out) {
      java.util.Arrays.fill(a, value);
    }
    return out;
  }

  /** A valid F32 push frame of worker 0. */
  static byte[] pushFrame(
      long runId, long attempt, long sequence, long baseVersion, float[][] payloads) {
    return pushFrame(runId, 0, attempt, sequence, baseVersion, payloads);
  }

  /** A valid F32 push frame. */
  static byte[] pushFrame(
      long runId, int workerId, long attempt, long sequence, long baseVersion, float[][] payloads) {
    FrameHeader header =
        new FrameHeader((short) 0, runId, workerId, attempt, sequence, baseVersion, SPECS.size());
    return RawHttp.bytes(
        new PushFrameEncoder(SPECS, PayloadEncoding.F32, 0.01).encode(header, payloads));
  }
}
