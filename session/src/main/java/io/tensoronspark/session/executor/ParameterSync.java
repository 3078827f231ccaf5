package io.tensoronspark.session.executor;

import io.tensoronspark.combiners.Combiner;
import io.tensoronspark.session.model.ParameterAccess;
import io.tensoronspark.tps.TpsClient;
import io.tensoronspark.tps.protocol.PushHeader;
import io.tensoronspark.tps.protocol.PushProgress;
import io.tensoronspark.tps.protocol.StalePushException;
import org.tensorflow.Session;

/**
 * The worker half of the parameter exchange for one task: keeps W (local), B (base, the last values
 * received from the TPS), the payload and the reply buffers, allocated once per task, and runs the
 * combiner's worker half around each round trip, which blocks the task until the reply came. A push
 * the TPS refuses as too stale (its staleness bound under {@code StalenessPolicy.REJECT}) is not a
 * failure: the update was computed against values too old to merge, so it is dropped, the task
 * re-pulls (W := B := the server's values) and trains on. Used by one task thread only; {@link
 * OverlappedSync} runs the round trips beside the training instead.
 */
class ParameterSync implements AutoCloseable {

  final TpsClient client;
  final Combiner combiner;
  final ParameterAccess access;
  final Session session;
  private final int workerId;
  private final long taskAttemptId;
  final float[][] local;
  final float[][] base;
  final float[][] payload;
  final float[][] merged;
  long baseVersion;
  private long sequence;
  private java.util.function.Supplier<PushProgress> progress;
  private long pushes;
  private long pulls;

  ParameterSync(
      TpsClient client,
      Combiner combiner,
      ParameterAccess access,
      Session session,
      int workerId,
      long taskAttemptId) {
    this.client = client;
    this.combiner = combiner;
    this.access = access;
    this.session = session;
    this.workerId = workerId;
    this.taskAttemptId = taskAttemptId;
    this.local = access.newArrays();
    this.base = access.newArrays();
    this.payload = access.newArrays();
    this.merged = access.newArrays();
  }

  /**
   * Pulls the TPS's current values into the session: W := B := server values. The pull names this
   * attempt, so it takes the partition over from any older attempt (a speculative copy supersedes
   * its straggling original).
   */
  void pull() {
    baseVersion = pullInto(base);
    for (int i = 0; i < base.length; i++) {
      System.arraycopy(base[i], 0, local[i], 0, base[i].length);
    }
    access.assign(session, local);
  }

  /**
   * Pulls the TPS's current values into {@code values} (counted as a pull); returns their version.
   */
  final long pullInto(float[][] values) {
    long version = client.pull(workerId, taskAttemptId, values);
    pulls++;
    return version;
  }

  /**
   * One round trip: reads W from the session, sends the combiner's payload against B, applies the
   * combiner's worker half to the reply and writes the kept W back into the session.
   */
  void pushAndPull() {
    access.read(session, local);
    for (int i = 0; i < local.length; i++) {
      combiner.preparePayload(local[i], base[i], payload[i]);
    }
    try {
      baseVersion = client.pushAndPull(nextHeader(), payload, merged);
    } catch (StalePushException e) { // counted by the TPS, reported in the EpochReport
      pull();
      return;
    }
    pushes++;
    for (int i = 0; i < local.length; i++) {
      combiner.afterReply(local[i], base[i], payload[i], merged[i]);
    }
    access.assign(session, local);
  }

  /** Drops local progress since the last exchange: W := B in the session. */
  void restoreBase() {
    for (int i = 0; i < base.length; i++) {
      System.arraycopy(base[i], 0, local[i], 0, base[i].length);
    }
    access.assign(session, local);
  }

  /**
   * The header of the next push: this attempt, the next sequence number, the base's version and the
   * task's progress since its previous push (from {@link #progressFrom}).
   */
  final PushHeader nextHeader() {
    return new PushHeader(
        workerId, taskAttemptId, sequence++, baseVersion, progress == null ? null : progress.get());
  }

  /**
   * Where each push's progress comes from: called once per push (not per retry), on this thread.
   */
  final void progressFrom(java.util.function.Supplier<PushProgress> source) {
    this.progress = source;
  }

  /** Counts a push whose reply the worker took in. */
  final void countPush() {
    pushes++;
  }

  /**
   * The partition's last exchange: when it returns, every local step reached the TPS.
   *
   * @param unsyncedSteps whether steps were made since the last exchange
   */
  void finish(boolean unsyncedSteps) {
    if (unsyncedSteps) {
      pushAndPull();
    }
  }

  /** Releases what the exchange holds beyond its arrays; nothing here. */
  @Override
  public void close() {}

  long pushes() {
    return pushes;
  }

  long pulls() {
    return pulls;
  }
}
