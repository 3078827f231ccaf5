package io.tensoronspark.tps.wire;

import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Decodes a dense frame (every parameter as F32, sections in id order: the layout of every reply
 * and of default pushes) while it is still arriving: each {@link #advance} copies the floats
 * received so far into the output arrays and, if asked, checks them, while those bytes are still in
 * the CPU cache, and overlaps the work with the transfer of the rest. It only speculates: as soon
 * as a section header is not the dense one, or a value is not finite, it stops ({@link #isComplete}
 * stays false) and the caller decodes the whole frame with {@link FrameReader}, which gives the
 * precise error. The header fields are not checked here either: {@link FrameReader#readHeader} does
 * that.
 *
 * <p>As a {@link ReceiveProgress} it decodes what a transport receives, and {@link #restart} drops
 * a failed attempt's partial decode. Used by one thread at a time per instance; {@link #reset}
 * starts a new frame.
 */
public final class DenseFrameDecoder implements ReceiveProgress {

  private final List<ParameterSpec> specs;
  private final int[] payloadOffsets;
  private final int frameBytes;
  private final boolean checkFinite;
  private FloatChunks[] out;
  private int param;
  private boolean sectionChecked;
  private int floatsDone;
  private boolean conforming;

  /**
   * Bytes of the frame's progress section (a push's flags announce it), -1 until the header
   * arrived. Every payload offset moves by it.
   */
  private int progressBytes;

  /** A decoder for dense frames of {@code specs}. */
  public DenseFrameDecoder(List<ParameterSpec> specs, boolean checkFinite) {
    this.specs = List.copyOf(specs);
    this.payloadOffsets = FrameFormat.densePayloadOffsets(specs);
    this.frameBytes = Math.toIntExact(FrameFormat.denseFrameBytes(specs));
    this.checkFinite = checkFinite;
  }

  /** Starts a frame whose floats go to {@code out[id]} (each at least the parameter's size). */
  public void reset(float[][] out) {
    reset(FloatChunks.wrapAll(out));
  }

  /**
   * Starts a frame whose floats go to {@code out[id]}, which may be split into chunks (the server's
   * shard layout).
   */
  public void reset(FloatChunks[] out) {
    this.out = out;
    restart();
  }

  /**
   * Starts the frame over into the same outputs (a retried request's reply replaces a failed
   * attempt's).
   */
  @Override
  public void restart() {
    this.param = 0;
    this.sectionChecked = false;
    this.floatsDone = 0;
    this.conforming = true;
    this.progressBytes = -1;
  }

  /** The same as {@link #advance}. */
  @Override
  public void received(ByteBuffer frame, int received) {
    advance(frame, received);
  }

  /**
   * Decodes what arrived: the frame's first {@code received} bytes are in {@code frame}, at their
   * own indices (the buffer's position and limit are not used).
   */
  public void advance(ByteBuffer frame, int received) {
    if (progressBytes < 0) {
      if (received < FrameFormat.HEADER_BYTES) {
        return;
      }
      progressBytes =
          FrameFormat.progressBytes(frame.duplicate().order(ByteOrder.LITTLE_ENDIAN).getShort(6));
    }
    while (conforming && param < specs.size()) {
      int payloadAt = payloadOffsets[param] + progressBytes;
      if (!sectionChecked) {
        if (received < payloadAt) {
          return;
        }
        sectionChecked = checkSection(frame, payloadAt - FrameFormat.PARAM_HEADER_BYTES);
        if (!sectionChecked) {
          conforming = false;
          return;
        }
      }
      int size = specs.get(param).size();
      int available = (int) Math.min(size, ((long) received - payloadAt) / 4);
      if (available > floatsDone) {
        copy(frame, payloadAt, floatsDone, available - floatsDone);
        floatsDone = available;
      }
      if (floatsDone < size) {
        return;
      }
      param++;
      sectionChecked = false;
      floatsDone = 0;
    }
  }

  private boolean checkSection(ByteBuffer frame, int at) {
    ByteBuffer le = frame.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    return le.getInt(at) == param
        && le.get(at + 4) == PayloadEncoding.F32.wireId()
        && le.getInt(at + 5) == specs.get(param).size();
  }

  private void copy(ByteBuffer frame, int payloadAt, int from, int count) {
    ByteBuffer view = frame.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    view.limit(view.capacity()).position(payloadAt + 4 * from);
    out[param].put(view.asFloatBuffer(), from, count);
    if (checkFinite && out[param].firstNonFinite(from, from + count) >= 0) {
      conforming = false;
    }
  }

  /** Whether a frame of {@code length} bytes was dense, fully decoded, and (if checked) finite. */
  public boolean isComplete(int length) {
    return conforming && param == specs.size() && length == frameBytes + progressBytes;
  }
}
