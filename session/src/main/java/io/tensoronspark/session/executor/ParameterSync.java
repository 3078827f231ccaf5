package io.tensoronspark.session.executor;

import io.tensoronspark.combiners.Combiner;
import io.tensoronspark.session.model.ParameterAccess;
import io.tensoronspark.tps.PushHeader;
import io.tensoronspark.tps.TpsClient;
import org.tensorflow.Session;

/**
 * The worker half of the parameter exchange for one task: keeps W (local), B (base, the last values
 * received from the TPS), the payload and the reply buffers, allocated once per task, and runs the
 * combiner's worker half around each round trip. Used by one task thread only.
 */
final class ParameterSync {

  private final TpsClient client;
  private final Combiner combiner;
  private final ParameterAccess access;
  private final Session session;
  private final int workerId;
  private final long taskAttemptId;
  private final float[][] local;
  private final float[][] base;
  private final float[][] payload;
  private final float[][] merged;
  private long baseVersion;
  private long sequence;
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
    baseVersion = client.pull(workerId, taskAttemptId, base);
    pulls++;
    for (int i = 0; i < base.length; i++) {
      System.arraycopy(base[i], 0, local[i], 0, base[i].length);
    }
    access.assign(session, local);
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
    PushHeader header = new PushHeader(workerId, taskAttemptId, sequence++, baseVersion);
    baseVersion = client.pushAndPull(header, payload, merged);
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

  long pushes() {
    return pushes;
  }

  long pulls() {
    return pulls;
  }
}
