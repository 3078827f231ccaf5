package io.tensoronspark.session.executor;

import io.tensoronspark.session.TaskStats;
import java.io.Serializable;

/**
 * What a training task sends back to the driver: the user-facing {@link TaskStats} and the
 * executor-side diagnostics the session's own tests check (how often the executor JVM loaded the
 * model, how many TF sessions it made for it, where its session ran). Immutable.
 *
 * @param stats what the task did
 * @param modelLoadsInJvm models loaded so far by the executor JVM that ran the task
 * @param sessionsInJvm TF sessions created for this model in that JVM: the peak number of
 *     concurrent tasks
 * @param gpu the GPUs the task's session saw and the device its graph was placed on ({@link
 *     GpuPlacement#CPU} without a GPU)
 */
public record TaskOutcome(TaskStats stats, int modelLoadsInJvm, int sessionsInJvm, GpuPlacement gpu)
    implements Serializable {}
