package io.tensoronspark.tps.protocol;

import java.util.List;

/**
 * A consistent copy of every parameter's values at one version: no push is half-applied in it.
 * Immutable: {@link #values} returns a copy; {@link #copyValues} fills a caller's array without
 * allocating.
 */
public final class ParameterSnapshot {

  private final long version;
  private final List<ParameterSpec> specs;
  private final float[][] values;

  /**
   * Creates a snapshot that takes ownership of {@code values} (one array per spec, each exactly
   * {@code size()} long): the caller must not modify them afterwards.
   */
  public ParameterSnapshot(long version, List<ParameterSpec> specs, float[][] values) {
    if (values.length != specs.size()) {
      throw new IllegalArgumentException(
          values.length + " value arrays for " + specs.size() + " parameters");
    }
    for (int i = 0; i < values.length; i++) {
      if (values[i].length != specs.get(i).size()) {
        throw new IllegalArgumentException(
            "parameter "
                + specs.get(i)
                + " needs "
                + specs.get(i).size()
                + " values, got "
                + values[i].length);
      }
    }
    this.version = version;
    this.specs = List.copyOf(specs);
    this.values = values;
  }

  /** The number of pushes applied when the snapshot was taken. */
  public long version() {
    return version;
  }

  /** The number of parameters. */
  public int parameterCount() {
    return values.length;
  }

  /** The parameters' specs, in id order. */
  public List<ParameterSpec> specs() {
    return specs;
  }

  /** A copy of the values of parameter {@code paramIndex}. */
  public float[] values(int paramIndex) {
    return values[paramIndex].clone();
  }

  /**
   * Copies the values of parameter {@code paramIndex} into {@code out} (at least {@code size()}
   * long).
   */
  public void copyValues(int paramIndex, float[] out) {
    System.arraycopy(values[paramIndex], 0, out, 0, values[paramIndex].length);
  }

  /**
   * Copies {@code out.length} values of parameter {@code paramIndex}, starting at {@code from},
   * into {@code out}.
   */
  public void copyValuesRange(int paramIndex, int from, float[] out) {
    System.arraycopy(values[paramIndex], from, out, 0, out.length);
  }
}
