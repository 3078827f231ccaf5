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
 * a failed attempt's partial decode. It also {@link #compact compacts}: once a receiver's buffer
 * holds {@link #COMPACT_FROM} bytes, the bytes already decoded are dropped and the few undecoded
 * ones moved down behind the frame header (and a push's progress section), so a multi-MB frame
 * passes through a window of a few slices that stays in the CPU cache instead of through a multi-MB
 * buffer that does not (the paired measurement is in benchmarks/README.md, "Receive window"). If
 * the frame then turns out not to be dense or finite, {@link #finish} puts the dropped bytes back,
 * re-encoded from the decoded floats (exact: F32 is copied bit for bit), so the caller still gets
 * the whole frame for {@link FrameReader}. Used by one thread at a time per instance; {@link
 * #reset} starts a new frame.
 */
public final class DenseFrameDecoder implements ReceiveProgress {

  /**
   * The buffer position from which {@link #compact} drops decoded bytes: one {@link
   * ReceiveProgress#SLICE_BYTES slice}, so a receiver reading a slice at a time never holds more
   * than two slices behind the header.
   */
  public static final int COMPACT_FROM = SLICE_BYTES;

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
   * arrived. Every payload offset moves by it, and it stays pinned with the header.
   */
  private int progressBytes;

  /**
   * Frame bytes dropped by {@link #compact}: frame byte k >= {@link #pinned()} lies at buffer index
   * k - shift.
   */
  private int shift;

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
    this.shift = 0;
  }

  /** The same as {@link #advance}. */
  @Override
  public void received(ByteBuffer frame, int received) {
    advance(frame, received);
  }

  /**
   * Decodes what arrived: the frame's first {@code received} bytes are in {@code frame}, at their
   * own indices unless {@link #compact} moved them (the buffer's position and limit are not used).
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
        sectionChecked = checkSection(frame, payloadAt - FrameFormat.PARAM_HEADER_BYTES - shift);
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
    view.limit(view.capacity()).position(payloadAt + 4 * from - shift);
    out[param].put(view.asFloatBuffer(), from, count);
    if (checkFinite && out[param].firstNonFinite(from, from + count) >= 0) {
      conforming = false;
    }
  }

  /**
   * Once {@code position} reaches {@link #COMPACT_FROM} and all decoded so far is dense and finite,
   * drops the decoded bytes: moves the undecoded rest (a partial float or section header, a few
   * bytes) to just behind the frame header and progress section and returns the index after it;
   * otherwise returns {@code position}.
   */
  @Override
  public int compact(ByteBuffer frame, int position) {
    int decodedEnd = decodedEnd();
    if (position < COMPACT_FROM || decodedEnd < 0) {
      return position;
    }
    int pinned = pinned();
    int from = decodedEnd - shift;
    byte[] rest = new byte[position - from];
    frame.get(from, rest);
    frame.put(pinned, rest);
    shift += from - pinned;
    return pinned + rest.length;
  }

  /** The bytes that never move: the header and the progress section. */
  private int pinned() {
    return FrameFormat.HEADER_BYTES + progressBytes;
  }

  /**
   * Ends a frame of {@code length} bytes whose last one is at buffer index {@code position - 1}. If
   * it was {@link #isComplete complete}, nothing is moved: only its header and progress section are
   * in the buffer (at 0) and the rest of the buffer up to {@code length} is unspecified. Otherwise
   * the bytes {@link #compact} dropped are put back, so the buffer holds the whole frame at its own
   * indices.
   *
   * @return {@code length}
   */
  @Override
  public int finish(ByteBuffer frame, int position, int length) {
    if (shift > 0 && !isComplete(length)) {
      restore(frame, position);
    }
    return length;
  }

  /**
   * The frame index up to which every byte was decoded as dense and finite, or -1 once the frame
   * failed to be.
   */
  private int decodedEnd() {
    if (!conforming || progressBytes < 0) {
      return -1;
    }
    if (param == specs.size()) {
      return frameBytes + progressBytes;
    }
    int payloadAt = payloadOffsets[param] + progressBytes;
    return sectionChecked ? payloadAt + 4 * floatsDone : payloadAt - FrameFormat.PARAM_HEADER_BYTES;
  }

  /**
   * Moves the bytes behind the header up by the shift, then re-encodes the dropped ones (whole
   * dense sections and the start of the next, all decoded) from the output arrays.
   */
  private void restore(ByteBuffer frame, int position) {
    int pinned = pinned();
    ByteBuffer le = frame.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    le.limit(le.capacity());
    moveUp(le, pinned, position, shift);
    int droppedEnd = pinned + shift;
    for (int p = 0; p < specs.size(); p++) {
      int payloadAt = payloadOffsets[p] + progressBytes;
      int sectionAt = payloadAt - FrameFormat.PARAM_HEADER_BYTES;
      if (sectionAt >= droppedEnd) {
        break;
      }
      le.position(sectionAt);
      FrameWriter.writeSectionHeader(le, p, PayloadEncoding.F32, specs.get(p).size());
      int floats = Math.min(specs.get(p).size(), (droppedEnd - payloadAt) / 4);
      out[p].get(0, floats, le.asFloatBuffer());
    }
    shift = 0;
  }

  /**
   * Moves {@code buffer[from, to)} up by {@code distance} bytes, in pieces no longer than the
   * distance taken from the top down, so no piece overlaps its target.
   */
  private static void moveUp(ByteBuffer buffer, int from, int to, int distance) {
    int piece = Math.min(distance, 1 << 20);
    for (int end = to; end > from; ) {
      int start = Math.max(from, end - piece);
      buffer.put(start + distance, buffer, start, end - start);
      end = start;
    }
  }

  /** Whether a frame of {@code length} bytes was dense, fully decoded, and (if checked) finite. */
  public boolean isComplete(int length) {
    return conforming && param == specs.size() && length == frameBytes + progressBytes;
  }
}
