package io.tensoronspark.tps.wire;

/** Finds NaN and infinite values in bulk. Stateless; safe from any thread. */
public final class FiniteCheck {

  private FiniteCheck() {}

  /**
   * The index of the first NaN or infinity in {@code values[from, to)}, or -1 when all are finite.
   */
  public static int firstNonFinite(float[] values, int from, int to) {
    if (isAllFinite(values, from, to)) {
      return -1;
    }
    for (int j = from; j < to; j++) {
      if (!Float.isFinite(values[j])) {
        return j;
      }
    }
    return -1;
  }

  /**
   * Whether {@code values[from, to)} holds no NaN or infinity: the fast path, run on every pushed
   * float. {@code x * 0} is a zero for finite x and NaN otherwise, so a sum of them is NaN iff a
   * value is not finite. JDK 17's C2 neither vectorizes a float sum (its order is fixed) nor a loop
   * storing into a float array at another offset than it loads from (it cannot rule out aliasing),
   * so the sum is spread over 16 independent accumulators that keep the adders busy: measured 1.9x
   * the speed of 4 accumulators on 1M floats (0.18 vs 0.35 ms), and 1.4x that of 8.
   */
  private static boolean isAllFinite(float[] v, int from, int to) {
    float a0 = 0f, a1 = 0f, a2 = 0f, a3 = 0f, a4 = 0f, a5 = 0f, a6 = 0f, a7 = 0f;
    float b0 = 0f, b1 = 0f, b2 = 0f, b3 = 0f, b4 = 0f, b5 = 0f, b6 = 0f, b7 = 0f;
    int i = from;
    for (; i + 15 < to; i += 16) {
      a0 += v[i] * 0f;
      a1 += v[i + 1] * 0f;
      a2 += v[i + 2] * 0f;
      a3 += v[i + 3] * 0f;
      a4 += v[i + 4] * 0f;
      a5 += v[i + 5] * 0f;
      a6 += v[i + 6] * 0f;
      a7 += v[i + 7] * 0f;
      b0 += v[i + 8] * 0f;
      b1 += v[i + 9] * 0f;
      b2 += v[i + 10] * 0f;
      b3 += v[i + 11] * 0f;
      b4 += v[i + 12] * 0f;
      b5 += v[i + 13] * 0f;
      b6 += v[i + 14] * 0f;
      b7 += v[i + 15] * 0f;
    }
    for (; i < to; i++) {
      a0 += v[i] * 0f;
    }
    float sum = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
    sum += ((b0 + b1) + (b2 + b3)) + ((b4 + b5) + (b6 + b7));
    return sum == sum;
  }
}
