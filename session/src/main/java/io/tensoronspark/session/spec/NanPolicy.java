package io.tensoronspark.session.spec;

/** What a task does when a training step's loss is NaN or infinite. */
public enum NanPolicy {
  /**
   * Fail the task with an error naming the partition and the step, before anything from the
   * poisoned step reaches the TPS. The default: a diverging model is a bug to see, not to hide.
   */
  FAIL,
  /**
   * Drop the local progress since the last sync (restore the last base received from the TPS), skip
   * the batch and carry on; the number of skipped batches is reported in the task stats.
   */
  SKIP_BATCH
}
