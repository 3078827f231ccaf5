package io.tensoronspark.combiners;

/**
 * Replace (last writer wins): the server's value becomes the values of whichever worker pushed
 * last; every other worker's progress since its pull is dropped. A baseline, and the right rule for
 * a single worker.
 *
 * <ul>
 *   <li>worker sends its full values: {@code payload[i] = W[i]};
 *   <li>server: {@code o[i] = payload[i]} (a copy, bit for bit);
 *   <li>worker then keeps the merged value: {@code W := B := o} (its own W, unless the reply raced
 *       another push).
 * </ul>
 *
 * Stateless, immutable and serializable.
 */
public final class Replace extends ParameterlessCombiner {

  private static final long serialVersionUID = 1L;

  /** The name used by {@link Combiners#byName}. */
  public static final String NAME = "replace";

  /** The combiner; equal to every other instance. */
  public Replace() {
    super(NAME);
  }

  @Override
  public void preparePayload(float[] local, float[] base, float[] payload) {
    System.arraycopy(local, 0, payload, 0, local.length);
  }

  @Override
  public void merge(float[] value, float[] payload, MergeContext context) {
    PayloadSlice.check(value, payload);
    System.arraycopy(payload, 0, value, 0, value.length);
  }
}
