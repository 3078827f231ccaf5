package io.tensoronspark.tps.server;

import io.tensoronspark.tps.StalenessPolicy;
import io.tensoronspark.tps.wire.FloatChunks;
import io.tensoronspark.tps.wire.FrameFormat;
import io.tensoronspark.tps.wire.FrameHeader;
import io.tensoronspark.tps.wire.FrameRejectedException;
import io.tensoronspark.tps.wire.HttpProtocol;

/**
 * Decides what happens to one decoded, valid push: answered as a duplicate, refused as superseded,
 * refused or scaled for staleness, or merged. The order matters:
 *
 * <ol>
 *   <li>duplicate check: a retry of an applied push is answered as a duplicate (200, the current
 *       values), even when its attempt has been superseded since: it merges nothing, so it cannot
 *       break ownership, and a "superseded" answer would tell the client that a push the server did
 *       apply was not. Likewise a retry must not be refused as stale and re-sent with a new
 *       sequence;
 *   <li>attempt ownership ({@link AttemptOwnership}): a push from an attempt older than its
 *       partition's owner is refused (409 superseded); a newer one claims the partition, even if it
 *       is then refused as stale (its attempt is alive); the hold lasts until the merge is done, so
 *       no older attempt merges after a newer one claimed;
 *   <li>staleness: refused (409 stale) or scaled;
 *   <li>an atomic claim of (attempt, sequence) in the {@link DedupWindow}, then the merge.
 * </ol>
 *
 * <p>Thread-safe: called by many request threads at once; its collaborators are thread-safe.
 */
public final class PushProcessor {

  /** What happened: the version to report and the reply flags. */
  public record Outcome(long version, short flags) {}

  private final ParameterStore store;
  private final DedupWindow dedup;
  private final AttemptOwnership ownership;
  private final long maxStaleness;
  private final StalenessPolicy policy;
  private final TpsCounters counters;
  private final long runId;

  /** A processor for the run {@code runId}. */
  public PushProcessor(
      ParameterStore store,
      DedupWindow dedup,
      AttemptOwnership ownership,
      long maxStaleness,
      StalenessPolicy policy,
      TpsCounters counters,
      long runId) {
    this.store = store;
    this.dedup = dedup;
    this.ownership = ownership;
    this.maxStaleness = maxStaleness;
    this.policy = policy;
    this.counters = counters;
    this.runId = runId;
  }

  /**
   * Checks the header fields a push must have right: run id (409), flags, worker id (0 .. {@link
   * FrameFormat#MAX_WORKER_ID} or {@link FrameFormat#UNKNOWN_WORKER_ID}), base version (400). Call
   * before decoding the payloads, so a wrong run is refused cheaply.
   */
  public void checkHeader(FrameHeader header) throws FrameRejectedException {
    if (header.runId() != runId) {
      throw new FrameRejectedException(
          FrameRejectedException.CONFLICT,
          HttpProtocol.RUN_MISMATCH_CODE,
          "run id mismatch: frame has " + header.runId() + ", this server runs " + runId);
    }
    if (header.flags() != FrameFormat.REQUEST_FLAGS_ALLOWED) {
      throw FrameRejectedException.malformed(
          "unknown request flags " + header.flags() + ", expected 0");
    }
    if (header.workerId() < FrameFormat.UNKNOWN_WORKER_ID
        || header.workerId() > FrameFormat.MAX_WORKER_ID) {
      throw FrameRejectedException.malformed(
          "workerId must be in 0.."
              + FrameFormat.MAX_WORKER_ID
              + " or "
              + FrameFormat.UNKNOWN_WORKER_ID
              + " (unknown), got "
              + header.workerId());
    }
    if (header.baseVersion() < 0) {
      throw FrameRejectedException.malformed(
          "baseVersion must be >= 0, got " + header.baseVersion());
    }
  }

  /**
   * Processes a push whose header passed {@link #checkHeader} and whose payloads are decoded and
   * valid.
   *
   * @param payloads dense payloads, one per parameter, split like the store's shards ({@link
   *     ParameterStore#newPayloadBuffers}) or whole; may be scaled in place (SCALE policy)
   * @param reply receives every shard's values after the merge (or the current values for a
   *     duplicate)
   * @throws FrameRejectedException 409 "superseded" when a newer attempt owns the partition; 409
   *     "stale" under REJECT; 400 when the base version is ahead of the server
   */
  public Outcome process(FrameHeader header, FloatChunks[] payloads, ShardSink reply)
      throws FrameRejectedException {
    if (dedup.isDuplicate(header.taskAttemptId(), header.sequence())) {
      return duplicate(reply);
    }
    // A malformed push claims nothing. The version only grows, so a base not ahead now is not ahead
    // later either.
    long before = store.version();
    if (header.baseVersion() > before) {
      throw FrameRejectedException.malformed(
          "baseVersion " + header.baseVersion() + " is ahead of the server's version " + before);
    }
    AttemptOwnership.Hold hold;
    try {
      hold = ownership.hold(header.workerId(), header.taskAttemptId());
    } catch (FrameRejectedException e) {
      counters.pushesSuperseded.increment();
      throw e;
    }
    try (hold) {
      return mergeAsOwner(header, payloads, reply);
    }
  }

  private Outcome mergeAsOwner(FrameHeader header, FloatChunks[] payloads, ShardSink reply)
      throws FrameRejectedException {
    long current = store.version();
    long staleness = current - header.baseVersion();
    short flags = 0;
    if (staleness > maxStaleness) {
      if (policy == StalenessPolicy.REJECT) {
        counters.pushesStaleRejected.increment();
        throw new FrameRejectedException(
            FrameRejectedException.CONFLICT,
            HttpProtocol.STALE_CODE,
            "stale: staleness "
                + staleness
                + " exceeds maxStaleness "
                + maxStaleness
                + "; pull and push again");
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

  private static void scale(FloatChunks[] payloads, float factor) {
    for (FloatChunks payload : payloads) {
      payload.scale(factor);
    }
  }
}
