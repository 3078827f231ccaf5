package io.tensoronspark.combiners;

/**
 * A test combiner registered through src/test/resources, as a user's own jar would: o += payload /
 * 2.
 */
public final class HalfDelta implements Combiner {

  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "half-delta";
  }

  @Override
  public void merge(float[] value, float[] payload, int payloadOffset, MergeContext context) {
    ElementwiseMerge.apply(
        value,
        payload,
        payloadOffset,
        (v, p, n) -> {
          for (int i = 0; i < n; i++) {
            v[i] += p[i] / 2f;
          }
        });
  }

  @Override
  public String toString() {
    return name();
  }
}
