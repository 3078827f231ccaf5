package io.tensoronspark.benchmarks.scale;

/**
 * How many workers one driver TPS carries, from per-round-trip costs. Pure arithmetic, immutable,
 * thread-safe.
 *
 * <p>A worker syncs every {@code interval} steps, so it asks for {@code 1 / (stepSeconds x
 * interval)} round trips per second. The TPS serves at most the smallest of:
 *
 * <ul>
 *   <li>NIC in: usable NIC bytes per second / push body bytes (pushes arrive on the receive side);
 *   <li>NIC out: the same / reply body bytes (the merged values go back on the send side, always
 *       F32: compression does not shrink them);
 *   <li>CPU: driver cores / the TPS's CPU seconds per round trip;
 *   <li>merge lock: 1 / merge seconds per push, because a merge holds every shard's lock for its
 *       whole duration (all-or-nothing, see {@code ParameterStore}), so merges run one at a time
 *       whatever the core count.
 * </ul>
 *
 * Max workers = that capacity x stepSeconds x interval, rounded down.
 */
final class ScaleModel {

  /**
   * TCP payload per byte on the wire at MTU 1500: 1448 payload bytes (with TCP timestamps) per 1538
   * bytes of Ethernet frame, preamble and gap.
   */
  static final double TCP_GOODPUT = 1448.0 / 1538.0;

  private ScaleModel() {}

  /** Which resource bounds the TPS first. */
  enum Limit {
    NIC_IN("in"),
    NIC_OUT("out"),
    CPU("cpu"),
    MERGE_LOCK("lock");

    final String tag;

    Limit(String tag) {
      this.tag = tag;
    }
  }

  /** Round trips per second one TPS serves, and what bounds it. */
  record Capacity(double syncsPerSecond, Limit limit) {}

  /**
   * The capacity of a driver with {@code cores} cores for the TPS and a {@code nicGbps} NIC, for
   * pushes of {@code floats} floats costing as {@code costs} says, whose merges hold every shard
   * lock for {@code serialMerge} seconds.
   */
  static Capacity capacity(
      CostLine costs, CostLine.Line serialMerge, double floats, double nicGbps, int cores) {
    return capacity(
        costs.pushBytes().at(floats),
        costs.pullBytes().at(floats),
        costs.serverCpuSeconds().at(floats),
        serialMerge.at(floats),
        nicGbps,
        cores);
  }

  /** The same from the four per-round-trip figures. */
  static Capacity capacity(
      double pushBytes,
      double pullBytes,
      double serverCpuSeconds,
      double mergeSeconds,
      double nicGbps,
      int cores) {
    if (!(pushBytes > 0 && pullBytes > 0 && serverCpuSeconds > 0 && nicGbps > 0 && cores > 0)) {
      throw new IllegalArgumentException(
          "expected positive bytes, CPU seconds, NIC rate and cores, got "
              + pushBytes
              + ", "
              + pullBytes
              + ", "
              + serverCpuSeconds
              + ", "
              + nicGbps
              + ", "
              + cores);
    }
    double nicBytesPerSecond = nicGbps * 1e9 / 8 * TCP_GOODPUT;
    Capacity best = new Capacity(nicBytesPerSecond / pushBytes, Limit.NIC_IN);
    best = lower(best, nicBytesPerSecond / pullBytes, Limit.NIC_OUT);
    best = lower(best, cores / serverCpuSeconds, Limit.CPU);
    return mergeSeconds > 0 ? lower(best, 1 / mergeSeconds, Limit.MERGE_LOCK) : best;
  }

  private static Capacity lower(Capacity best, double candidate, Limit limit) {
    return candidate < best.syncsPerSecond() ? new Capacity(candidate, limit) : best;
  }

  /** Workers whose syncs every {@code interval} steps of {@code stepSeconds} fit in {@code c}. */
  static long maxWorkers(Capacity c, double stepSeconds, int interval) {
    if (!(stepSeconds > 0) || interval < 1) {
      throw new IllegalArgumentException(
          "expected stepSeconds > 0 and interval >= 1, got " + stepSeconds + ", " + interval);
    }
    return (long) Math.floor(c.syncsPerSecond() * stepSeconds * interval + 1e-9);
  }

  /**
   * Round trips per second that {@code workers} loop workers reach on one machine of {@code cores}
   * cores that they share with the TPS: each worker waits {@code computeSeconds} (off the CPU, as a
   * GPU step would) then does a round trip of {@code roundTripSeconds} wall time when alone; all
   * together cannot use more than the cores, at {@code serverCpu + clientCpu} CPU seconds per round
   * trip, nor merge faster than one at a time.
   */
  static double sharedMachineRate(
      int workers,
      double computeSeconds,
      double roundTripSeconds,
      double serverCpuSeconds,
      double clientCpuSeconds,
      double mergeSeconds,
      int cores) {
    double latencyBound = workers / (computeSeconds + roundTripSeconds);
    double cpuBound = cores / (serverCpuSeconds + clientCpuSeconds);
    double lockBound = mergeSeconds > 0 ? 1 / mergeSeconds : Double.POSITIVE_INFINITY;
    return Math.min(latencyBound, Math.min(cpuBound, lockBound));
  }
}
