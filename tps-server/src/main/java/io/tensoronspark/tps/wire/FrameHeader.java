package io.tensoronspark.tps.wire;

import io.tensoronspark.tps.protocol.PushProgress;

/**
 * The fixed header of a frame (see {@link FrameFormat}), without magic and version, which the
 * reader checks and the writer fills in, and the push's progress section, if any. Immutable.
 *
 * @param flags request flags or reply flags ({@link FrameFormat#FLAG_DUPLICATE}, ...); the writer
 *     sets the progress bits from {@code progress}, the reader returns them as read
 * @param runId the server's run id
 * @param workerId the pushing worker, or {@link FrameFormat#SERVER_WORKER_ID} in replies
 * @param taskAttemptId with {@code sequence}, the push's identity for deduplication
 * @param sequence the push's sequence number within its attempt
 * @param baseVersion pushes: the version the payload is based on; replies: the server's version
 * @param paramCount the number of parameter sections that follow
 * @param progress the worker's progress since its previous push, or null (replies, pushes without
 *     it)
 */
public record FrameHeader(
    short flags,
    long runId,
    int workerId,
    long taskAttemptId,
    long sequence,
    long baseVersion,
    int paramCount,
    PushProgress progress) {

  /** A header without a progress section. */
  public FrameHeader(
      short flags,
      long runId,
      int workerId,
      long taskAttemptId,
      long sequence,
      long baseVersion,
      int paramCount) {
    this(flags, runId, workerId, taskAttemptId, sequence, baseVersion, paramCount, null);
  }

  /** Bytes of the header and the progress section: where the first parameter section starts. */
  public int bytes() {
    return FrameFormat.HEADER_BYTES + (progress == null ? 0 : progress.wireBytes());
  }
}
