package io.tensoronspark.session.model;

import io.tensoronspark.session.spec.TrainedParameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.proto.DataType;

/**
 * Adds, once per variable and before the graph is exported, the placeholder and assign op through
 * which the TPS's values are written into a trained variable ({@link
 * TrainedParameter#assignValueName()}, {@link TrainedParameter#assignOpName()}). Executors find
 * these ops by name; nothing is ever added per step. Called on the driver by the thread that owns
 * the user's graph.
 */
public final class GraphInstrumenter {

  private GraphInstrumenter() {}

  /**
   * Describes the trained variables and adds their assign ops where missing.
   *
   * @throws IllegalArgumentException when a name is not an operation, not float32, or has an
   *     unknown shape
   */
  public static List<TrainedParameter> instrument(Graph graph, List<String> variableNames) {
    List<TrainedParameter> parameters = describe(graph, variableNames);
    for (TrainedParameter parameter : parameters) {
      if (graph.operation(parameter.assignOpName()) == null) {
        addAssign(
            graph,
            graph.operation(parameter.variableName()).output(0),
            parameter,
            Shape.of(parameter.shape()));
      }
    }
    return parameters;
  }

  /**
   * Describes the trained variables without changing the graph.
   *
   * @throws IllegalArgumentException when a name is not an operation, not float32, or has an
   *     unknown shape
   */
  public static List<TrainedParameter> describe(Graph graph, List<String> variableNames) {
    if (variableNames.isEmpty()) {
      throw new IllegalArgumentException("at least one trained variable is needed");
    }
    List<TrainedParameter> parameters = new ArrayList<>(variableNames.size());
    Set<String> seen = new HashSet<>();
    for (String name : variableNames) {
      if (!seen.add(name)) {
        throw new IllegalArgumentException(
            "trained variable '" + name + "' is listed twice in params " + variableNames);
      }
      GraphOperation op = graph.operation(name);
      if (op == null) {
        throw new IllegalArgumentException(
            "trained variable '" + name + "' is not an operation of the graph");
      }
      checkVariableType(op);
      Output<?> value = op.output(0);
      DataType dtype = value.dataType();
      if (dtype != DataType.DT_FLOAT && dtype != DataType.DT_FLOAT_REF) {
        throw new IllegalArgumentException(
            "trained variable '"
                + name
                + "' must be float32, got "
                + dtype
                + " (resource variables are read through their value, pass a ref variable from tf.variable)");
      }
      Shape shape = value.shape();
      if (shape.isUnknown() || shape.hasUnknownDimension()) {
        throw new IllegalArgumentException(
            "trained variable '" + name + "' must have a fully known shape, got " + shape);
      }
      parameters.add(new TrainedParameter(name, shape.asArray()));
    }
    return parameters;
  }

  private static void checkVariableType(GraphOperation op) {
    String type = op.type();
    if (TrainOpAnalysis.RESOURCE_VARIABLE_TYPE.equals(type)) {
      throw new IllegalArgumentException(
          "trained variable '"
              + op.name()
              + "' is a resource variable (VarHandleOp); params must be ref variables (VariableV2, as"
              + " tf.variable creates them)");
    }
    if (!TrainOpAnalysis.REF_VARIABLE_TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "trained variable '"
              + op.name()
              + "' is a "
              + type
              + " op, not a variable; params must be variables (VariableV2, as tf.variable creates"
              + " them)");
    }
  }

  private static void addAssign(
      Graph graph, Output<?> variable, TrainedParameter parameter, Shape shape) {
    // Raw builders: Ops.withName rejects the '/' that nests these ops under their variable's name.
    Scope scope = Ops.create(graph).scope();
    GraphOperation input =
        graph
            .opBuilder("Placeholder", parameter.assignValueName(), scope)
            .setAttr("dtype", DataType.DT_FLOAT)
            .setAttr("shape", shape)
            .build();
    graph
        .opBuilder("Assign", parameter.assignOpName(), scope)
        .addInput(variable)
        .addInput(input.output(0))
        .build();
  }
}
