package io.tensoronspark.tps.wire;

import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * One parameter's floats as consecutive arrays ("chunks") of {@link #chunkSize()} floats each, the
 * last one exactly the remainder; element {@code i} is {@code chunk(i / chunkSize)[i % chunkSize]}.
 * The server decodes push payloads into chunks laid out like its shards, so each shard merges a
 * payload array of its own, as long as the shard, as the combiners' {@code Combiner.merge} requires
 * (HotSpot's C2 vectorizes a merge loop only when shard and payload elements line up from 0). A
 * plain array is one chunk ({@link #wrap}).
 *
 * <p>Not thread-safe: filled by one thread; once filled, distinct chunks may be read by different
 * threads (parallel shard merges) when the hand-off is safely published. Owns its chunks when
 * {@link #allocate}d; {@link #wrap} shares the caller's array.
 */
public final class FloatChunks {

  private final float[][] chunks;
  private final int chunkSize;
  private final int size;

  private FloatChunks(float[][] chunks, int chunkSize, int size) {
    this.chunks = chunks;
    this.chunkSize = chunkSize;
    this.size = size;
  }

  /** The caller's array as one chunk (no copy): writes go straight into it. */
  public static FloatChunks wrap(float[] array) {
    return new FloatChunks(new float[][] {array}, Math.max(1, array.length), array.length);
  }

  /** Wraps each of {@code arrays} (see {@link #wrap}). */
  public static FloatChunks[] wrapAll(float[][] arrays) {
    FloatChunks[] wrapped = new FloatChunks[arrays.length];
    for (int i = 0; i < arrays.length; i++) {
      wrapped[i] = wrap(arrays[i]);
    }
    return wrapped;
  }

  /**
   * Zeroed chunks for {@code size} floats, {@code chunkSize} per chunk.
   *
   * @throws IllegalArgumentException when {@code size < 0} or {@code chunkSize < 1}
   */
  public static FloatChunks allocate(int size, int chunkSize) {
    if (size < 0 || chunkSize < 1) {
      throw new IllegalArgumentException(
          "FloatChunks need size >= 0 and chunkSize >= 1, got size "
              + size
              + " and chunkSize "
              + chunkSize);
    }
    int count = Math.max(1, (int) (((long) size + chunkSize - 1) / chunkSize));
    float[][] chunks = new float[count][];
    for (int c = 0; c < count; c++) {
      chunks[c] = new float[Math.min(chunkSize, size - c * chunkSize)];
    }
    return new FloatChunks(chunks, chunkSize, size);
  }

  /** The number of floats held. */
  public int size() {
    return size;
  }

  /** Floats per chunk (every chunk but the last holds exactly this many). */
  public int chunkSize() {
    return chunkSize;
  }

  /** The number of chunks. */
  public int chunkCount() {
    return chunks.length;
  }

  /**
   * Chunk {@code index}: elements {@code [index * chunkSize, index * chunkSize + chunk.length)}.
   * Not a copy.
   */
  public float[] chunk(int index) {
    return chunks[index];
  }

  /** Element {@code index}. */
  public float get(int index) {
    return chunks[index / chunkSize][index % chunkSize];
  }

  /**
   * Copies {@code count} floats from {@code src}'s position into elements {@code [from, from +
   * count)}, advancing {@code src}: one bulk copy per chunk touched.
   */
  public void put(FloatBuffer src, int from, int count) {
    forEachRange(from, count, (chunk, offset, length) -> src.get(chunk, offset, length));
  }

  /**
   * Copies elements {@code [from, from + count)} to {@code dst}'s position, advancing it: one bulk
   * copy per chunk touched.
   */
  public void get(int from, int count, FloatBuffer dst) {
    forEachRange(from, count, (chunk, offset, length) -> dst.put(chunk, offset, length));
  }

  /** What to do with one chunk's part of an element range. */
  @FunctionalInterface
  private interface ChunkRange {
    void apply(float[] chunk, int offset, int length);
  }

  /**
   * Calls {@code action} for each chunk's part of elements {@code [from, from + count)}, in order.
   */
  private void forEachRange(int from, int count, ChunkRange action) {
    int at = from;
    int end = from + count;
    while (at < end) {
      int c = at / chunkSize;
      int inChunk = at - c * chunkSize;
      int n = Math.min(end - at, chunks[c].length - inChunk);
      action.apply(chunks[c], inChunk, n);
      at += n;
    }
  }

  /** Sets elements {@code [0, count)} to 0. */
  public void zero(int count) {
    for (int c = 0, base = 0; base < count; c++, base += chunkSize) {
      Arrays.fill(chunks[c], 0, Math.min(chunks[c].length, count - base), 0f);
    }
  }

  /** Multiplies every element by {@code factor}. */
  public void scale(float factor) {
    for (float[] chunk : chunks) {
      for (int i = 0; i < chunk.length; i++) {
        chunk[i] *= factor;
      }
    }
  }

  /**
   * The index of the first NaN or infinity among elements {@code [from, to)}, or -1 when all are
   * finite.
   */
  public int firstNonFinite(int from, int to) {
    int at = from;
    while (at < to) {
      int c = at / chunkSize;
      int base = c * chunkSize;
      int chunkEnd = Math.min(to, base + chunks[c].length);
      int bad = FiniteCheck.firstNonFinite(chunks[c], at - base, chunkEnd - base);
      if (bad >= 0) {
        return base + bad;
      }
      at = chunkEnd;
    }
    return -1;
  }

  /** A new array with every element (for tests and diagnostics; not for hot paths). */
  public float[] toArray() {
    float[] all = new float[size];
    for (int c = 0; c < chunks.length; c++) {
      System.arraycopy(chunks[c], 0, all, c * chunkSize, chunks[c].length);
    }
    return all;
  }
}
