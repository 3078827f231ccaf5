package io.tensoronspark.session.driver;

import io.tensoronspark.session.TrainingStep;
import io.tensoronspark.session.model.GraphInstrumenter;
import io.tensoronspark.session.model.TrainOpAnalysis;
import io.tensoronspark.session.spec.ConstantFeed;
import io.tensoronspark.session.spec.FeedSpec;
import io.tensoronspark.session.spec.TrainedParameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;

/**
 * Checks a {@link TrainingStep} against the driver's graph before anything is added to it or sent
 * anywhere: the train op, the loss, the feeds, the constant feeds, the metrics and the params, and
 * that every variable the train op trains is synced (or declared local). Each error names what was
 * expected and what came. Stateless; called by the driver thread that owns the graph.
 */
final class StepValidator {

  private static final Logger LOG = LoggerFactory.getLogger(StepValidator.class);

  private static final Set<DataType> METRIC_TYPES =
      Set.of(DataType.DT_FLOAT, DataType.DT_DOUBLE, DataType.DT_INT32, DataType.DT_INT64);

  private StepValidator() {}

  /** What the validated step resolved to. */
  record Validated(
      List<FeedSpec> feeds,
      List<ConstantFeed> constantFeeds,
      List<TrainedParameter> parameters,
      Map<String, String> optimizerState) {}

  static Validated validate(Graph graph, TrainingStep step, String lossName) {
    GraphOperation trainOp = requireOperation(graph, step.trainOpName(), "train op");
    GraphOperation loss = lossName == null ? null : checkLoss(graph, lossName);
    if (step.trainOpName().equals(lossName)) {
      throw new IllegalArgumentException(
          "train op '"
              + lossName
              + "' is the loss: pass the optimizer's minimize op (e.g. new GradientDescent(graph,"
              + " lr).minimize(loss)) as the train op");
    }
    List<FeedSpec> feeds = feeds(graph, step.feedNames());
    List<ConstantFeed> constants = constantFeeds(graph, step);
    Set<String> fed = new HashSet<>(step.feedNames());
    constants.forEach(c -> fed.add(c.name()));
    for (String metric : step.metricNames()) {
      if (fed.contains(metric)) {
        throw new IllegalArgumentException(
            "metric '"
                + metric
                + "' is fed at every step, and TensorFlow cannot fetch a fed tensor; fetch an op"
                + " computed from it (e.g. tf.identity) instead");
      }
      checkMetric(graph, metric);
    }
    List<TrainedParameter> params = GraphInstrumenter.describe(graph, step.paramNames());
    TrainOpAnalysis analysis = TrainOpAnalysis.of(graph, trainOp, loss);
    if (!analysis.updatesAnything()) {
      throw new IllegalArgumentException(
          "train op '"
              + step.trainOpName()
              + "' ("
              + trainOp.type()
              + ") updates no variable; expected an op that applies gradients, e.g. the optimizer's"
              + " minimize op");
    }
    checkParamsCoverTrained(step, analysis);
    return new Validated(feeds, constants, params, analysis.state());
  }

  /**
   * The optimizer state variables a task can reset: float ones of fully known shape (others are
   * left as they are, with a warning).
   */
  static List<String> resettable(Graph graph, Map<String, String> state) {
    List<String> names = new ArrayList<>();
    for (String name : state.keySet()) {
      org.tensorflow.Output<?> value = graph.operation(name).output(0);
      DataType dtype = value.dataType();
      boolean isFloat = dtype == DataType.DT_FLOAT || dtype == DataType.DT_FLOAT_REF;
      if (isFloat && !value.shape().isUnknown() && !value.shape().hasUnknownDimension()) {
        names.add(name);
      } else {
        LOG.warn(
            "optimizer state '{}' ({}, shape {}) is not reset per task: only float variables of known shape are",
            name,
            dtype,
            value.shape());
      }
    }
    return names;
  }

