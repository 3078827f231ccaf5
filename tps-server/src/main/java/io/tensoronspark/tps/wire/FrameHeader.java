package io.tensoronspark.tps.wire;

/**
 * The fixed header of a frame (see {@link FrameFormat}), without magic and version, which the
 * reader checks and the writer fills in. Immutable.
 *
 * @param flags request flags (0) or reply flags ({@link FrameFormat#FLAG_DUPLICATE}, ...)
 * @param runId the server's run id
 * @param workerId the pushing worker, or {@link FrameFormat#SERVER_WORKER_ID} in replies
 * @param taskAttemptId with {@code sequence}, the push's identity for deduplication
 * @param sequence the push's sequence number within its attempt
 * @param baseVersion pushes: the version the payload is based on; replies: the server's version
 * @param paramCount the number of parameter sections that follow
 */
public record FrameHeader(
    short flags,
    long runId,
    int workerId,
    long taskAttemptId,
    long sequence,
    long baseVersion,
    int paramCount) {}
