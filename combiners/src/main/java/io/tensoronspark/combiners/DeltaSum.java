package io.tensoronspark.combiners;

/**
 * Delta sum (Downpour SGD / Hogwild): every worker's progress is added to the server's value in
 * full.
 *
 * <ul>
 *   <li>worker sends the delta against the base it pulled: {@code payload[i] = W[i] - B[i]};
 *   <li>server: {@code o[i] += payload[i]} (one float addition per element);
 *   <li>worker then keeps the merged value: {@code W := B := o}.
 * </ul>
 *
 * With deltas taken against the pulled base, the server's value after any interleaving of pushes is
 * the initial value plus the sum of every worker's own deltas (exactly, while the float sums are
 * exact). Stateless, immutable and serializable; the default combiner ({@link
 * Combiners#defaultCombiner()}).
 */
public final class DeltaSum extends ParameterlessCombiner {

  private static final long serialVersionUID = 1L;

  /** The name used by {@link Combiners#byName}. */
  public static final String NAME = "delta-sum";

  /** The combiner; equal to every other instance. */
  public DeltaSum() {
    super(NAME);
  }

  @Override
  public void merge(float[] value, float[] payload, MergeContext context) {
    ElementwiseMerge.apply(value, payload, DeltaSum::add);
  }

  /** The kernel: {@code value[i] += payload[i]}. */
  static void add(float[] value, float[] payload) {
    for (int i = 0; i < value.length; i++) {
      value[i] += payload[i];
    }
  }
}
