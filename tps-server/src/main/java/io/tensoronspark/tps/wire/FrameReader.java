package io.tensoronspark.tps.wire;

import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import io.tensoronspark.tps.protocol.PushProgress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Parses and validates frames (see {@link FrameFormat}) for one list of parameters. Every check
 * happens here, before anything is merged: magic, version, parameter count, ids (known, each
 * exactly once), encodings, element counts, truncation, trailing bytes, and finite values.
 * Immutable; safe from any thread (each call works on the buffer it is given, which it reads
 * through a little-endian duplicate).
 */
public final class FrameReader {

  private final List<ParameterSpec> specs;
  private final PayloadDecoder decoder;

  /**
   * A reader for frames carrying {@code specs} (ids are indices into it) that refuses non-finite
   * values.
   */
  public FrameReader(List<ParameterSpec> specs) {
    this(specs, true);
  }

  /**
   * A reader for frames carrying {@code specs}.
   *
   * @param checkFinite whether NaN and infinities are refused: always for what clients send; the
   *     client skips the check on the server's replies (one pass less per round trip; the server
   *     holds what it merged)
   */
  public FrameReader(List<ParameterSpec> specs, boolean checkFinite) {
    this.specs = List.copyOf(specs);
    this.decoder = new PayloadDecoder(checkFinite);
  }

  /**
   * Reads the header and the progress section (if the flags announce one) at the buffer's position;
   * leaves the buffer's position unchanged.
   *
   * @throws FrameRejectedException 400 when the frame is shorter than a header, has the wrong magic
   *     or version, does not carry every parameter, or has a truncated or invalid progress section
   */
  public FrameHeader readHeader(ByteBuffer frame) throws FrameRejectedException {
    ByteBuffer in = frame.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (in.remaining() < FrameFormat.HEADER_BYTES) {
      throw FrameRejectedException.malformed(
          "truncated frame: "
              + in.remaining()
              + " bytes, expected at least "
              + FrameFormat.HEADER_BYTES);
    }
    int magic = in.getInt();
    if (magic != FrameFormat.MAGIC) {
      throw FrameRejectedException.malformed(
          String.format("bad magic 0x%08x, expected 0x%08x (TPS1)", magic, FrameFormat.MAGIC));
    }
    short version = in.getShort();
    if (version != FrameFormat.VERSION) {
      throw FrameRejectedException.malformed(
          "unsupported frame version " + version + ", expected " + FrameFormat.VERSION);
    }
    short flags = in.getShort();
    long runId = in.getLong();
    int workerId = in.getInt();
    long taskAttemptId = in.getLong();
    long sequence = in.getLong();
    long baseVersion = in.getLong();
    int paramCount = in.getInt();
    FrameHeader header =
        new FrameHeader(
            flags,
            runId,
            workerId,
            taskAttemptId,
            sequence,
            baseVersion,
            paramCount,
            readProgress(in, flags));
    if (header.paramCount() != specs.size()) {
      throw FrameRejectedException.malformed(
          "frame carries " + header.paramCount() + " parameters, expected all " + specs.size());
    }
    return header;
  }

  private static PushProgress readProgress(ByteBuffer in, short flags)
      throws FrameRejectedException {
    if ((flags & FrameFormat.FLAG_PROGRESS) == 0) {
      return null;
    }
    int metrics = FrameFormat.progressMetricCount(flags);
    if (metrics > FrameFormat.MAX_PROGRESS_METRICS) {
      throw FrameRejectedException.malformed(
          "progress section announces "
              + metrics
              + " metric sums, at most "
              + FrameFormat.MAX_PROGRESS_METRICS
              + " allowed");
    }
    int bytes = FrameFormat.progressBytes(flags);
    if (in.remaining() < bytes) {
      throw FrameRejectedException.malformed(
          "truncated frame: progress section needs "
              + bytes
              + " bytes, "
              + in.remaining()
              + " left");
    }
    long samples = in.getLong();
    long steps = in.getLong();
    double lossSum = in.getDouble();
    double[] metricSums = new double[metrics];
    for (int i = 0; i < metrics; i++) {
      metricSums[i] = in.getDouble();
    }
    String problem = PushProgress.problem(samples, steps, lossSum, metricSums);
    if (problem != null) {
      throw FrameRejectedException.malformed(problem);
    }
    return new PushProgress(samples, steps, lossSum, metricSums);
  }

  /**
   * Decodes every parameter section after the header into {@code out[id]} (dense floats, {@code
   * out[id].length >= size}). On an exception {@code out} holds partial data and must not be used.
   *
   * @param frame the whole frame from its position (header included); its position is left
   *     unchanged
   * @param out one array per parameter, at least as long as the parameter
   * @throws FrameRejectedException 400 naming the first problem found
   */
  public void readParameters(ByteBuffer frame, float[][] out) throws FrameRejectedException {
    readParameters(frame, FloatChunks.wrapAll(out));
  }

  /**
   * Decodes every parameter section after the header into {@code out[id]}, which may be split into
   * chunks (the server's per-shard payload arrays); otherwise as {@link #readParameters(ByteBuffer,
   * float[][])}.
   *
   * @param out one {@link FloatChunks} per parameter, at least as large as the parameter
   */
  public void readParameters(ByteBuffer frame, FloatChunks[] out) throws FrameRejectedException {
    ByteBuffer in = frame.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    short flags = in.getShort(in.position() + 6);
    in.position(in.position() + FrameFormat.HEADER_BYTES + FrameFormat.progressBytes(flags));
    boolean[] seen = new boolean[specs.size()];
    for (int section = 0; section < specs.size(); section++) {
      readSection(in, section, seen, out);
    }
    if (in.hasRemaining()) {
      throw FrameRejectedException.malformed(
          in.remaining() + " trailing bytes after the last parameter");
    }
  }

  private void readSection(ByteBuffer in, int section, boolean[] seen, FloatChunks[] out)
      throws FrameRejectedException {
    if (in.remaining() < FrameFormat.PARAM_HEADER_BYTES) {
      throw FrameRejectedException.malformed(
          "truncated frame: parameter section "
              + section
              + " header needs "
              + FrameFormat.PARAM_HEADER_BYTES
              + " bytes, "
              + in.remaining()
              + " left");
    }
    int id = in.getInt();
    byte encodingByte = in.get();
    int count = in.getInt();
    if (id < 0 || id >= specs.size()) {
      throw FrameRejectedException.malformed(
          "unknown parameter id "
              + id
              + " in section "
              + section
              + ", expected 0.."
              + (specs.size() - 1));
    }
    if (seen[id]) {
      throw FrameRejectedException.malformed(
          "duplicate parameter id " + id + " in section " + section);
    }
    seen[id] = true;
    ParameterSpec spec = specs.get(id);
    if (count != spec.size()) {
      throw FrameRejectedException.malformed(
          "parameter "
              + id
              + " ('"
              + spec.name()
              + "') has "
              + count
              + " elements, expected "
              + spec.size());
    }
    PayloadEncoding encoding = PayloadEncoding.fromWireId(encodingByte);
    if (encoding == null) {
      throw FrameRejectedException.malformed(
          "unknown encoding " + encodingByte + " for parameter " + id);
    }
    decoder.decode(in, encoding, count, out[id], id);
  }
}
