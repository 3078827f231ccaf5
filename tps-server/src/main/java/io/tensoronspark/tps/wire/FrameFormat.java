package io.tensoronspark.tps.wire;

import io.tensoronspark.tps.ParameterSpec;
import java.util.List;

/**
 * The TPS binary frame, version 1: every multi-byte field little-endian.
 *
 * <pre>
 * header (48 bytes): magic int 0x31535054 ("TPS1" in memory order), version short, flags short, runId long,
 *                    workerId int (the Spark partition, 0 .. MAX_WORKER_ID, or -1 = unknown), taskAttemptId long,
 *                    sequence long, baseVersion long, paramCount int
 * per parameter:     id int, encoding byte (see PayloadEncoding), element count int, payload:
 *                    F32: count * 4 bytes; F16, BF16: count * 2 bytes;
 *                    TOP_K: k int (0 &lt;= k &lt;= count / 2), k int indices (strictly increasing), k f32 values
 * </pre>
 *
 * Replies use the same frame with workerId {@link #SERVER_WORKER_ID}, F32 payloads for every
 * parameter and the server's version in the baseVersion field. Constants only; safe from any
 * thread.
 */
public final class FrameFormat {

  private FrameFormat() {}

  /** "TPS1" read as a little-endian int. */
  public static final int MAGIC = 0x31535054;

  /** The only frame version this code reads and writes. */
  public static final short VERSION = 1;

  /** Bytes of the frame header. */
  public static final int HEADER_BYTES = 4 + 2 + 2 + 8 + 4 + 8 + 8 + 8 + 4;

  /** Bytes before each parameter's payload: id, encoding, element count. */
  public static final int PARAM_HEADER_BYTES = 4 + 1 + 4;

  /** The workerId of frames written by the server. */
  public static final int SERVER_WORKER_ID = -1;

  /**
   * The largest workerId accepted (worker ids are partition indices): bounds the server's
   * per-partition memory to one long per id.
   */
  public static final int MAX_WORKER_ID = (1 << 20) - 1;

  /** Reply flag: the push was a duplicate of an applied one and was not applied again. */
  public static final short FLAG_DUPLICATE = 1;

  /** Reply flag: the push was staler than allowed and was merged scaled down. */
  public static final short FLAG_STALENESS_SCALED = 2;

  /** The flags a request may carry (none so far). */
  public static final short REQUEST_FLAGS_ALLOWED = 0;

  /** Bytes of a frame carrying every parameter as F32: the size of every reply. */
  public static long denseFrameBytes(List<ParameterSpec> specs) {
    long bytes = HEADER_BYTES;
    for (ParameterSpec spec : specs) {
      bytes += PARAM_HEADER_BYTES + 4L * spec.size();
    }
    return bytes;
  }

  /**
   * The largest valid push frame: every parameter in its largest encoding. F32 is the largest,
   * except for TOP_K with k = count / 2, which takes at most 4 bytes more (the k field).
   */
  public static long maxPushFrameBytes(List<ParameterSpec> specs) {
    return denseFrameBytes(specs) + 4L * specs.size();
  }

  /**
   * Offsets of each parameter's first payload byte in a dense (all F32) frame for {@code specs}.
   */
  public static int[] densePayloadOffsets(List<ParameterSpec> specs) {
    int[] offsets = new int[specs.size()];
    long at = HEADER_BYTES;
    for (int i = 0; i < offsets.length; i++) {
      at += PARAM_HEADER_BYTES;
      offsets[i] = Math.toIntExact(at);
      at += 4L * specs.get(i).size();
    }
    return offsets;
  }
}
