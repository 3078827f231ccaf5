package io.tensoronspark.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.framework.optimizers.Adam;
import org.tensorflow.framework.optimizers.GradientDescent;
import org.tensorflow.framework.optimizers.Optimizer;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * Gradient descent or Adam whose learning rate halves every {@code halfLifeSteps} training steps:
 * {@code rate = base x 0.5^(step / halfLifeSteps)}, {@code step} counting the steps the TF session
 * has run so far. tensorflow-framework's optimizers take a fixed float rate, so the updates are the
 * raw training ops that take the rate as an operand ({@code ApplyGradientDescent}, {@code
 * ApplyAdam} with Adam's defaults: beta1 0.9, beta2 0.999, epsilon 1e-8) over the gradients {@link
 * Optimizer} computes.
 *
 * <p>The counter is the float scalar variable {@link #STEP}; the train op assigns it {@code step +
 * 1} after every update, and the loss does not read it. A {@code DistributedSession} therefore
 * treats it as optimizer state, like Adam's moments: never a param, never synced, local to each
 * executor session and kept or reset with the moments ({@code --optimizer-state}). Each task decays
 * over its own session's steps (2 partitions of 8,000 rows at batch 64: 62 a session per epoch); a
 * plain loop over all of them (125). A plain assign, not an {@code AssignAdd}, keeps the counter
 * recognised as state even without a loss. Floats count steps exactly up to 2^24. Adam's bias
 * corrections use the same counter ({@code beta^(step + 1)}), so there are no beta-power variables;
 * the counter advances only after every update of the step (tensorflow-framework 1.0.0's Adam does
 * not order its beta-power updates after its ApplyAdam ops, so its results vary from run to run).
 *
 * <p>Build the train op on the driver from one thread, as with the framework's optimizers; what it
 * adds belongs to the graph.
 */
public final class HalfLifeOptimizer extends Optimizer {

  /** The step counter's name: a float scalar variable, 0 before the first step. */
  public static final String STEP = "lr_step";

  /** The current learning rate's op name (float scalar): base x 0.5^(step / half-life). */
  public static final String RATE = "learning_rate";

  private final MnistModel.OptimizerKind kind;
  private final float baseRate;
  private final long halfLifeSteps;
  private Variable<TFloat32> step;
  private Operand<TFloat32> rate;
  private Operand<TFloat32> betaOnePower;
  private Operand<TFloat32> betaTwoPower;

  /**
   * A {@code kind} optimizer starting at {@code baseRate} and halving it every {@code
   * halfLifeSteps} steps.
   */
  public HalfLifeOptimizer(
      Graph graph, MnistModel.OptimizerKind kind, float baseRate, long halfLifeSteps) {
    super(graph, nameOf(kind));
    if (!(baseRate > 0f && Float.isFinite(baseRate))) {
      throw new IllegalArgumentException(
          "the learning rate must be positive and finite, got " + baseRate);
    }
    if (halfLifeSteps <= 0) {
      throw new IllegalArgumentException(
          "the learning rate's half-life must be at least 1 step, got " + halfLifeSteps);
    }
    this.kind = kind;
    this.baseRate = baseRate;
    this.halfLifeSteps = halfLifeSteps;
  }

  /**
   * The optimizer of {@code kind} at {@code rate}: the framework's constant-rate one when {@code
   * halfLifeSteps} is 0, else a {@link HalfLifeOptimizer}.
   */
  public static Optimizer create(
      Graph graph, MnistModel.OptimizerKind kind, float rate, long halfLifeSteps) {
    if (halfLifeSteps < 0) {
      throw new IllegalArgumentException(
          "the learning rate's half-life must be 0 (constant rate) or positive, got "
              + halfLifeSteps);
    }
    if (halfLifeSteps > 0) {
      return new HalfLifeOptimizer(graph, kind, rate, halfLifeSteps);
    }
    return kind == MnistModel.OptimizerKind.ADAM
        ? new Adam(graph, rate)
        : new GradientDescent(graph, rate);
  }

  private static String nameOf(MnistModel.OptimizerKind kind) {
    return kind == MnistModel.OptimizerKind.ADAM ? "HalfLifeAdam" : "HalfLifeGradientDescent";
  }

  @Override
  protected void createSlots(List<Output<? extends TType>> variables) {
    if (kind == MnistModel.OptimizerKind.ADAM) {
      for (Output<? extends TType> v : variables) {
        createMoments(v);
      }
    }
    step = tf.withName(STEP).variable(tf.constant(0f));
  }

  private <T extends TType> void createMoments(Output<T> variable) {
    Shape shape = variable.shape();
    if (shape.isUnknown() || shape.hasUnknownDimension()) {
      throw new IllegalArgumentException(
          "Adam's moments need variables of known shape; '"
              + variable.op().name()
              + "' has shape "
              + shape);
    }
    createSlot(
        variable, Adam.FIRST_MOMENT, tf.zeros(tf.constant(shape.asArray()), variable.type()));
    createSlot(
        variable, Adam.SECOND_MOMENT, tf.zeros(tf.constant(shape.asArray()), variable.type()));
  }

  @Override
  protected Optional<Op> prepare(String scopeName) {
    Operand<TFloat32> halfLives = tf.math.div(step, tf.constant((float) halfLifeSteps));
    rate =
        tf.withName(RATE)
            .math
            .mul(tf.constant(baseRate), tf.math.pow(tf.constant(0.5f), halfLives));
    if (kind == MnistModel.OptimizerKind.ADAM) {
      Operand<TFloat32> t = tf.math.add(step, tf.constant(1f)); // this step's 1-based number
      betaOnePower = tf.math.pow(tf.constant(Adam.BETA_ONE_DEFAULT), t);
      betaTwoPower = tf.math.pow(tf.constant(Adam.BETA_TWO_DEFAULT), t);
    }
    return Optional.empty();
  }

  @Override
  protected <T extends TType> Op applyDense(Ops deps, Output<T> gradient, Output<T> variable) {
    Class<T> type = variable.type();
    if (kind == MnistModel.OptimizerKind.SGD) {
      return deps.train.applyGradientDescent(variable, cast(deps, rate, type), gradient);
    }
    Variable<T> m = getSlot(variable, Adam.FIRST_MOMENT).orElseThrow();
    Variable<T> v = getSlot(variable, Adam.SECOND_MOMENT).orElseThrow();
    return deps.train.applyAdam(
        variable,
        m,
        v,
        cast(deps, betaOnePower, type),
        cast(deps, betaTwoPower, type),
        cast(deps, rate, type),
        cast(deps, deps.constant(Adam.BETA_ONE_DEFAULT), type),
        cast(deps, deps.constant(Adam.BETA_TWO_DEFAULT), type),
        cast(deps, deps.constant(Adam.EPSILON_DEFAULT), type),
        gradient);
  }

  private static <T extends TType> Operand<T> cast(
      Ops deps, Operand<TFloat32> value, Class<T> type) {
    return deps.dtypes.cast(value, type);
  }

  /** Advances the counter once every update has read this step's rate. */
  @Override
  protected Op finish(List<Op> updateOperations, String name) {
    Ops after = tf.withControlDependencies(updateOperations);
    Op advance = after.assign(step, after.math.add(step, after.constant(1f)));
    List<Op> all = new ArrayList<>(updateOperations);
    all.add(advance);
    return super.finish(all, name);
  }

  @Override
  public String getOptimizerName() {
    return nameOf(kind);
  }

  @Override
  public String toString() {
    return nameOf(kind) + "{baseRate=" + baseRate + ", halfLifeSteps=" + halfLifeSteps + "}";
  }
}
