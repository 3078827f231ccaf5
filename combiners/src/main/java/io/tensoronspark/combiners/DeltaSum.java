package io.tensoronspark.combiners;

/**
 * Delta sum (Downpour SGD / Hogwild): the worker sends its delta against the base it pulled, {@code W - B}; the
 * server adds it, {@code o += W - B}; the worker then takes the merged value. The default combiner.
 */
public final class DeltaSum implements Combiner {

  private static final long serialVersionUID = 1L;

  /** The name used by {@link Combiners#byName}. */
  public static final String NAME = "delta-sum";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void merge(float[] value, float[] payload, int payloadOffset, MergeContext context) {
    for (int i = 0; i < value.length; i++) {
      value[i] += payload[payloadOffset + i];
    }
  }

  @Override
  public String toString() {
    return NAME;
  }
}
