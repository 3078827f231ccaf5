package io.tensoronspark.combiners;

/**
 * Bounds checks for the server half of a {@link Combiner}: one call per merge, before the hot loop,
 * so a payload of the wrong size fails with a message naming what was expected instead of an {@link
 * ArrayIndexOutOfBoundsException} (or, worse, a silent partial merge). Stateless; safe from any
 * thread.
 */
public final class PayloadSlice {

  private PayloadSlice() {}

  /**
   * Checks that {@code payload[payloadOffset .. payloadOffset + value.length)} lies inside {@code
   * payload}.
   *
   * @throws IllegalArgumentException naming the shard length, the offset and the payload length
   *     when it does not
   */
  public static void check(float[] value, float[] payload, int payloadOffset) {
    if (payloadOffset < 0 || payloadOffset > payload.length - value.length) {
      throw new IllegalArgumentException(
          "payload slice out of range: expected "
              + value.length
              + " floats from offset "
              + payloadOffset
              + " (offset in [0, "
              + Math.max(0, payload.length - value.length)
              + "]), got a payload of "
              + payload.length
              + " floats");
    }
  }
}
