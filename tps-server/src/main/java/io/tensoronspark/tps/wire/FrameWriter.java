package io.tensoronspark.tps.wire;

import io.tensoronspark.tps.protocol.PayloadEncoding;
import io.tensoronspark.tps.protocol.PushProgress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes frames (see {@link FrameFormat}) into little-endian {@link ByteBuffer}s: the header
 * (absolute, so it can be filled in last), parameter section headers and payloads (relative).
 * Stateless; safe from any thread; callers own their buffers, which must have {@link
 * ByteOrder#LITTLE_ENDIAN} order.
 */
public final class FrameWriter {

  private FrameWriter() {}

  /**
   * Writes magic, version, {@code header} and its progress section (if any) at absolute index
   * {@code at}: {@link FrameHeader#bytes()} bytes. The flags' progress bits come from the progress.
   */
  public static void writeHeader(ByteBuffer out, int at, FrameHeader header) {
    checkOrder(out);
    PushProgress progress = header.progress();
    short flags =
        (short) (header.flags() & ~(FrameFormat.FLAG_PROGRESS | FrameFormat.PROGRESS_METRICS_MASK));
    if (progress != null) {
      flags |= FrameFormat.progressFlags(progress.metricCount());
      writeProgress(out, at + FrameFormat.HEADER_BYTES, progress);
    }
    out.putInt(at, FrameFormat.MAGIC);
    out.putShort(at + 4, FrameFormat.VERSION);
    out.putShort(at + 6, flags);
    out.putLong(at + 8, header.runId());
    out.putInt(at + 16, header.workerId());
    out.putLong(at + 20, header.taskAttemptId());
    out.putLong(at + 28, header.sequence());
    out.putLong(at + 36, header.baseVersion());
    out.putInt(at + 44, header.paramCount());
  }

  private static void writeProgress(ByteBuffer out, int at, PushProgress progress) {
    out.putLong(at, progress.samples());
    out.putLong(at + 8, progress.steps());
    out.putDouble(at + 16, progress.lossSum());
    for (int i = 0; i < progress.metricCount(); i++) {
      out.putDouble(at + FrameFormat.PROGRESS_BASE_BYTES + 8 * i, progress.metricSum(i));
    }
  }

  /** Writes a parameter section header at the position. */
  public static void writeSectionHeader(
      ByteBuffer out, int id, PayloadEncoding encoding, int count) {
    checkOrder(out);
    out.putInt(id);
    out.put(encoding.wireId());
    out.putInt(count);
  }

  /** Writes {@code values[from, from + count)} as F32 at the position (bulk copy). */
  public static void writeF32(ByteBuffer out, float[] values, int from, int count) {
    checkOrder(out);
    out.asFloatBuffer().put(values, from, count);
    out.position(out.position() + 4 * count);
  }

  /** Writes {@code values} as F16 (rounded to nearest even) at the position. */
  public static void writeF16(ByteBuffer out, float[] values) {
    checkOrder(out);
    int at = out.position();
    for (int i = 0; i < values.length; i++) {
      out.putShort(at + 2 * i, Binary16.fromFloat(values[i]));
    }
    out.position(at + 2 * values.length);
  }

  /** Writes {@code values} as BF16 (rounded to nearest even) at the position. */
  public static void writeBf16(ByteBuffer out, float[] values) {
    checkOrder(out);
    int at = out.position();
    for (int i = 0; i < values.length; i++) {
      out.putShort(at + 2 * i, BFloat16.fromFloat(values[i]));
    }
    out.position(at + 2 * values.length);
  }

  /**
   * Writes a top-k payload: k, then {@code indices[0, k)} (strictly increasing), then {@code
   * values[0, k)}.
   */
  public static void writeTopK(ByteBuffer out, int[] indices, float[] values, int k) {
    checkOrder(out);
    out.putInt(k);
    out.asIntBuffer().put(indices, 0, k);
    out.position(out.position() + 4 * k);
    out.asFloatBuffer().put(values, 0, k);
    out.position(out.position() + 4 * k);
  }

  private static void checkOrder(ByteBuffer out) {
    if (out.order() != ByteOrder.LITTLE_ENDIAN) {
      throw new IllegalArgumentException("frame buffers must be little-endian");
    }
  }
}
