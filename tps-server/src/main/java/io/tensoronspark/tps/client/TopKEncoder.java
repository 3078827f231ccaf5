package io.tensoronspark.tps.client;

import io.tensoronspark.tps.protocol.PayloadEncoding;
import io.tensoronspark.tps.wire.FrameWriter;
import java.nio.ByteBuffer;

/**
 * Top-k sparsification with error feedback for one parameter, kept on the worker: each call adds
 * the new payload to the residual, sends the k elements of largest magnitude, and keeps the rest in
 * the residual for later pushes, so nothing is lost, only delayed. A push the server refused whole
 * (too stale under {@link io.tensoronspark.tps.protocol.StalenessPolicy#REJECT}) is taken back with
 * {@link #discardLast()}: its unsent leftover leaves the residual too, so the refused update is
 * dropped entirely rather than re-sent piecemeal by later pushes. {@link
 * io.tensoronspark.tps.TpsClient} uses one per parameter under {@link PayloadEncoding#TOP_K}; it is
 * public for callers that encode themselves.
 *
 * <p>Selection is O(n) on average (quickselect on the magnitudes to find the k-th largest, then one
 * ordered scan), so the indices come out strictly increasing, as the frame requires. Not
 * thread-safe: owned by one task thread.
 */
public final class TopKEncoder {

  private final int size;
  private final int k;
  private final float[] residual;
  private final float[] beforeLast;
  private boolean lastDiscardable;
  private final float[] magnitudes;
  private final int[] indices;
  private final float[] values;

  /**
   * An encoder for a parameter of {@code size} elements sending {@code k} per push.
   *
   * @throws IllegalArgumentException unless 1 &lt;= k &lt;= size / 2 (beyond that F32 is smaller)
   */
  public TopKEncoder(int size, int k) {
    if (k < 1 || k > size / 2) {
      throw new IllegalArgumentException(
          "top-k needs 1 <= k <= size / 2, got k="
              + k
              + " for size "
              + size
              + "; send F32 instead");
    }
    this.size = size;
    this.k = k;
    this.residual = new float[size];
    this.beforeLast = new float[size];
    this.magnitudes = new float[size];
    this.indices = new int[k];
    this.values = new float[k];
  }

  /**
   * k for a parameter of {@code size} elements and a fraction: ceil(size * fraction), at least 1.
   */
  public static int kFor(int size, double fraction) {
    return (int) Math.max(1, Math.min(size, Math.ceil(size * fraction)));
  }

  /** Elements per parameter. */
  public int size() {
    return size;
  }

  /** Elements sent per push. */
  public int k() {
    return k;
  }

  /** A copy of the residual: what was added but not yet sent. */
  public float[] residual() {
    return residual.clone();
  }

  /**
   * Adds {@code payload} to the residual, selects the k largest magnitudes and removes them from
   * the residual.
   *
   * @param indicesOut receives the k selected indices, strictly increasing
   * @param valuesOut receives their values
   */
  public void select(float[] payload, int[] indicesOut, float[] valuesOut) {
    if (payload.length != size) {
      throw new IllegalArgumentException(
          "payload has " + payload.length + " elements, expected " + size);
    }
    System.arraycopy(residual, 0, beforeLast, 0, size);
    lastDiscardable = true;
    for (int i = 0; i < size; i++) {
      residual[i] += payload[i];
      magnitudes[i] = Math.abs(residual[i]);
    }
    float threshold = kthLargest(magnitudes, k);
    int above = 0;
    for (int i = 0; i < size; i++) {
      if (Math.abs(residual[i]) > threshold) {
        above++;
      }
    }
    int tiesAllowed = k - above;
    int taken = 0;
    for (int i = 0; i < size && taken < k; i++) {
      float magnitude = Math.abs(residual[i]);
      if (magnitude > threshold || (magnitude == threshold && tiesAllowed-- > 0)) {
        indicesOut[taken] = i;
        valuesOut[taken] = residual[i];
        residual[i] = 0f;
        taken++;
      }
    }
  }

  /**
   * Takes back the last {@link #select}: the residual returns bit for bit to what it was before
   * that call, so neither the sent elements nor the leftover of that payload remain. For a push the
   * server refused whole; the caller recomputes its update from fresh values, which already carries
   * what the refused one would have contributed. Does nothing when there is no call to take back
   * (none yet, or already discarded).
   */
  public void discardLast() {
    if (lastDiscardable) {
      System.arraycopy(beforeLast, 0, residual, 0, size);
      lastDiscardable = false;
    }
  }

  /**
   * {@link #select} and writes the top-k payload (k, indices, values) at {@code out}'s position.
   */
  public void encode(float[] payload, ByteBuffer out) {
    select(payload, indices, values);
    FrameWriter.writeTopK(out, indices, values, k);
  }

  /**
   * The k-th largest of {@code a} (1-based); reorders {@code a}. Iterative quickselect,
   * median-of-three pivot.
   */
  static float kthLargest(float[] a, int k) {
    int target = a.length - k;
    int lo = 0;
    int hi = a.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      float pivot = median(a[lo], a[mid], a[hi]);
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          float t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (target <= j) {
        hi = j;
      } else if (target >= i) {
        lo = i;
      } else {
        return a[target];
      }
    }
    return a[target];
  }

  private static float median(float x, float y, float z) {
    return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
  }
}
