package io.tensoronspark.tps.wire;

/**
 * IEEE 754 binary16 ("half") conversions, written out because {@code Float.floatToFloat16} needs
 * JDK 20. Rounding is to nearest, ties to even, as in IEEE 754 and the JDK 20 methods: finite
 * values at or above 65520 in magnitude become infinity, magnitudes below 2^-25 become (signed)
 * zero, and subnormal halves are produced and read. NaN stays NaN. Stateless; safe from any thread.
 */
public final class Binary16 {

  private Binary16() {}

  /** The largest finite half, 65504. */
  public static final float MAX_VALUE = 65504f;

  private static final int FLOAT_INF_BITS = 0x7f800000;
  private static final int HALF_INF_BITS = 0x7c00;

  /** |f| >= 65520 (halfway between 65504 and 65536) rounds to infinity. */
  private static final int FIRST_OVERFLOW_BITS = 0x477ff000;

  /** 2^-14, the smallest normal half. */
  private static final int MIN_NORMAL_BITS = 0x38800000;

  /** 2^-25, half the smallest subnormal half: below it everything rounds to zero. */
  private static final int HALF_MIN_SUBNORMAL_BITS = 0x33000000;

  /** Rebiases a binary32 exponent (bias 127) to binary16 (bias 15): subtracts 112 << 23. */
  private static final int EXPONENT_REBIAS = 112 << 23;

  /** Converts to the nearest half (ties to even); returns its 16 bits. */
  public static short fromFloat(float value) {
    int bits = Float.floatToRawIntBits(value);
    int sign = (bits >>> 16) & 0x8000;
    int abs = bits & 0x7fffffff;
    if (abs >= FLOAT_INF_BITS) {
      int nanPayload = abs == FLOAT_INF_BITS ? 0 : 0x200 | ((abs >>> 13) & 0x3ff);
      return (short) (sign | HALF_INF_BITS | nanPayload);
    }
    if (abs >= FIRST_OVERFLOW_BITS) {
      return (short) (sign | HALF_INF_BITS);
    }
    if (abs >= MIN_NORMAL_BITS) {
      int rebiased = abs - EXPONENT_REBIAS;
      int rounded = rebiased + 0xfff + ((rebiased >>> 13) & 1);
      return (short) (sign | (rounded >>> 13));
    }
    if (abs < HALF_MIN_SUBNORMAL_BITS) {
      return (short) sign;
    }
    return (short) (sign | subnormal(abs));
  }

  /**
   * Rounds a magnitude in [2^-25, 2^-14) to a count of 2^-24 units (may round up to 0x400, the
   * smallest normal).
   */
  private static int subnormal(int abs) {
    int exponent = abs >>> 23;
    int significand = (abs & 0x7fffff) | 0x800000;
    int shift = 126 - exponent;
    int units = significand >>> shift;
    int remainder = significand & ((1 << shift) - 1);
    int halfway = 1 << (shift - 1);
    if (remainder > halfway || (remainder == halfway && (units & 1) == 1)) {
      units++;
    }
    return units;
  }

  /** Converts the half with these 16 bits to a float (exactly: every half is a float). */
  public static float toFloat(short half) {
    int bits = half & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | FLOAT_INF_BITS | (mantissa << 13));
    }
    if (exponent == 0) {
      float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }
}
