package io.tensoronspark.tps.wire;

/**
 * bfloat16 conversions: the upper 16 bits of a binary32, rounded to nearest, ties to even (as
 * TensorFlow rounds). Same exponent range as float, so only precision is lost; values that round
 * past the largest bfloat16 become infinity. NaN stays NaN. Stateless; safe from any thread.
 */
public final class BFloat16 {

  private BFloat16() {}

  /** Converts to the nearest bfloat16 (ties to even); returns its 16 bits. */
  public static short fromFloat(float value) {
    int bits = Float.floatToRawIntBits(value);
    if ((bits & 0x7fffffff) > 0x7f800000) {
      return (short) ((bits >>> 16) | 0x40);
    }
    int rounded = bits + 0x7fff + ((bits >>> 16) & 1);
    return (short) (rounded >>> 16);
  }

  /** Converts the bfloat16 with these 16 bits to a float (exactly). */
  public static float toFloat(short bf16) {
    return Float.intBitsToFloat((bf16 & 0xffff) << 16);
  }
}
