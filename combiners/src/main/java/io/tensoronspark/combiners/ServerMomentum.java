package io.tensoronspark.combiners;

/**
 * Server-side momentum: the server treats each pushed delta as a descent step (the negative of a
 * gradient, {@code g = -(W - B)}) and applies it through a heavy-ball velocity kept per shard.
 *
 * <ul>
 *   <li>worker sends the delta against the base it pulled: {@code payload[i] = W[i] - B[i]};
 *   <li>server: {@code v[i] = mu * v[i] + payload[i]}, then {@code o[i] += v[i]} (float arithmetic
 *       in that order: the product rounded, the sum rounded, then the addition rounded). v lives in
 *       this shard's {@link CombinerState} buffer {@value #VELOCITY_BUFFER}, zero at first, so
 *       shards never share velocity;
 *   <li>worker then keeps the merged value: {@code W := B := o}.
 * </ul>
 *
 * <h2>Choice of mu</h2>
 *
 * In the long run every delta is applied 1 / (1 - mu) times over: 10 times for the 0.9 usual in
 * synchronous SGD, 2 times for 0.5. Asynchronous pushes already behave like momentum (Mitliagkas et
 * al., "Asynchrony begets momentum", 2016: stale updates add an implicit momentum of about 1 -
 * 1/N), so explicit server momentum stacks on top of it, and the server applies it per push, N
 * times per round of N workers, on deltas computed from stale bases. Simulating this exact protocol
 * on a quadratic where each worker's delta is {@code -c * B} shows the cost: mu = 0.9 diverges
 * already for N = 2 workers at c = 0.2 and for N = 4 at c = 0.05, while mu = 0.5 converges in both
 * cases ({@code ServerMomentumTest} keeps the N = 4 case). {@link #DEFAULT_MOMENTUM} is therefore
 * 0.5; a larger mu is worth trying only with few workers and small local steps.
 *
 * <p>Immutable and serializable (the velocity is server state, not combiner state); mu is validated
 * at construction and again on deserialization.
 */
public final class ServerMomentum implements Combiner {

  private static final long serialVersionUID = 1L;

  /** The name used by {@link Combiners#byName}. */
  public static final String NAME = "server-momentum";

  /**
   * The momentum used by the no-argument constructor (and so by {@link Combiners#byName}); see
   * above.
   */
  public static final float DEFAULT_MOMENTUM = 0.5f;

  /**
   * The name of the per-shard velocity buffer in {@link CombinerState}, as checkpoints store it.
   */
  public static final String VELOCITY_BUFFER = "velocity";

  private final float momentum;

  /** Server momentum with {@link #DEFAULT_MOMENTUM}. */
  public ServerMomentum() {
    this(DEFAULT_MOMENTUM);
  }

  /**
   * Server momentum with the given mu.
   *
   * @param momentum mu, in [0, 1); 0 makes this {@link DeltaSum}
   * @throws IllegalArgumentException when mu is outside [0, 1) or NaN
   */
  public ServerMomentum(float momentum) {
    if (!(momentum >= 0f && momentum < 1f)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    this.momentum = momentum;
  }

  /** The momentum mu. */
  public float momentum() {
    return momentum;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void merge(float[] value, float[] payload, MergeContext context) {
    float[] velocity = context.state().buffer(VELOCITY_BUFFER);
    float mu = momentum;
    ElementwiseMerge.apply(value, velocity, payload, (o, v, p) -> accelerate(o, v, p, mu));
  }

  /** The kernel: {@code velocity[i] = mu * velocity[i] + payload[i]; value[i] += velocity[i]}. */
  private static void accelerate(float[] value, float[] velocity, float[] payload, float mu) {
    for (int i = 0; i < value.length; i++) {
      float v = mu * velocity[i] + payload[i];
      velocity[i] = v;
      value[i] += v;
    }
  }

  /** Re-validates mu: deserialization bypasses the constructor. */
  private Object readResolve() {
    return new ServerMomentum(momentum);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ServerMomentum that && Float.compare(momentum, that.momentum) == 0;
  }

  @Override
  public int hashCode() {
    return Float.hashCode(momentum);
  }

  @Override
  public String toString() {
    return NAME + "(momentum=" + momentum + ")";
  }
}
