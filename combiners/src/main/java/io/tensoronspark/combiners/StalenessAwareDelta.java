package io.tensoronspark.combiners;

/**
 * Staleness-aware delta (DynSGD, Jiang et al., SIGMOD 2017): a delta computed from an old snapshot
 * is damped by how many other pushes the server merged since that snapshot was pulled.
 *
 * <ul>
 *   <li>worker sends the delta against the base it pulled: {@code payload[i] = W[i] - B[i]};
 *   <li>server: {@code o[i] += payload[i] / (s + 1)}, with s = {@link MergeContext#staleness()}: a
 *       float division by {@code (float) (s + 1)} (correctly rounded), then a float addition. A
 *       fresh delta (s = 0) is added in full;
 *   <li>worker then keeps the merged value: {@code W := B := o}.
 * </ul>
 *
 * Stateless, immutable and serializable.
 */
public final class StalenessAwareDelta extends ParameterlessCombiner {

  private static final long serialVersionUID = 1L;

  /** The name used by {@link Combiners#byName}. */
  public static final String NAME = "dynsgd";

  /** The combiner; equal to every other instance. */
  public StalenessAwareDelta() {
    super(NAME);
  }

  @Override
  public void merge(float[] value, float[] payload, int payloadOffset, MergeContext context) {
    long staleness = context.staleness();
    if (staleness < 0) {
      throw new IllegalArgumentException("staleness must be >= 0, got " + staleness);
    }
    float divisor = staleness + 1;
    ElementwiseMerge.apply(
        value, payload, payloadOffset, (v, p, n) -> ModelAveraging.addDivided(v, p, n, divisor));
  }
}
