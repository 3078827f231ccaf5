package io.tensoronspark.combiners;

/**
 * Runs an element-wise merge kernel over a shard and its payload slice in a shape HotSpot's C2
 * compiler vectorizes, whatever the payload offset. Stateless; safe from any thread.
 *
 * <h2>Why</h2>
 *
 * C2 (as in JDK 17) vectorizes {@code value[i] += payload[i]} but not {@code value[i] +=
 * payload[offset + i]} with an offset unknown at compile time: it cannot rule out that the two
 * arrays are one and overlap at an unknown distance, so it keeps the loop scalar (measured 3.5 to 8
 * times slower on a 1M-float shard, the division rules faring worst). So a kernel is always given
 * arrays whose elements {@code i} line up, starting at 0:
 *
 * <ul>
 *   <li>payload offset 0 (every shard of a parameter smaller than the server's shard size, and the
 *       first shard of a larger one): the kernel runs once over the shard and the payload
 *       themselves;
 *   <li>any other offset: the shard is staged through small scratch arrays of {@value
 *       #STAGE_FLOATS} floats (which stay in the L1 cache): copy in, run the kernel, copy the value
 *       back. The result is bit for bit the same.
 * </ul>
 *
 * <p>Staging costs about half the speed. On a 1M-float shard ({@code CombinerMergeBenchmark},
 * 2-core x86 with AVX-512) the two-array rules ran at 0.8 to 1.1 times a plain {@code dst[i] +=
 * src[i]} loop at offset 0 and 0.37 to 0.59 staged, where the scalar loop had managed 0.12
 * (dividing rules) to 0.27; server momentum, which moves five arrays' worth of memory, 0.53 to 0.67
 * (as fast as its own plain loop) and 0.22 to 0.27 staged. A server that can give each shard its
 * own payload array (offset 0) gets the full speed.
 *
 * <p>A kernel must be element-wise: element i of its outputs depends only on element i of its
 * inputs (and on scalars it captured), so staging cannot change its result. It must not keep the
 * arrays it is given.
 */
public final class ElementwiseMerge {

  /**
   * Floats per scratch array when staging an offset slice: 4 KiB, so all scratch arrays fit in L1
   * together.
   */
  public static final int STAGE_FLOATS = 1024;

  /** Merges {@code payload[0 .. length)} into {@code value[0 .. length)}, element by element. */
  @FunctionalInterface
  public interface Kernel {
    /** Applies the merge to the first {@code length} elements. */
    void apply(float[] value, float[] payload, int length);
  }

  /**
   * Merges {@code payload[0 .. length)} into {@code value[0 .. length)} element by element, reading
   * and updating a per-shard {@code buffer} (velocity, running sums) whose elements line up with
   * the value's.
   */
  @FunctionalInterface
  public interface BufferedKernel {
    /** Applies the merge to the first {@code length} elements. */
    void apply(float[] value, float[] buffer, float[] payload, int length);
  }

  private ElementwiseMerge() {}

  /**
   * Checks the slice (see {@link PayloadSlice#check}) and merges {@code payload[payloadOffset ..
   * payloadOffset + value.length)} into {@code value} with {@code kernel}.
   */
  public static void apply(float[] value, float[] payload, int payloadOffset, Kernel kernel) {
    PayloadSlice.check(value, payload, payloadOffset);
    if (payloadOffset == 0) {
      kernel.apply(value, payload, value.length);
      return;
    }
    int stage = Math.min(STAGE_FLOATS, value.length);
    float[] stagedValue = new float[stage];
    float[] stagedPayload = new float[stage];
    for (int from = 0; from < value.length; from += stage) {
      int length = Math.min(stage, value.length - from);
      System.arraycopy(value, from, stagedValue, 0, length);
      System.arraycopy(payload, payloadOffset + from, stagedPayload, 0, length);
      kernel.apply(stagedValue, stagedPayload, length);
      System.arraycopy(stagedValue, 0, value, from, length);
    }
  }

  /**
   * Checks the slice and the buffer's length, and merges {@code payload[payloadOffset ..
   * payloadOffset + value.length)} into {@code value} with {@code kernel}, which also updates
   * {@code buffer}.
   *
   * @throws IllegalArgumentException when {@code buffer} is not as long as {@code value}
   */
  public static void apply(
      float[] value, float[] buffer, float[] payload, int payloadOffset, BufferedKernel kernel) {
    PayloadSlice.check(value, payload, payloadOffset);
    if (buffer.length != value.length) {
      throw new IllegalArgumentException(
          "buffer must match the shard: expected "
              + value.length
              + " floats, got "
              + buffer.length);
    }
    if (payloadOffset == 0) {
      kernel.apply(value, buffer, payload, value.length);
      return;
    }
    int stage = Math.min(STAGE_FLOATS, value.length);
    float[] stagedValue = new float[stage];
    float[] stagedBuffer = new float[stage];
    float[] stagedPayload = new float[stage];
    for (int from = 0; from < value.length; from += stage) {
      int length = Math.min(stage, value.length - from);
      System.arraycopy(value, from, stagedValue, 0, length);
      System.arraycopy(buffer, from, stagedBuffer, 0, length);
      System.arraycopy(payload, payloadOffset + from, stagedPayload, 0, length);
      kernel.apply(stagedValue, stagedBuffer, stagedPayload, length);
      System.arraycopy(stagedValue, 0, value, from, length);
      System.arraycopy(stagedBuffer, 0, buffer, from, length);
    }
  }
}
