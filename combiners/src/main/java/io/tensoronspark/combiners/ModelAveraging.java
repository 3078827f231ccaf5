package io.tensoronspark.combiners;

/**
 * Model averaging through deltas: each worker's progress counts for one N-th, so after every worker
 * pushed once from the same base the server holds the mean of the workers' models.
 *
 * <ul>
 *   <li>worker sends the delta against the base it pulled: {@code payload[i] = W[i] - B[i]};
 *   <li>server: {@code o[i] += payload[i] / N}, with N = {@link MergeContext#workerCount()}: a
 *       float division by {@code (float) N} (correctly rounded, not a multiplication by a rounded
 *       {@code 1/N}), then a float addition;
 *   <li>worker then keeps the merged value: {@code W := B := o}.
 * </ul>
 *
 * Stateless, immutable and serializable.
 */
public final class ModelAveraging extends ParameterlessCombiner {

  private static final long serialVersionUID = 1L;

  /** The name used by {@link Combiners#byName}. */
  public static final String NAME = "model-averaging";

  /** The combiner; equal to every other instance. */
  public ModelAveraging() {
    super(NAME);
  }

  @Override
  public void merge(float[] value, float[] payload, MergeContext context) {
    int workerCount = context.workerCount();
    if (workerCount < 1) {
      throw new IllegalArgumentException("workerCount must be >= 1, got " + workerCount);
    }
    float workers = workerCount;
    ElementwiseMerge.apply(value, payload, (v, p) -> addDivided(v, p, workers));
  }

  /** The kernel: {@code value[i] += payload[i] / divisor}. */
  static void addDivided(float[] value, float[] payload, float divisor) {
    for (int i = 0; i < value.length; i++) {
      value[i] += payload[i] / divisor;
    }
  }
}