  private static List<FeedSpec> feeds(Graph graph, List<String> names) {
    Set<String> seen = new HashSet<>();
    List<FeedSpec> feeds = new ArrayList<>(names.size());
    for (String name : names) {
      if (!seen.add(name)) {
        throw new IllegalArgumentException("feed '" + name + "' is listed twice in " + names);
      }
      feeds.add(FeedSpec.fromGraph(graph, name));
    }
    return feeds;
  }

  private static List<ConstantFeed> constantFeeds(Graph graph, TrainingStep step) {
    Set<String> seen = new HashSet<>(step.feedNames());
    List<ConstantFeed> bound = new ArrayList<>();
    for (ConstantFeed feed : step.constantFeeds()) {
      if (!seen.add(feed.name())) {
        throw new IllegalArgumentException(
            "constant feed '"
                + feed.name()
                + "' is fed twice (as a row feed "
                + step.feedNames()
                + " or as another constant feed)");
      }
      bound.add(feed.bind(graph));
    }
    return bound;
  }

  private static void checkParamsCoverTrained(TrainingStep step, TrainOpAnalysis analysis) {
    Set<String> params = new HashSet<>(step.paramNames());
    Map<String, String> missing = new LinkedHashMap<>();
    analysis
        .trained()
        .forEach(
            (v, op) -> {
              if (!params.contains(v) && !step.localVariables().contains(v)) {
                missing.put(v, op);
              }
            });
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "the train op trains "
              + missing
              + " but they are not in params: each would train locally in every task and never be"
              + " synced; add them to params, or keep them local on purpose with"
              + " TrainingStep.Builder.localVariables(...)");
    }
    for (String p : step.paramNames()) {
      String stateOp = analysis.state().get(p);
      if (stateOp != null) {
        throw new IllegalArgumentException(
            "param '"
                + p
                + "' is optimizer state (updated by "
                + stateOp
                + ", not read by the loss): optimizer state stays local to each executor session;"
                + " list only the model's trained variables in params");
      }
      if (!analysis.trained().containsKey(p)) {
        LOG.warn("param '{}' is not updated by the train op; the TPS will only hold its value", p);
      }
    }
    for (String local : step.localVariables()) {
      if (!analysis.trained().containsKey(local)) {
        throw new IllegalArgumentException(
            "localVariables names '"
                + local
                + "' but the train op trains only "
                + analysis.trained().keySet());
      }
    }
  }

  private static GraphOperation requireOperation(Graph graph, String name, String what) {
    GraphOperation op = graph.operation(name);
    if (op == null) {
      throw new IllegalArgumentException(what + " '" + name + "' is not an operation of the graph");
    }
    return op;
  }

  private static GraphOperation checkLoss(Graph graph, String lossName) {
    GraphOperation op = requireOperation(graph, lossName, "loss");
    if (op.numOutputs() < 1 || op.output(0).dataType() != DataType.DT_FLOAT) {
      throw new IllegalArgumentException(
          "loss '"
              + lossName
              + "' must be a float32 scalar, got "
              + (op.numOutputs() < 1 ? "an op without outputs" : op.output(0).dataType()));
    }
    requireScalar(op, "loss", "(reduce it with tf.math.mean)");
    return op;
  }

  private static void checkMetric(Graph graph, String name) {
    GraphOperation op = requireOperation(graph, name, "metric");
    if (op.numOutputs() < 1 || !METRIC_TYPES.contains(op.output(0).dataType())) {
      throw new IllegalArgumentException(
          "metric '"
              + name
              + "' must be a float, double, int32 or int64 scalar, got "
              + (op.numOutputs() < 1 ? "an op without outputs" : op.output(0).dataType()));
    }
    requireScalar(op, "metric", "(reduce it, e.g. with tf.math.mean)");
  }

  private static void requireScalar(GraphOperation op, String what, String hint) {
    Shape shape = op.output(0).shape();
    if (!shape.isUnknown() && shape.numDimensions() != 0) {
      throw new IllegalArgumentException(
          what + " '" + op.name() + "' must be a scalar " + hint + ", got shape " + shape);
    }
  }
}
