package io.tensoronspark.session;

/**
 * Where the driver's wall time of one epoch went, in order. The job phase holds the Spark job:
 * broadcasting the run spec, job and task start, the tasks' input (a repartition's shuffle runs
 * here) and their training; each task's own share is in {@link TaskStats#taskNanos()}. Immutable.
 *
 * @param prepareMillis validating the step, instrumenting the graph, reading the driver's values,
 *     publishing a changed graph, starting the TPS on the first epoch and building the run spec
 * @param jobMillis the Spark job, broadcast included
 * @param assignMillis writing the TPS's merged values into the driver's session
 * @param checkpointMillis the TPS checkpoint at the epoch's end
 */
public record EpochPhases(
    long prepareMillis, long jobMillis, long assignMillis, long checkpointMillis) {

  /** No phase measured (for reports built outside an epoch run). */
  public static final EpochPhases NONE = new EpochPhases(0, 0, 0, 0);
}
