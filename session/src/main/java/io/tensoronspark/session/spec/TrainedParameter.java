package io.tensoronspark.session.spec;

import io.tensoronspark.tps.protocol.ParameterSpec;
import java.io.Serializable;
import java.util.Arrays;

/**
 * A trained float variable and the names of the ops that read and overwrite it: its own output
 * (read) and the placeholder + assign op added once on the driver before the graph is exported
 * (write). Immutable, serializable.
 */
public final class TrainedParameter implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Suffix of the placeholder that carries new values for a variable. */
  public static final String ASSIGN_VALUE_SUFFIX = "/tos_assign_value";

  /** Suffix of the assign op that writes the placeholder into the variable. */
  public static final String ASSIGN_OP_SUFFIX = "/tos_assign";

  private final String variableName;
  private final long[] shape;

  public TrainedParameter(String variableName, long[] shape) {
    this.variableName = variableName;
    this.shape = shape.clone();
  }

  /** The variable's operation name; fetching it reads the variable. */
  public String variableName() {
    return variableName;
  }

  public String assignValueName() {
    return variableName + ASSIGN_VALUE_SUFFIX;
  }

  public String assignOpName() {
    return variableName + ASSIGN_OP_SUFFIX;
  }

  public long[] shape() {
    return shape.clone();
  }

  /** The TPS's view of this parameter; a scalar variable is held as one element, shape {1}. */
  public ParameterSpec toParameterSpec() {
    return new ParameterSpec(variableName, shape.length == 0 ? new long[] {1} : shape);
  }

  @Override
  public String toString() {
    return variableName + Arrays.toString(shape);
  }
}
