package io.tensoronspark.combiners;

/**
 * Staleness-aware delta (DynSGD, Jiang et al., SIGMOD 2017): a delta computed from an old snapshot
 * is damped by how stale it is, with staleness counted in rounds of the N workers' pushes.
 *
 * <ul>
 *   <li>worker sends the delta against the base it pulled: {@code payload[i] = W[i] - B[i]};
 *   <li>server: {@code o[i] += payload[i] / d}, with {@code d = max(1, (s + 1) / N)}, s = {@link
 *       MergeContext#staleness()} and N = {@link MergeContext#workerCount()}: d is the ratio
 *       rounded once to a float, then a float division (correctly rounded) and a float addition. A
 *       delta at most one round old ({@code s < N}: only the other workers' pushes of the same
 *       round came in between) is added in full, as by {@link DeltaSum}; an older one (a straggler
 *       that missed rounds) is divided by the rounds it spans. With one worker, {@code d = s + 1};
 *   <li>worker then keeps the merged value: {@code W := B := o}.
 * </ul>
 *
 * <h2>Why rounds, not pushes</h2>
 *
 * With N workers pushing in turn, every push has {@code s = N - 1}: the others' pushes since its
 * pull are the asynchrony itself, not a straggler. Dividing by {@code s + 1} then scales every
 * delta by 1/N, which is model averaging's progress per epoch: on the MNIST MLP with 4 partitions
 * on {@code local[4]} that cost 1.05 points of test accuracy on average over 4 seeds against 1
 * partition at the same epochs, counting rounds 0.19 (benchmarks/README.md, "Async training
 * quality"). Counting rounds keeps the damping for deltas older than one round and trains as fast
 * as delta sum otherwise.
 *
 * <p>Stateless, immutable and serializable.
 */
public final class StalenessAwareDelta extends ParameterlessCombiner {

  private static final long serialVersionUID = 1L;

  /** The name used by {@link Combiners#byName}. */
  public static final String NAME = "dynsgd";

  /** The combiner; equal to every other instance. */
  public StalenessAwareDelta() {
    super(NAME);
  }

  @Override
  public void merge(float[] value, float[] payload, MergeContext context) {
    long staleness = context.staleness();
    if (staleness < 0) {
      throw new IllegalArgumentException("staleness must be >= 0, got " + staleness);
    }
    int workerCount = context.workerCount();
    if (workerCount < 1) {
      throw new IllegalArgumentException("workerCount must be >= 1, got " + workerCount);
    }
    float divisor = divisor(staleness, workerCount);
    if (divisor == 1f) {
      ElementwiseMerge.apply(value, payload, DeltaSum::add);
      return;
    }
    ElementwiseMerge.apply(value, payload, (v, p) -> ModelAveraging.addDivided(v, p, divisor));
  }

  /** {@code max(1, (s + 1) / N)}, the ratio rounded once to a float. */
  static float divisor(long staleness, int workerCount) {
    double rounds = (staleness + 1.0) / workerCount;
    return rounds <= 1.0 ? 1f : (float) rounds;
  }
}
