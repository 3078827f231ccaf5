package io.tensoronspark.combiners;

/**
 * Runs a merge kernel over a shard and its payload once their lengths are checked, so a combiner's
 * server half is its checks plus one loop in the shape HotSpot's C2 compiler vectorizes. Stateless;
 * safe from any thread.
 *
 * <h2>Why kernels index every array from 0</h2>
 *
 * C2 vectorizes {@code value[i] += payload[i]} but not {@code value[i] += payload[offset + i]} with
 * an offset unknown at compile time: it cannot rule out that the two arrays are one and overlap at
 * an unknown distance, so it keeps the loop scalar, several times slower. The server therefore
 * hands each shard its slice of the push as an array of its own ({@link Combiner#merge}), and a
 * kernel reads and writes element {@code i} of the value, the payload and any per-shard buffer with
 * the same index.
 *
 * <p>A kernel runs once per merge over whole arrays of equal length, on the thread merging the
 * shard; it must not keep the arrays it is given.
 */
public final class ElementwiseMerge {

  /** Merges {@code payload} into {@code value}, arrays of equal length, element by element. */
  @FunctionalInterface
  public interface Kernel {
    /** Applies the merge to every element. */
    void apply(float[] value, float[] payload);
  }

  /**
   * Merges {@code payload} into {@code value} element by element, reading and updating a per-shard
   * {@code buffer} (velocity, running sums) whose elements line up with the value's; all three of
   * equal length.
   */
  @FunctionalInterface
  public interface BufferedKernel {
    /** Applies the merge to every element. */
    void apply(float[] value, float[] buffer, float[] payload);
  }

  private ElementwiseMerge() {}

  /**
   * Checks the payload's length (see {@link PayloadSlice#check}) and merges it into {@code value}
   * with {@code kernel}.
   */
  public static void apply(float[] value, float[] payload, Kernel kernel) {
    PayloadSlice.check(value, payload);
    kernel.apply(value, payload);
  }

  /**
   * Checks the payload's and the buffer's lengths, and merges {@code payload} into {@code value}
   * with {@code kernel}, which also updates {@code buffer}.
   *
   * @throws IllegalArgumentException when {@code payload} or {@code buffer} is not as long as
   *     {@code value}
   */
  public static void apply(float[] value, float[] buffer, float[] payload, BufferedKernel kernel) {
    PayloadSlice.check(value, payload);
    if (buffer.length != value.length) {
      throw new IllegalArgumentException(
          "buffer must match the shard: expected "
              + value.length
              + " floats, got "
              + buffer.length);
    }
    kernel.apply(value, buffer, payload);
  }
}
