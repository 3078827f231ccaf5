package io.tensoronspark.combiners;

import java.util.Objects;

/**
 * Base of combiners without parameters and without state of their own, whose name is their whole
 * identity: it gives {@link #name()}, and equality, hash code and text by class and name, so any
 * two instances (one built on the driver, one deserialized on an executor) are equal. Per-shard
 * server state, where a rule needs it, lives in {@link CombinerState}, not in the combiner.
 * Combiners with parameters (such as {@link ElasticAveraging}'s alpha) implement {@link Combiner}
 * directly and compare their parameters.
 */
public abstract class ParameterlessCombiner implements Combiner {

  private static final long serialVersionUID = 1L;

  private final String name;

  /** A combiner known as {@code name} (see {@link Combiner#name()}). */
  protected ParameterlessCombiner(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  @Override
  public final String name() {
    return name;
  }

  /** Equal to any instance of the same class. */
  @Override
  public final boolean equals(Object other) {
    return other != null && other.getClass() == getClass();
  }

  @Override
  public final int hashCode() {
    return name.hashCode();
  }

  @Override
  public final String toString() {
    return name;
  }
}
