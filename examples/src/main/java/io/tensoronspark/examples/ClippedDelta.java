package io.tensoronspark.examples;

import io.tensoronspark.combiners.Combiner;
import io.tensoronspark.combiners.ElementwiseMerge;
import io.tensoronspark.combiners.MergeContext;

/**
 * A custom combiner, as a researcher would write one: delta sum with each element of the worker's
 * delta clipped to [-clip, clip] on the server, {@code o += clamp(W - B, -clip, clip)}, so one
 * runaway worker cannot throw the shared model far in one push. The worker half is the SPI's
 * default (send W - B, keep the merged value). Registered in {@code
 * META-INF/services/io.tensoronspark.combiners.Combiner}, so {@code --combiner clipped-delta}
 * selects it.
 */
public final class ClippedDelta implements Combiner {

  private static final long serialVersionUID = 1L;

  /** The name on the command line. */
  public static final String NAME = "clipped-delta";

  /** Largest change one push may make to one element. */
  public static final float DEFAULT_CLIP = 1.0f;

  private final float clip;

  /** A clipped delta with {@link #DEFAULT_CLIP}. */
  public ClippedDelta() {
    this(DEFAULT_CLIP);
  }

  public ClippedDelta(float clip) {
    if (!(clip > 0) || Float.isInfinite(clip)) {
      throw new IllegalArgumentException("clip must be a positive finite number, got " + clip);
    }
    this.clip = clip;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void merge(float[] value, float[] payload, MergeContext context) {
    float bound = clip;
    ElementwiseMerge.apply(
        value,
        payload,
        (v, p) -> {
          for (int i = 0; i < v.length; i++) {
            v[i] += Math.max(-bound, Math.min(bound, p[i]));
          }
        });
  }

  /** Deserialization skips the constructor: validate the setting again. */
  private Object readResolve() {
    return new ClippedDelta(clip);
  }

  @Override
  public String toString() {
    return NAME + "(clip=" + clip + ")";
  }
}
