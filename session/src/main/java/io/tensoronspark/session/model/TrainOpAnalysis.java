package io.tensoronspark.session.model;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;

/**
 * What a train op changes, read from the graph without touching it: the variables it updates and
 * which of them are trained (they feed the loss: weights) and which are optimizer state (they do
 * not: Adam's m and v slots, its beta powers, momentum accumulators, step counters). Without a
 * loss, a variable counts as trained when it is the first input of an {@code Apply*} or additive
 * update op, and as state when it is only a slot of one or plainly assigned. Stateless; driver
 * only.
 */
public final class TrainOpAnalysis {

  /** Variable op types: ref variables (supported) and resource handles (refused). */
  static final Set<String> REF_VARIABLE_TYPES = Set.of("VariableV2", "Variable");

  static final String RESOURCE_VARIABLE_TYPE = "VarHandleOp";

  private static final Set<String> ADDITIVE_UPDATES =
      Set.of(
          "AssignAdd",
          "AssignSub",
          "AssignAddVariableOp",
          "AssignSubVariableOp",
          "ScatterAdd",
          "ScatterSub",
          "ScatterUpdate",
          "ScatterNdAdd",
          "ScatterNdSub",
          "ScatterNdUpdate",
          "ResourceScatterAdd",
          "ResourceScatterSub",
          "ResourceScatterUpdate");

  private static final Set<String> PLAIN_ASSIGNS = Set.of("Assign", "AssignVariableOp");

  // Sorted by name, so messages and logs list them in a stable order.
  private final Map<String, String> trained = new TreeMap<>();
  private final Map<String, String> state = new TreeMap<>();

  private TrainOpAnalysis() {}

  /**
   * Analyses {@code trainOp}; {@code loss} may be null.
   *
   * @return the updated variables, each with the op that updates it
   */
  public static TrainOpAnalysis of(Graph graph, GraphOperation trainOp, GraphOperation loss) {
    TrainOpAnalysis analysis = new TrainOpAnalysis();
    Map<String, String> candidates = new LinkedHashMap<>();
    Map<String, String> slotsAndAssigned = new LinkedHashMap<>();
    for (GraphOperation op : ancestors(trainOp)) {
      String type = op.type();
      if (isApply(type)) {
        variableAt(op, 0).ifPresent(v -> candidates.putIfAbsent(v, describe(op)));
        for (int i = 1; i < op.numInputs(); i++) {
          variableAt(op, i).ifPresent(v -> slotsAndAssigned.putIfAbsent(v, describe(op)));
        }
      } else if (ADDITIVE_UPDATES.contains(type)) {
        variableAt(op, 0).ifPresent(v -> candidates.putIfAbsent(v, describe(op)));
      } else if (PLAIN_ASSIGNS.contains(type)) {
        variableAt(op, 0).ifPresent(v -> slotsAndAssigned.putIfAbsent(v, describe(op)));
      }
    }
    Map<String, String> updated = new LinkedHashMap<>(candidates);
    slotsAndAssigned.forEach(updated::putIfAbsent);
    Set<String> feedingLoss = loss == null ? null : names(ancestors(loss));
    for (Map.Entry<String, String> e : updated.entrySet()) {
      boolean isTrained =
          feedingLoss != null
              ? feedingLoss.contains(e.getKey())
              : candidates.containsKey(e.getKey()) && !slotsAndAssigned.containsKey(e.getKey());
      (isTrained ? analysis.trained : analysis.state).put(e.getKey(), e.getValue());
    }
    return analysis;
  }

  /** Trained variables (name → the op that updates it, e.g. {@code ApplyAdam 'train/...'}). */
  public Map<String, String> trained() {
    return trained;
  }

  /** Optimizer state variables (name → the op that updates it). */
  public Map<String, String> state() {
    return state;
  }

  /** Whether the train op updates any variable at all. */
  public boolean updatesAnything() {
    return !trained.isEmpty() || !state.isEmpty();
  }

  /** Every op {@code root} depends on through data and control edges, {@code root} included. */
  static Set<GraphOperation> ancestors(GraphOperation root) {
    Set<GraphOperation> seen = new HashSet<>();
    Deque<GraphOperation> todo = new ArrayDeque<>();
    todo.add(root);
    while (!todo.isEmpty()) {
      GraphOperation op = todo.poll();
      if (!seen.add(op)) {
        continue;
      }
      List<Operand<?>> inputs = op.inputs();
      for (Operand<?> input : inputs) {
        todo.add((GraphOperation) input.op());
      }
      todo.addAll(op.controlInputs());
    }
    return seen;
  }

  private static Set<String> names(Set<GraphOperation> ops) {
    Set<String> names = new HashSet<>();
    for (GraphOperation op : ops) {
      names.add(op.name());
    }
    return names;
  }

  private static boolean isApply(String type) {
    return type.startsWith("Apply")
        || type.startsWith("ResourceApply")
        || type.startsWith("SparseApply")
        || type.startsWith("ResourceSparseApply");
  }

  private static Optional<String> variableAt(GraphOperation op, int input) {
    if (input >= op.numInputs()) {
      return Optional.empty();
    }
    GraphOperation source = (GraphOperation) op.input(input).op();
    String type = source.type();
    return REF_VARIABLE_TYPES.contains(type) || RESOURCE_VARIABLE_TYPE.equals(type)
        ? Optional.of(source.name())
        : Optional.empty();
  }

  private static String describe(GraphOperation op) {
    return op.type() + " '" + op.name() + "'";
  }
}
