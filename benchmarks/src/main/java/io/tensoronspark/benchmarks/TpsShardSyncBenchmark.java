package io.tensoronspark.benchmarks;

import io.tensoronspark.combiners.Combiner;
import io.tensoronspark.combiners.CombinerState;
import io.tensoronspark.combiners.DeltaSum;
import io.tensoronspark.combiners.MergeContext;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jctools.queues.MpscArrayQueue;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How the TPS serializes merges into one shard, measured in isolation: the per-shard lock the
 * server uses ({@code ReentrantLock}: merge, then copy the shard into the pusher's reply, under the
 * lock) against flat combining over a JCTools MPSC queue (pushers enqueue their merge; whoever wins
 * the drain flag merges everything queued, copying each reply, and wakes the waiters). Same
 * combiner (delta sum), same copy, 1 and 4 threads pushing into one shard of {@code floats}. One
 * operation = one merge + reply copy.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar TpsShardSyncBenchmark -f 1 -wi 2 -i 3
 * -w 1s -r 1s}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class TpsShardSyncBenchmark {

  private static final Combiner COMBINER = new DeltaSum();

  /** One shard, reachable both ways. */
  @State(Scope.Benchmark)
  public static class ShardState {
    @Param({"7850", "1048576"})
    public int floats;

    float[] values;
    CombinerState state;
    final ReentrantLock lock = new ReentrantLock();
    final MpscArrayQueue<MergeTask> queue = new MpscArrayQueue<>(1024);
    final AtomicBoolean draining = new AtomicBoolean();

    @Setup(Level.Trial)
    public void setUp() {
      values = new float[floats];
      state = new CombinerState(floats);
    }

    MergeContext context() {
      CombinerState s = state;
      return new MergeContext() {
        @Override
        public long staleness() {
          return 0;
        }

        @Override
        public int workerCount() {
          return 4;
        }

        @Override
        public int workerId() {
          return 0;
        }

        @Override
        public CombinerState state() {
          return s;
        }
      };
    }
  }

  /** A pusher's payload and reply arrays. */
  @State(Scope.Thread)
  public static class Pusher {
    float[] payload;
    float[] reply;

    @Setup(Level.Trial)
    public void setUp(ShardState shard) {
      payload = new float[shard.floats];
      java.util.Arrays.fill(payload, 1e-6f);
      reply = new float[shard.floats];
    }
  }

  /** A queued merge: done is set (then the thread unparked) by whichever thread merged it. */
  static final class MergeTask {
    final float[] payload;
    final float[] reply;
    final Thread owner = Thread.currentThread();
    volatile boolean done;

    MergeTask(float[] payload, float[] reply) {
      this.payload = payload;
      this.reply = reply;
    }
  }

  static float locked(ShardState shard, Pusher pusher) {
    shard.lock.lock();
    try {
      COMBINER.merge(shard.values, pusher.payload, shard.context());
      System.arraycopy(shard.values, 0, pusher.reply, 0, shard.floats);
    } finally {
      shard.lock.unlock();
    }
    return pusher.reply[0];
  }

  static float combining(ShardState shard, Pusher pusher) {
    MergeTask task = new MergeTask(pusher.payload, pusher.reply);
    while (!shard.queue.offer(task)) {
      Thread.onSpinWait();
    }
    while (!task.done) {
      if (shard.draining.compareAndSet(false, true)) {
        try {
          for (MergeTask next = shard.queue.poll(); next != null; next = shard.queue.poll()) {
            COMBINER.merge(shard.values, next.payload, shard.context());
            System.arraycopy(shard.values, 0, next.reply, 0, shard.floats);
            next.done = true;
            if (next.owner != Thread.currentThread()) {
              LockSupport.unpark(next.owner);
            }
          }
        } finally {
          shard.draining.set(false);
        }
      } else if (!task.done) {
        LockSupport.parkNanos(50_000);
      }
    }
    return pusher.reply[0];
  }

  @Benchmark
  @Threads(1)
  public float locked1(ShardState shard, Pusher pusher) {
    return locked(shard, pusher);
  }

  @Benchmark
  @Threads(4)
  public float locked4(ShardState shard, Pusher pusher) {
    return locked(shard, pusher);
  }

  @Benchmark
  @Threads(1)
  public float combining1(ShardState shard, Pusher pusher) {
    return combining(shard, pusher);
  }

  @Benchmark
  @Threads(4)
  public float combining4(ShardState shard, Pusher pusher) {
    return combining(shard, pusher);
  }
}
