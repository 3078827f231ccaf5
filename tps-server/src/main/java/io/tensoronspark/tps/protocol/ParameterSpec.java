package io.tensoronspark.tps.protocol;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * The name and shape of one parameter the Tensor Parameter Server holds. Immutable and {@link
 * Serializable}: it travels to Spark executors in the run spec. The element count ({@link #size()})
 * must fit an {@code int}, because the server keeps every parameter in Java arrays.
 */
public final class ParameterSpec implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final long[] shape;
  private final int size;

  /**
   * Creates a spec.
   *
   * @param name a non-empty name (usually the TF variable name)
   * @param shape one or more dimensions, each at least 1; a scalar is {@code {1}}
   * @throws IllegalArgumentException naming the parameter when the name or a dimension is invalid,
   *     or when the product of the dimensions exceeds {@link Integer#MAX_VALUE}
   */
  public ParameterSpec(String name, long[] shape) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(
          "parameter name must be non-empty, got " + (name == null ? "null" : "''"));
    }
    Objects.requireNonNull(shape, () -> "shape of parameter '" + name + "'");
    if (shape.length == 0) {
      throw new IllegalArgumentException(
          "parameter '" + name + "' needs at least one dimension (use {1} for a scalar), got []");
    }
    long product = 1;
    for (long dim : shape) {
      if (dim < 1) {
        throw new IllegalArgumentException(
            "parameter '"
                + name
                + "' has dimension "
                + dim
                + " in shape "
                + Arrays.toString(shape)
                + ": every dimension must be >= 1");
      }
      product = Math.multiplyExact(product, dim);
      if (product > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "parameter '"
                + name
                + "' with shape "
                + Arrays.toString(shape)
                + " has more than "
                + Integer.MAX_VALUE
                + " elements");
      }
    }
    this.name = name;
    this.shape = shape.clone();
    this.size = (int) product;
  }

  /** The parameter's name. */
  public String name() {
    return name;
  }

  /** A copy of the shape. */
  public long[] shape() {
    return shape.clone();
  }

  /** The number of elements: the product of the dimensions. */
  public int size() {
    return size;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ParameterSpec
        && ((ParameterSpec) other).name.equals(name)
        && Arrays.equals(((ParameterSpec) other).shape, shape);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }
}
