package io.tensoronspark.session;

/**
 * Callbacks a program registers with {@link DistributedSession#addListener} to watch training.
 * Every method has an empty default, so a listener overrides only what it needs.
 *
 * <p>Threads: {@link #onEpochStart} and {@link #onEpochEnd} run on the driver thread that called
 * {@code run}, before the epoch's Spark job starts and after its report is built. {@link
 * #onProgress} runs about every half second during the epoch on the session's progress thread,
 * never concurrently with itself nor with the other two, and once more on the driver thread with
 * the epoch's final counts just before {@link #onEpochEnd}; keep it short (it delays the next
 * update, not training). A listener that throws from {@link #onEpochStart} or {@link #onEpochEnd}
 * (or from the final {@link #onProgress}) fails the {@code run} call (the epoch's training itself
 * is not undone); one that throws from a periodic {@link #onProgress} is logged. Listeners are
 * called in the order they were added.
 */
public interface TrainingListener {

  /**
   * Epoch {@code epoch} (from 1) is about to start.
   *
   * @param expectedSamples the samples the epoch is expected to train on: the previous epoch's
   *     count, or -1 when unknown (the first epoch)
   */
  default void onEpochStart(int epoch, long expectedSamples) {}

  /**
   * The running epoch's progress, from the progress the workers' pushes carried.
   *
   * @param progress samples, steps, pushes, running loss, rate and per-worker staleness so far
   */
  default void onProgress(TrainingProgress progress) {}

  /** Epoch {@code report.epoch()} has finished; its merged values are in the driver session. */
  default void onEpochEnd(EpochReport report) {}

  /**
   * {@code fit} evaluated epoch {@code epoch}: {@code value} is the monitored value (the validation
   * named {@code name}, or the mean training loss "loss"). Runs on the fit's driver thread after
   * {@link #onEpochEnd}.
   */
  default void onValidation(int epoch, String name, double value) {}
}
