package io.tensoronspark.benchmarks.scale;

import io.tensoronspark.benchmarks.scale.CostLine.Line;
import io.tensoronspark.combiners.Combiners;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.server.ParameterStore;
import io.tensoronspark.tps.server.ShardMerger;
import io.tensoronspark.tps.wire.FloatChunks;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * CPU seconds of the TPS's serial section per push: {@link ParameterStore#merge} with the default
 * combiner (delta sum) and default shards, merged sequentially on the calling thread, each shard's
 * merged values copied out as a push's reply is. A merge holds every shard's lock, so this is the
 * time no other push can merge; measured as thread CPU, so load on a shared machine inflates it
 * less than the TPS's wall-clock merge counter. Used by one thread.
 */
final class MergeCostMeter {

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final int rounds;
  private final long roundMillis;

  MergeCostMeter(int rounds, long roundMillis) {
    this.rounds = rounds;
    this.roundMillis = roundMillis;
  }

  /** Serial merge CPU seconds per push of {@code floats} floats, over the rounds. */
  Range measure(int floats) {
    List<ParameterSpec> specs = List.of(new ParameterSpec("w", new long[] {floats}));
    float[] reply = new float[floats];
    try (ShardMerger merger = ShardMerger.sequential()) {
      ParameterStore store =
          new ParameterStore(
              specs,
              List.of(new float[floats]),
              TpsServerConfig.DEFAULT_CHUNK_SIZE_FLOATS,
              Combiners.defaultCombiner(),
              1,
              0,
              merger);
      // Laid out as the TPS decodes a push: one payload array per shard.
      FloatChunks[] payload = store.newPayloadBuffers();
      payload[0].put(FloatBuffer.wrap(PushCostMeter.smallDeltas(floats)), 0, floats);
      double[] perPush = new double[rounds + 1];
      for (int r = 0; r <= rounds; r++) {
        long cpu0 = threads.getCurrentThreadCpuTime();
        long deadline = System.nanoTime() + roundMillis * 1_000_000L;
        int n = 0;
        while (n < PushCostMeter.MIN_PUSHES_PER_ROUND || System.nanoTime() < deadline) {
          store.merge(
              payload,
              0,
              0,
              (param, offset, values) -> System.arraycopy(values, 0, reply, offset, values.length));
          n++;
        }
        perPush[r] = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9 / n;
      }
      // Round 0 warms up.
      return Range.of(java.util.Arrays.copyOfRange(perPush, 1, perPush.length));
    }
  }

  /** The line through the medians at {@code floats} sizes (at least two). */
  Line fit(int[] floats) {
    double[] x = new double[floats.length];
    double[] y = new double[floats.length];
    for (int i = 0; i < floats.length; i++) {
      x[i] = floats[i];
      y[i] = measure(floats[i]).median();
    }
    return CostLine.line(x, y);
  }
}
