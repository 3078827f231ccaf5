package io.tensoronspark.tps.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HalfPrecisionTest {

  @Test
  void everyHalfRoundTripsThroughFloat() {
    for (int bits = 0; bits <= 0xffff; bits++) {
      short half = (short) bits;
      float value = Binary16.toFloat(half);
      if (Float.isNaN(value)) {
        assertTrue((bits & 0x7c00) == 0x7c00 && (bits & 0x3ff) != 0, Integer.toHexString(bits));
        assertTrue(Float.isNaN(Binary16.toFloat(Binary16.fromFloat(value))));
      } else {
        assertEquals(
            half, Binary16.fromFloat(value), "half 0x" + Integer.toHexString(bits) + " = " + value);
      }
    }
  }

  @Test
  void midpointsBetweenAdjacentHalvesRoundToEvenAndNeighboursToNearest() {
    for (int bits = 0; bits < 0x7bff; bits++) {
      float low = Binary16.toFloat((short) bits);
      float high = Binary16.toFloat((short) (bits + 1));
      float mid = (low + high) / 2;
      assertEquals((double) low + high, 2.0 * mid, "midpoint exact in float");
      short even = (short) ((bits & 1) == 0 ? bits : bits + 1);
      assertEquals(even, Binary16.fromFloat(mid), "tie at " + mid);
      assertEquals((short) bits, Binary16.fromFloat(Math.nextDown(mid)), "below " + mid);
      assertEquals((short) (bits + 1), Binary16.fromFloat(Math.nextUp(mid)), "above " + mid);
      assertEquals(
          (short) (bits | 0x8000),
          Binary16.fromFloat(-Math.nextDown(mid)),
          "negative below " + mid);
    }
  }

  @Test
  void overflowAndUnderflowFollowIeee() {
    assertEquals(65504f, Binary16.toFloat(Binary16.fromFloat(Math.nextDown(65520f))));
    assertEquals(Float.POSITIVE_INFINITY, Binary16.toFloat(Binary16.fromFloat(65520f)));
    assertEquals(Float.NEGATIVE_INFINITY, Binary16.toFloat(Binary16.fromFloat(-1e10f)));
    assertEquals(
        0f, Binary16.toFloat(Binary16.fromFloat(0x1p-25f)), "tie with zero rounds to even zero");
    assertEquals(0x1p-24f, Binary16.toFloat(Binary16.fromFloat(Math.nextUp(0x1p-25f))));
    assertEquals((short) 0x8000, Binary16.fromFloat(-1e-30f), "negative zero keeps its sign");
    assertEquals(
        0x1p-14f,
        Binary16.toFloat(Binary16.fromFloat(Math.nextDown(0x1p-14f))),
        "rounds up to normal");
  }

  @Test
  void randomFloatsRoundToTheNearestHalf() {
    Random random = new Random(7);
    for (int n = 0; n < 200_000; n++) {
      float f = (float) (random.nextGaussian() * Math.pow(2, random.nextInt(40) - 25));
      short half = Binary16.fromFloat(f);
      double error = Math.abs((double) f - Binary16.toFloat(half));
      int magnitude = half & 0x7fff;
      if (magnitude < 0x7c00) {
        short up = (short) ((half & 0x8000) | (magnitude + 1));
        assertTrue(error <= Math.abs((double) f - Binary16.toFloat(up)), "vs next for " + f);
      }
      if (magnitude > 0) {
        short down = (short) ((half & 0x8000) | (magnitude - 1));
        assertTrue(error <= Math.abs((double) f - Binary16.toFloat(down)), "vs previous for " + f);
      }
    }
  }

  @Test
  void bfloat16RoundsToNearestEven() {
    assertEquals(1f, BFloat16.toFloat(BFloat16.fromFloat(1f)));
    float oneUlp = Float.intBitsToFloat(0x3f810000);
    float tie = Float.intBitsToFloat(0x3f808000);
    assertEquals(1f, BFloat16.toFloat(BFloat16.fromFloat(tie)), "tie goes to even (1.0)");
    assertEquals(oneUlp, BFloat16.toFloat(BFloat16.fromFloat(Math.nextUp(tie))));
    float oddTie = Float.intBitsToFloat(0x3f818000);
    assertEquals(
        Float.intBitsToFloat(0x3f820000),
        BFloat16.toFloat(BFloat16.fromFloat(oddTie)),
        "tie to even up");
    assertTrue(Float.isNaN(BFloat16.toFloat(BFloat16.fromFloat(Float.NaN))));
    assertEquals(Float.POSITIVE_INFINITY, BFloat16.toFloat(BFloat16.fromFloat(Float.MAX_VALUE)));
    assertEquals(-3.140625f, BFloat16.toFloat(BFloat16.fromFloat(-3.14159f)));
  }
}
