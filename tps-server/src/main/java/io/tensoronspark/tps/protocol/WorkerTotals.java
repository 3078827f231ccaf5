package io.tensoronspark.tps.protocol;

/**
 * What one worker (partition) pushed since the server started, as {@link PushLog#totals()} reports
 * it. Immutable.
 *
 * @param workerId the worker (partition)
 * @param pushes applied pushes
 * @param samples samples reported by them
 * @param steps steps reported by them
 * @param lossSum loss sums reported by them
 * @param lastStaleness the staleness of its latest push
 * @param maxStaleness the largest staleness of its pushes
 * @param lastPushMillis wall-clock time of its latest push (epoch milliseconds)
 */
public record WorkerTotals(
    int workerId,
    long pushes,
    long samples,
    long steps,
    double lossSum,
    long lastStaleness,
    long maxStaleness,
    long lastPushMillis) {}
