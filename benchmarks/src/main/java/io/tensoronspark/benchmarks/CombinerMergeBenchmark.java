package io.tensoronspark.benchmarks;

import io.tensoronspark.combiners.Combiner;
import io.tensoronspark.combiners.CombinerState;
import io.tensoronspark.combiners.Combiners;
import io.tensoronspark.combiners.MergeContext;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Server-half merge throughput of every built-in combiner on one 1M-float shard, against plain
 * loops over the same arrays in the same run: {@code dst[i] += src[i]} (the target: each combiner
 * should reach at least 70% of it); to show what a division costs, {@code dst[i] += src[i] / n} and
 * {@code dst[i] += src[i] * (1 / n)}; and the plain loop of server momentum, which moves five
 * arrays' worth of memory instead of three.
 *
 * <p>One operation is one merge of {@value #SHARD_FLOATS} floats. The context has N = {@value
 * #WORKER_COUNT} workers and staleness {@value #STALENESS}, so the dividing rules divide by 3,
 * which (unlike a power of two) is not exact as a multiplication by its reciprocal. The value is
 * reset before every iteration, so delta rules do not drift far. The payload is an array as long as
 * the shard, as the server hands it to {@code Combiner.merge}.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar CombinerMergeBenchmark -f 1 -wi 2 -i 3
 * -w 1s -r 1s}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CombinerMergeBenchmark {

  /** Floats in the benchmarked shard: 4 MiB per array. */
  public static final int SHARD_FLOATS = 1 << 20;

  /**
   * N in the merge context; 3 so the dividing rules divide by a number that is not a power of two.
   */
  public static final int WORKER_COUNT = 3;

  /** s in the merge context; 2 so the staleness-aware rule divides by s + 1 = 3. */
  public static final long STALENESS = 2;

  /**
   * A shard's value and its payload, filled with seeded random numbers in [-1, 1). The value is
   * reset before every iteration.
   */
  @State(Scope.Thread)
  public static class Shard {
    float[] value;
    float[] payload;
    private float[] initialValue;

    @Setup(Level.Trial)
    public void fill() {
      SplittableRandom random = new SplittableRandom(42);
      initialValue = new float[SHARD_FLOATS];
      payload = new float[SHARD_FLOATS];
      for (int i = 0; i < SHARD_FLOATS; i++) {
        initialValue[i] = (float) (random.nextDouble() * 2 - 1);
        payload[i] = (float) (random.nextDouble() * 2 - 1);
      }
      value = new float[SHARD_FLOATS];
    }

    @Setup(Level.Iteration)
    public void reset() {
      System.arraycopy(initialValue, 0, value, 0, SHARD_FLOATS);
    }
  }

  /** A {@link Shard} plus a velocity buffer for {@link #plainMomentum}. */
  @State(Scope.Thread)
  public static class MomentumShard extends Shard {
    float[] velocity = new float[SHARD_FLOATS];
  }

  /** A {@link Shard} plus the combiner under test, chosen by name, and its merge context. */
  @State(Scope.Thread)
  public static class CombinerShard extends Shard {
    @Param({
      "delta-sum",
      "model-averaging",
      "dynsgd",
      "easgd",
      "moving-mean",
      "replace",
      "server-momentum"
    })
    public String combinerName;

    Combiner combiner;
    MergeContext context;

    @Setup(Level.Trial)
    public void load() {
      combiner = Combiners.byName(combinerName);
      context = MergeContext.of(STALENESS, WORKER_COUNT, 0, new CombinerState(SHARD_FLOATS));
    }
  }

  /** The reference: a plain element-wise add, as simple as a merge can be. */
  @Benchmark
  public void plainAdd(Shard shard) {
    float[] dst = shard.value;
    float[] src = shard.payload;
    for (int i = 0; i < dst.length; i++) {
      dst[i] += src[i];
    }
  }

  /** A plain add of {@code src[i] / n}: what a correctly rounded division per element costs. */
  @Benchmark
  public void plainAddDivided(Shard shard) {
    float[] dst = shard.value;
    float[] src = shard.payload;
    float n = WORKER_COUNT;
    for (int i = 0; i < dst.length; i++) {
      dst[i] += src[i] / n;
    }
  }

  /**
   * A plain add of {@code src[i] * (1 / n)}: the faster but differently rounded alternative to the
   * division.
   */
  @Benchmark
  public void plainAddScaled(Shard shard) {
    float[] dst = shard.value;
    float[] src = shard.payload;
    float reciprocal = 1f / WORKER_COUNT;
    for (int i = 0; i < dst.length; i++) {
      dst[i] += src[i] * reciprocal;
    }
  }

  /**
   * The plain loop of a rule with a per-shard buffer (server momentum's heavy ball, mu = 0.5): five
   * array streams instead of three, so on a bandwidth-bound machine its ceiling is about 3/5 of
   * {@link #plainAdd}.
   */
  @Benchmark
  public void plainMomentum(MomentumShard shard) {
    float[] dst = shard.value;
    float[] velocity = shard.velocity;
    float[] src = shard.payload;
    for (int i = 0; i < dst.length; i++) {
      float v = 0.5f * velocity[i] + src[i];
      velocity[i] = v;
      dst[i] += v;
    }
  }

  /** One merge of the whole shard through the combiner named by {@code combinerName}. */
  @Benchmark
  public void merge(CombinerShard shard) {
    shard.combiner.merge(shard.value, shard.payload, shard.context);
  }
}
