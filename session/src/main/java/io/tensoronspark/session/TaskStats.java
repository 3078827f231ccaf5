package io.tensoronspark.session;

import java.io.Serializable;

/**
 * What one successful task attempt did on its partition, returned to the driver and folded into the
 * {@link EpochReport}. Immutable.
 *
 * @param partition the Spark partition index (the worker id at the TPS)
 * @param attemptNumber Spark's attempt number of this task (0 for the first attempt)
 * @param taskAttemptId Spark's application-unique task attempt id (the TPS's deduplication key)
 * @param executorId the executor that ran the task ("driver" in local mode)
 * @param samples rows trained on
 * @param steps training steps (batches) run
 * @param lossSum the sum over steps of (mean batch loss x batch rows); NaN when the run has no loss
 * @param computeNanos time spent assembling batches and running training steps
 * @param syncNanos time spent exchanging parameters with the TPS (pulls, pushes, variable reads and
 *     writes)
 * @param pushes push round trips to the TPS
 * @param pulls pulls from the TPS
 * @param skippedBatches batches dropped because their loss was not finite (NanPolicy.SKIP_BATCH)
 * @param metricSums per metric of the run, the sum over steps of (batch value x batch rows)
 * @param taskNanos the whole task on its executor: model lookup, TF session, TPS client, reading
 *     the partition's rows (a repartition's shuffle read), training and sync
 */
public record TaskStats(
    int partition,
    int attemptNumber,
    long taskAttemptId,
    String executorId,
    long samples,
    long steps,
    double lossSum,
    long computeNanos,
    long syncNanos,
    long pushes,
    long pulls,
    long skippedBatches,
    double[] metricSums,
    long taskNanos)
    implements Serializable {}
