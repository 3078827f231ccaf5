package io.tensoronspark.tps.wire;

import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PushHeader;
import io.tensoronspark.tps.protocol.PushProgress;
import java.util.List;

/**
 * The TPS binary frame, version 1: every multi-byte field little-endian.
 *
 * <pre>
 * header (48 bytes): magic int 0x31535054 ("TPS1" in memory order), version short, flags short, runId long,
 *                    workerId int (the Spark partition, 0 .. MAX_WORKER_ID, or -1 = unknown), taskAttemptId long,
 *                    sequence long, baseVersion long, paramCount int
 * progress (pushes with FLAG_PROGRESS only; 24 + 8 m bytes, m = the metric count in flag bits 8..10, at most
 *                    4): samples long, steps long, lossSum double, m metric sums double: the worker's progress
 *                    since its previous push
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
  public static final int MAX_WORKER_ID = PushHeader.MAX_WORKER_ID;

  /** Reply flag: the push was a duplicate of an applied one and was not applied again. */
  public static final short FLAG_DUPLICATE = 1;

  /** Reply flag: the push was staler than allowed and was merged scaled down. */
  public static final short FLAG_STALENESS_SCALED = 2;

  /** Request flag: a progress section follows the header (see the class comment). */
  public static final short FLAG_PROGRESS = 4;

  /** The lowest of the three flag bits that hold the progress section's metric count. */
  public static final int PROGRESS_METRICS_SHIFT = 8;

  /** The flag bits holding the progress section's metric count. */
  public static final short PROGRESS_METRICS_MASK = (short) (0x7 << PROGRESS_METRICS_SHIFT);

  /** The most metric sums a progress section carries. */
  public static final int MAX_PROGRESS_METRICS = PushProgress.MAX_METRICS;

  /** Bytes of a progress section without metric sums: samples, steps, loss sum. */
  public static final int PROGRESS_BASE_BYTES = PushProgress.BASE_BYTES;

  /** Bytes of the largest progress section. */
  public static final int MAX_PROGRESS_BYTES = PROGRESS_BASE_BYTES + 8 * MAX_PROGRESS_METRICS;

  /** The flags a request may carry: the progress section and its metric count. */
  public static final short REQUEST_FLAGS_ALLOWED = FLAG_PROGRESS | PROGRESS_METRICS_MASK;

  /**
   * The metric count the flags announce (0..7; more than {@link #MAX_PROGRESS_METRICS} is invalid).
   */
  public static int progressMetricCount(short flags) {
    return (flags & PROGRESS_METRICS_MASK) >>> PROGRESS_METRICS_SHIFT;
  }

  /** Bytes of the progress section the flags announce: 0 without {@link #FLAG_PROGRESS}. */
  public static int progressBytes(short flags) {
    return (flags & FLAG_PROGRESS) == 0 ? 0 : PROGRESS_BASE_BYTES + 8 * progressMetricCount(flags);
  }

  /** The flags announcing a progress section with {@code metrics} metric sums. */
  public static short progressFlags(int metrics) {
    return (short) (FLAG_PROGRESS | (metrics << PROGRESS_METRICS_SHIFT));
  }

  /**
   * Bytes of a frame carrying every parameter as F32 without a progress section: the size of every
   * reply.
   */
  public static long denseFrameBytes(List<ParameterSpec> specs) {
    long bytes = HEADER_BYTES;
    for (ParameterSpec spec : specs) {
      bytes += PARAM_HEADER_BYTES + 4L * spec.size();
    }
    return bytes;
  }

  /**
   * The largest valid push frame: the largest progress section and every parameter in its largest
   * encoding. F32 is the largest, except for TOP_K with k = count / 2, which takes at most 4 bytes
   * more (the k field).
   */
  public static long maxPushFrameBytes(List<ParameterSpec> specs) {
    return denseFrameBytes(specs) + MAX_PROGRESS_BYTES + 4L * specs.size();
  }

  /**
   * Offsets of each parameter's first payload byte in a dense (all F32) frame for {@code specs}
   * without a progress section (a progress section moves them all by its length).
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
