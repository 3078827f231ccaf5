package io.tensoronspark.tps.server;

import io.tensoronspark.tps.protocol.ErrorCode;
import io.tensoronspark.tps.protocol.MergeRefusedException;
import io.tensoronspark.tps.protocol.PushLog;
import io.tensoronspark.tps.protocol.StalenessPolicy;
import io.tensoronspark.tps.wire.FloatChunks;
import io.tensoronspark.tps.wire.FrameFormat;
import io.tensoronspark.tps.wire.FrameHeader;
import io.tensoronspark.tps.wire.FrameRejectedException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens to one decoded, valid push: answered as a duplicate, refused as superseded,
 * refused or scaled for staleness, or merged. The order matters:
 *
 * <ol>
 *   <li>with launched attempts required, an attempt not launched for its partition is refused (409
 *       {@code unknown-attempt});
 *   <li>duplicate check, keyed by (worker, attempt, sequence): a retry of an applied push is
 *       answered as a duplicate (200, the current values), even when its attempt has been
 *       superseded since: it merges nothing, so it cannot break ownership, and a "superseded"
 *       answer would tell the client that a push the server did apply was not. Likewise a retry
 *       must not be refused as stale and re-sent with a new sequence;
 *   <li>attempt ownership ({@link AttemptOwnership}): a push from an attempt older than its
 *       partition's owner is refused (409 superseded); a newer one claims the partition, even if it
 *       is then refused as stale (its attempt is alive); the hold lasts until the merge is done, so
 *       no older attempt merges after a newer one claimed;
 *   <li>staleness: refused (409 stale) or scaled;
 *   <li>an atomic claim of (worker, attempt, sequence) in the {@link DedupWindow}, then the merge,
 *       all or nothing ({@link ParameterStore#merge}): a merge the combiner fails or that would
 *       store a non-finite value is refused (500 or 422 naming the combiner and the parameter), the
 *       claim is released, and the latest such refusal is kept for the driver ({@link
 *       #lastRefusal}). An applied merge is recorded in the {@link PushLog} with the push's
 *       progress (duplicates and refusals are not, so progress counts each applied push once).
 * </ol>
 *
 * <p>Thread-safe: called by many request threads at once; its collaborators are thread-safe.
 */
public final class PushProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(PushProcessor.class);

  /** What happened: the version to report and the reply flags. */
  public record Outcome(long version, short flags) {}

  private final ParameterStore store;
  private final DedupWindow dedup;
  private final AttemptOwnership ownership;
  private final long maxStaleness;
  private final StalenessPolicy policy;
  private final TpsCounters counters;
  private final PushLog log;
  private final long runId;
  private final LaunchedAttempts launched;
  private final AtomicReference<MergeRefusedException> lastRefusal = new AtomicReference<>();

  /**
   * A processor for the run {@code runId}.
   *
   * @param launched the attempts that may push, or null to admit any
   */
  public PushProcessor(
      ParameterStore store,
      DedupWindow dedup,
      AttemptOwnership ownership,
      long maxStaleness,
      StalenessPolicy policy,
      TpsCounters counters,
      PushLog log,
      long runId,
      LaunchedAttempts launched) {
    this.launched = launched;
    this.store = store;
    this.dedup = dedup;
    this.ownership = ownership;
    this.maxStaleness = maxStaleness;
    this.policy = policy;
    this.counters = counters;
    this.log = log;
    this.runId = runId;
  }

  /**
   * Checks the header fields a push must have right: run id (409), flags, worker id (0 .. {@link
   * FrameFormat#MAX_WORKER_ID}; no id is exempt from ownership), sequence, base version (400). Call
   * before decoding the payloads, so a wrong run is refused cheaply.
   */
  public void checkHeader(FrameHeader header) throws FrameRejectedException {
    if (header.runId() != runId) {
      throw new FrameRejectedException(
          FrameRejectedException.CONFLICT,
          ErrorCode.RUN_MISMATCH,
          "run id mismatch: frame has " + header.runId() + ", this server runs " + runId);
    }
    if ((header.flags() & ~FrameFormat.REQUEST_FLAGS_ALLOWED) != 0
        || (header.flags() != 0 && header.progress() == null)) {
      throw FrameRejectedException.malformed(
          "unknown request flags "
              + header.flags()
              + ", expected 0 or FLAG_PROGRESS ("
              + FrameFormat.FLAG_PROGRESS
              + ") with a metric count");
    }
    if (header.workerId() < 0 || header.workerId() > FrameFormat.MAX_WORKER_ID) {
      throw FrameRejectedException.malformed(
          "workerId must be in 0.." + FrameFormat.MAX_WORKER_ID + ", got " + header.workerId());
    }
    if (header.sequence() < 0) {
      throw FrameRejectedException.malformed("sequence must be >= 0, got " + header.sequence());
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
   *     ParameterStore#newPayloadBuffers}); may be scaled in place (SCALE policy)
   * @param reply receives every shard's values after the merge (or the current values for a
   *     duplicate)
   * @throws FrameRejectedException 409 "superseded" when a newer attempt owns the partition; 409
   *     "stale" under REJECT; 400 when the base version is ahead of the server or the sequence
   *     jumps past its window; 500 {@code combiner-failed} or 422 {@code non-finite-merge} when the
   *     merge is refused
   */
  public Outcome process(FrameHeader header, FloatChunks[] payloads, ShardSink reply)
      throws FrameRejectedException {
    if (launched != null && !launched.isLaunched(header.workerId(), header.taskAttemptId())) {
      throw unknownAttempt(header.workerId(), header.taskAttemptId());
    }
    if (dedup.isDuplicate(header.workerId(), header.taskAttemptId(), header.sequence())) {
      return duplicate(reply);
    }
    dedup.checkAdvance(header.workerId(), header.taskAttemptId(), header.sequence());
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
            ErrorCode.STALE,
            "stale: staleness "
                + staleness
                + " exceeds maxStaleness "
                + maxStaleness
                + "; pull and push again");
      }
      scale(payloads, (float) ((double) maxStaleness / staleness));
      flags = FrameFormat.FLAG_STALENESS_SCALED;
    }
    long previous = dedup.claim(header.workerId(), header.taskAttemptId(), header.sequence());
    if (previous == DedupWindow.NOT_CLAIMED) {
      return duplicate(reply);
    }
    long start = System.nanoTime();
    long version;
    try {
      version = store.merge(payloads, staleness, header.workerId(), reply);
    } catch (MergeRefusedException e) {
      dedup.release(header.workerId(), header.taskAttemptId(), header.sequence(), previous);
      throw refusal(e);
    }
    counters.applied(header.workerId(), System.nanoTime() - start);
    log.record(header.workerId(), header.taskAttemptId(), version, staleness, header.progress());
    if (flags == FrameFormat.FLAG_STALENESS_SCALED) {
      counters.pushesStaleScaled.increment();
    }
    return new Outcome(version, flags);
  }

  /** The 409 for an attempt the scheduler did not launch for {@code workerId}. */
  static FrameRejectedException unknownAttempt(int workerId, long taskAttemptId) {
    return new FrameRejectedException(
        FrameRejectedException.CONFLICT,
        ErrorCode.UNKNOWN_ATTEMPT,
        "unknown attempt: task attempt "
            + taskAttemptId
            + " was not launched for partition "
            + workerId);
  }

  /**
   * Records a refused merge for the driver and turns it into the client's answer: 500 when the
   * combiner threw (its stack trace goes to the log), 422 when a value would have been non-finite.
   */
  private FrameRejectedException refusal(MergeRefusedException e) {
    lastRefusal.set(e);
    if (e.combinerThrew()) {
      LOG.error("{}", e.getMessage(), e.getCause());
      return new FrameRejectedException(500, ErrorCode.COMBINER_FAILED, e.getMessage());
    }
    LOG.warn("{}", e.getMessage());
    return new FrameRejectedException(422, ErrorCode.NON_FINITE_MERGE, e.getMessage());
  }

  /** The latest merge refused since the server started, if any. */
  public Optional<MergeRefusedException> lastRefusal() {
    return Optional.ofNullable(lastRefusal.get());
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
