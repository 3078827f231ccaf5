package io.tensoronspark.tps.wire;

import io.tensoronspark.tps.protocol.PayloadEncoding;
import java.nio.ByteBuffer;

/**
 * Decodes one parameter's payload, in any {@link PayloadEncoding}, into dense floats held in {@link
 * FloatChunks} (one array or the server's per-shard arrays) and (if asked) checks that every value
 * is finite. Bulk copies for F32; one pass per element otherwise. Stateless; safe from any thread.
 */
final class PayloadDecoder {

  private final boolean checkFinite;

  PayloadDecoder(boolean checkFinite) {
    this.checkFinite = checkFinite;
  }

  /**
   * Decodes {@code count} elements from {@code in} (little-endian, positioned at the payload) into
   * elements {@code [0, count)} of {@code out}, advancing {@code in} past the payload.
   */
  void decode(ByteBuffer in, PayloadEncoding encoding, int count, FloatChunks out, int id)
      throws FrameRejectedException {
    switch (encoding) {
      case F32:
        need(in, 4L * count, id);
        out.put(in.asFloatBuffer(), 0, count);
        in.position(in.position() + 4 * count);
        break;
      case F16:
        need(in, 2L * count, id);
        decodeHalves(in, count, out, false);
        break;
      case BF16:
        need(in, 2L * count, id);
        decodeHalves(in, count, out, true);
        break;
      case TOP_K:
        decodeTopK(in, count, out, id);
        break;
      default:
        throw FrameRejectedException.malformed(
            "unsupported encoding " + encoding + " for parameter " + id);
    }
    int bad = checkFinite ? out.firstNonFinite(0, count) : -1;
    if (bad >= 0) {
      throw FrameRejectedException.malformed(
          "parameter "
              + id
              + " element "
              + bad
              + " is "
              + out.get(bad)
              + ": values must be finite");
    }
  }

  private static void need(ByteBuffer in, long bytes, int id) throws FrameRejectedException {
    if (in.remaining() < bytes) {
      throw FrameRejectedException.malformed(
          "truncated frame: parameter "
              + id
              + " payload needs "
              + bytes
              + " bytes, "
              + in.remaining()
              + " left");
    }
  }

  private static void decodeHalves(ByteBuffer in, int count, FloatChunks out, boolean bfloat) {
    int at = in.position();
    for (int c = 0, base = 0; base < count; c++, base += out.chunkSize()) {
      float[] chunk = out.chunk(c);
      int n = Math.min(chunk.length, count - base);
      int from = at + 2 * base;
      if (bfloat) {
        for (int i = 0; i < n; i++) {
          chunk[i] = BFloat16.toFloat(in.getShort(from + 2 * i));
        }
      } else {
        for (int i = 0; i < n; i++) {
          chunk[i] = Binary16.toFloat(in.getShort(from + 2 * i));
        }
      }
    }
    in.position(at + 2 * count);
  }

  private static void decodeTopK(ByteBuffer in, int count, FloatChunks out, int id)
      throws FrameRejectedException {
    need(in, 4, id);
    int k = in.getInt();
    if (k < 0 || k > count / 2) {
      throw FrameRejectedException.malformed(
          "parameter "
              + id
              + " top-k count "
              + k
              + " out of range 0.."
              + (count / 2)
              + " (half of "
              + count
              + ")");
    }
    need(in, 8L * k, id);
    out.zero(count);
    int indexAt = in.position();
    int valueAt = indexAt + 4 * k;
    int previous = -1;
    // Indices increase strictly, so the chunk holding the next one is this one or a later one.
    int chunkIndex = 0;
    int chunkStart = 0;
    float[] chunk = out.chunk(0);
    for (int j = 0; j < k; j++) {
      int index = in.getInt(indexAt + 4 * j);
      if (index <= previous || index >= count) {
        throw FrameRejectedException.malformed(
            "parameter "
                + id
                + " top-k index "
                + index
                + " at position "
                + j
                + ": indices must increase strictly and lie in 0.."
                + (count - 1));
      }
      while (index >= chunkStart + chunk.length) {
        chunkStart += chunk.length;
        chunk = out.chunk(++chunkIndex);
      }
      chunk[index - chunkStart] = in.getFloat(valueAt + 4 * j);
      previous = index;
    }
    in.position(valueAt + 4 * k);
  }
}
