package io.tensoronspark.combiners;

/**
 * Moving mean (TensorOnSpark's default merge): the server keeps an exponential moving mean of the
 * models pushed to it, each push weighing one N-th.
 *
 * <ul>
 *   <li>worker sends its full values: {@code payload[i] = W[i]};
 *   <li>server: {@code o[i] = ((N - 1) * o[i] + payload[i]) / N}, with N = {@link
 *       MergeContext#workerCount()}, in float arithmetic in exactly that order: {@code (float) (N -
 *       1) * o[i]}, rounded; plus {@code payload[i]}, rounded; divided by {@code (float) N},
 *       correctly rounded (not multiplied by a rounded {@code 1/N}). With N = 1 this is a plain
 *       copy, {@code o[i] = payload[i]}, bit for bit (so a non-finite old value does not leak
 *       through {@code 0 * o});
 *   <li>worker then keeps the merged value: {@code W := B := o}.
 * </ul>
 *
 * Unlike the delta rules, a worker's progress is not added but averaged in, so N workers pushing
 * the same W converge to W however often they push. Stateless, immutable and serializable.
 */
public final class MovingMean extends ParameterlessCombiner {

  private static final long serialVersionUID = 1L;

  /** The name used by {@link Combiners#byName}. */
  public static final String NAME = "moving-mean";

  /** The combiner; equal to every other instance. */
  public MovingMean() {
    super(NAME);
  }

  @Override
  public void preparePayload(float[] local, float[] base, float[] payload) {
    System.arraycopy(local, 0, payload, 0, local.length);
  }

  @Override
  public void merge(float[] value, float[] payload, MergeContext context) {
    int workerCount = context.workerCount();
    if (workerCount < 1) {
      throw new IllegalArgumentException("workerCount must be >= 1, got " + workerCount);
    }
    if (workerCount == 1) {
      PayloadSlice.check(value, payload);
      System.arraycopy(payload, 0, value, 0, value.length);
      return;
    }
    float others = workerCount - 1;
    float workers = workerCount;
    ElementwiseMerge.apply(value, payload, (v, p) -> mean(v, p, others, workers));
  }

  /** The kernel: {@code value[i] = (others * value[i] + payload[i]) / workers}. */
  private static void mean(float[] value, float[] payload, float others, float workers) {
    for (int i = 0; i < value.length; i++) {
      value[i] = (others * value[i] + payload[i]) / workers;
    }
  }
}
