package io.tensoronspark.tps.server;

import io.tensoronspark.tps.StalenessPolicy;
import io.tensoronspark.tps.wire.FrameFormat;
import io.tensoronspark.tps.wire.FrameHeader;
import io.tensoronspark.tps.wire.FrameRejectedException;
import io.tensoronspark.tps.wire.HttpProtocol;

/**
 * Decides what happens to one decoded, valid push: answered as a duplicate, refused or scaled for staleness, or
 * merged. The order matters: the duplicate check comes first (a retry of an applied push must not be refused as stale
 * and re-sent with a new sequence), then staleness, then an atomic claim of (attempt, sequence), then the merge.
 *
 * <p>Thread-safe: called by many request threads at once; its collaborators are thread-safe.
 */
public final class PushProcessor {

  /** What happened: the version to report and the reply flags. */
  public record Outcome(long version, short flags) {}

  private final ParameterStore store;
  private final DedupWindow dedup;
  private final long maxStaleness;
  private final StalenessPolicy policy;
  private final TpsCounters counters;
  private final long runId;

  /** A processor for the run {@code runId}. */
  public PushProcessor(
      ParameterStore store,
      DedupWindow dedup,
      long maxStaleness,
      StalenessPolicy policy,
      TpsCounters counters,
      long runId) {
    this.store = store;
    this.dedup = dedup;
    this.maxStaleness = maxStaleness;
    this.policy = policy;
    this.counters = counters;
    this.runId = runId;
  }

  /**
   * Checks the header fields a push must have right: run id (409), flags, worker id, base version (400). Call before
   * decoding the payloads, so a wrong run is refused cheaply.
   */
  public void checkHeader(FrameHeader header) throws FrameRejectedException {
    if (header.runId() != runId) {
      throw new FrameRejectedException(
          FrameRejectedException.CONFLICT,
          HttpProtocol.RUN_MISMATCH_CODE,
          "run id mismatch: frame has " + header.runId() + ", this server runs " + runId);
    }
    if (header.flags() != FrameFormat.REQUEST_FLAGS_ALLOWED) {
      throw FrameRejectedException.malformed("unknown request flags " + header.flags() + ", expected 0");
    }
    if (header.workerId() < 0) {
      throw FrameRejectedException.malformed("workerId must be >= 0, got " + header.workerId());
    }
    if (header.baseVersion() < 0) {
      throw FrameRejectedException.malformed("baseVersion must be >= 0, got " + header.baseVersion());
    }
  }

  /**
   * Processes a push whose header passed {@link #checkHeader} and whose payloads are decoded and valid.
   *
   * @param payloads dense payloads, one per parameter; may be scaled in place (SCALE policy)
   * @param reply receives every shard's values after the merge (or the current values for a duplicate)
   * @throws FrameRejectedException 409 "stale" under REJECT; 400 when the base version is ahead of the server
   */
  public Outcome process(FrameHeader header, float[][] payloads, ShardSink reply) throws FrameRejectedException {
    if (dedup.isDuplicate(header.taskAttemptId(), header.sequence())) {
      return duplicate(reply);
    }
    long current = store.version();
    if (header.baseVersion() > current) {
      throw FrameRejectedException.malformed(
          "baseVersion " + header.baseVersion() + " is ahead of the server's version " + current);
    }
    long staleness = current - header.baseVersion();
    short flags = 0;
    if (staleness > maxStaleness) {
      if (policy == StalenessPolicy.REJECT) {
        counters.pushesStaleRejected.increment();
        throw new FrameRejectedException(
            FrameRejectedException.CONFLICT,
            HttpProtocol.STALE_CODE,
            "stale: staleness " + staleness + " exceeds maxStaleness " + maxStaleness + "; pull and push again");
      }
      scale(payloads, (float) ((double) maxStaleness / staleness));
      flags = FrameFormat.FLAG_STALENESS_SCALED;
    }
    if (!dedup.claim(header.taskAttemptId(), header.sequence())) {
      return duplicate(reply);
    }
    long start = System.nanoTime();
    long version = store.merge(payloads, staleness, header.workerId(), reply);
    counters.applied(header.workerId(), System.nanoTime() - start);
    if (flags == FrameFormat.FLAG_STALENESS_SCALED) {
      counters.pushesStaleScaled.increment();
    }
    return new Outcome(version, flags);
  }

  private Outcome duplicate(ShardSink reply) {
    counters.pushesDuplicate.increment();
    return new Outcome(store.read(reply), FrameFormat.FLAG_DUPLICATE);
  }

  private static void scale(float[][] payloads, float factor) {
    for (float[] payload : payloads) {
      for (int i = 0; i < payload.length; i++) {
        payload[i] *= factor;
      }
    }
  }
}
