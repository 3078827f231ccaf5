package io.tensoronspark.tps.client;

import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import io.tensoronspark.tps.wire.FrameFormat;
import io.tensoronspark.tps.wire.FrameHeader;
import io.tensoronspark.tps.wire.FrameWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Encodes push frames into one reusable heap buffer, in the configured {@link PayloadEncoding}.
 * Under TOP_K it keeps a {@link TopKEncoder} (with its error-feedback residual) per parameter, and
 * sends F32 for parameters too small for top-k to pay off (k would exceed half the elements). Owned
 * and used by one {@link io.tensoronspark.tps.TpsClient} thread; the returned buffer is valid until
 * the next {@link #encode}.
 */
public final class PushFrameEncoder {

  private final List<ParameterSpec> specs;
  private final PayloadEncoding encoding;
  private final TopKEncoder[] topK;
  private final int capacity;
  private final boolean direct;
  private ByteBuffer buffer;

  /**
   * An encoder into a heap buffer; see {@link #PushFrameEncoder(List, PayloadEncoding, double,
   * boolean)}.
   */
  public PushFrameEncoder(
      List<ParameterSpec> specs, PayloadEncoding encoding, double topKFraction) {
    this(specs, encoding, topKFraction, false);
  }

  /**
   * An encoder for {@code specs}; {@code topKFraction} is used under TOP_K only; {@code direct}
   * encodes into a direct buffer (for channel writes without a temporary copy) instead of a heap
   * one.
   */
  public PushFrameEncoder(
      List<ParameterSpec> specs, PayloadEncoding encoding, double topKFraction, boolean direct) {
    this.direct = direct;
    this.specs = List.copyOf(specs);
    this.encoding = encoding;
    this.capacity = Math.toIntExact(FrameFormat.maxPushFrameBytes(specs));
    this.topK = new TopKEncoder[specs.size()];
    if (encoding == PayloadEncoding.TOP_K) {
      for (int i = 0; i < topK.length; i++) {
        int size = specs.get(i).size();
        int k = TopKEncoder.kFor(size, topKFraction);
        topK[i] = k <= size / 2 ? new TopKEncoder(size, k) : null;
      }
    }
  }

  /**
   * Encodes {@code header} (with its progress section, if any) and one payload per parameter;
   * returns the frame (position 0, limit = length).
   */
  public ByteBuffer encode(FrameHeader header, float[][] payloads) {
    if (buffer == null) {
      buffer =
          (direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity))
              .order(ByteOrder.LITTLE_ENDIAN);
    }
    buffer.clear();
    buffer.position(header.bytes());
    for (int id = 0; id < specs.size(); id++) {
      writeSection(id, payloads[id]);
    }
    FrameWriter.writeHeader(buffer, 0, header);
    buffer.flip();
    return buffer;
  }

  /**
   * Takes back the last {@link #encode} under TOP_K (see {@link TopKEncoder#discardLast()}): for a
   * push the server refused whole. Does nothing under the other encodings, which keep no state.
   */
  public void discardLast() {
    for (TopKEncoder encoder : topK) {
      if (encoder != null) {
        encoder.discardLast();
      }
    }
  }

  private void writeSection(int id, float[] payload) {
    int size = specs.get(id).size();
    switch (encoding) {
      case F16 -> {
        FrameWriter.writeSectionHeader(buffer, id, PayloadEncoding.F16, size);
        FrameWriter.writeF16(buffer, payload);
      }
      case BF16 -> {
        FrameWriter.writeSectionHeader(buffer, id, PayloadEncoding.BF16, size);
        FrameWriter.writeBf16(buffer, payload);
      }
      case TOP_K -> {
        if (topK[id] == null) {
          writeF32(id, payload, size);
        } else {
          FrameWriter.writeSectionHeader(buffer, id, PayloadEncoding.TOP_K, size);
          topK[id].encode(payload, buffer);
        }
      }
      default -> writeF32(id, payload, size);
    }
  }

  private void writeF32(int id, float[] payload, int size) {
    FrameWriter.writeSectionHeader(buffer, id, PayloadEncoding.F32, size);
    FrameWriter.writeF32(buffer, payload, 0, size);
  }
}
