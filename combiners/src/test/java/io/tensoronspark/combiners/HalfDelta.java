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
  public void merge(float[] value, float[] payload, MergeContext context) {
    ElementwiseMerge.apply(
        value,
        payload,
        (v, p) -> {
          for (int i = 0; i < v.length; i++) {
            v[i] += p[i] / 2f;
          }
        });
  }

  @Override
  public String toString() {
    return name();
  }
}
