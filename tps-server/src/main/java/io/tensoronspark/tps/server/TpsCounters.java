package io.tensoronspark.tps.server;

import io.tensoronspark.tps.protocol.TpsStats;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's live counters. Thread-safe (adders); {@link #snapshot} gives an immutable {@link
 * TpsStats}.
 */
public final class TpsCounters {

  final LongAdder pushesApplied = new LongAdder();
  final LongAdder pushesDuplicate = new LongAdder();
  final LongAdder pushesRejected = new LongAdder();
  final LongAdder pushesStaleRejected = new LongAdder();
  final LongAdder pushesStaleScaled = new LongAdder();
  final LongAdder pushesSuperseded = new LongAdder();
  final LongAdder pulls = new LongAdder();
  final LongAdder pullsSuperseded = new LongAdder();
  final LongAdder bytesIn = new LongAdder();
  final LongAdder bytesOut = new LongAdder();
  final LongAdder authFailures = new LongAdder();
  final LongAdder busyRejections = new LongAdder();
  final LongAdder mergeNanos = new LongAdder();
  private final Map<Integer, LongAdder> pushesByWorker = new ConcurrentHashMap<>();

  void applied(int workerId, long nanos) {
    pushesApplied.increment();
    mergeNanos.add(nanos);
    pushesByWorker.computeIfAbsent(workerId, k -> new LongAdder()).increment();
  }

  /** Counts a request refused with 401. */
  public void authFailure() {
    authFailures.increment();
  }

  /** Counts a request refused with 503. */
  public void busyRejection() {
    busyRejections.increment();
  }

  /** Counts a push refused with a 4xx. */
  public void pushRejected() {
    pushesRejected.increment();
  }

  /** An immutable copy of the counters now. */
  public TpsStats snapshot() {
    Map<Integer, Long> byWorker = new HashMap<>();
    pushesByWorker.forEach((worker, count) -> byWorker.put(worker, count.sum()));
    return new TpsStats(
        pushesApplied.sum(),
        pushesDuplicate.sum(),
        pushesRejected.sum(),
        pushesStaleRejected.sum(),
        pushesStaleScaled.sum(),
        pushesSuperseded.sum(),
        pulls.sum(),
        pullsSuperseded.sum(),
        bytesIn.sum(),
        bytesOut.sum(),
        authFailures.sum(),
        busyRejections.sum(),
        mergeNanos.sum(),
        byWorker);
  }
}
