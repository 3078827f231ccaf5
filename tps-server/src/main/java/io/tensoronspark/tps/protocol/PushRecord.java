package io.tensoronspark.tps.protocol;

/**
 * One applied push as the {@link PushLog} keeps it. Immutable; serializes to JSON with Jackson
 * (record components).
 *
 * @param index the push's position in the log, from 0 (applied pushes, in merge order)
 * @param timeMillis wall-clock time of the merge (epoch milliseconds)
 * @param workerId the pushing worker (partition)
 * @param taskAttemptId the Spark task attempt
 * @param version the server's version after the merge
 * @param staleness the server's version before the merge minus the push's base version
 * @param samples rows the worker trained on since its previous push (0 without progress)
 * @param steps steps since its previous push (0 without progress)
 * @param lossSum sum of (batch loss x batch rows) over those steps (0 without progress)
 * @param metricSums the push's metric sums (empty without)
 */
public record PushRecord(
    long index,
    long timeMillis,
    int workerId,
    long taskAttemptId,
    long version,
    long staleness,
    long samples,
    long steps,
    double lossSum,
    double[] metricSums) {

  /** The mean loss over the push's samples, NaN when it carried none. */
  public double meanLoss() {
    return samples == 0 ? Double.NaN : lossSum / samples;
  }
}
