package io.tensoronspark.combiners;

/**
 * The length check for the server half of a {@link Combiner}: one call per merge, before the hot
 * loop, so a payload of the wrong size fails with a message naming what was expected instead of an
 * {@link ArrayIndexOutOfBoundsException} (or, worse, a silent partial merge). Stateless; safe from
 * any thread.
 */
public final class PayloadSlice {

  private PayloadSlice() {}

  /**
   * Checks that {@code payload}, the shard's slice of a push, is exactly as long as the shard
   * {@code value}.
   *
   * @throws IllegalArgumentException naming both lengths when they differ
   */
  public static void check(float[] value, float[] payload) {
    if (payload.length != value.length) {
      throw new IllegalArgumentException(
          "payload slice must match the shard: expected "
              + value.length
              + " floats, got "
              + payload.length);
    }
  }
}
