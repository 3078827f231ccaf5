package io.tensoronspark.session.executor;

import io.tensoronspark.session.spec.FeedSpec;
import io.tensoronspark.session.spec.FeedType;
import io.tensoronspark.session.spec.InvalidRowException;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * A reusable batch buffer for one feed: rows are validated and bulk-copied into one primitive
 * array, which becomes one tensor per step (a single bulk copy into native memory). Owned by one
 * task thread; not thread-safe.
 */
public final class FeedBuffer {

  private final FeedSpec spec;
  private final int rowSize;
  private final boolean arrayShaped;
  private final float[] floats;
  private final int[] ints;
  private final long[] longs;

  /** A buffer for up to {@code batchSize} rows of {@code spec}. */
  public FeedBuffer(FeedSpec spec, int batchSize) {
    this.spec = spec;
    this.rowSize = spec.rowSize();
    // Cached: FeedSpec.rowShape() returns a copy, and this is asked once per row on the hot path.
    this.arrayShaped = spec.rowShape().length > 0;
    int capacity = Math.multiplyExact(batchSize, rowSize);
    this.floats = spec.type() == FeedType.FLOAT32 ? new float[capacity] : null;
    this.ints = spec.type() == FeedType.INT32 ? new int[capacity] : null;
    this.longs = spec.type() == FeedType.INT64 ? new long[capacity] : null;
  }

  String feedName() {
    return spec.name();
  }

  /**
   * Validates {@code value} against the feed and copies it into slot {@code slot} of the batch.
   *
   * @throws InvalidRowException naming the partition, row, feed, expected and actual shape
   */
  public void put(int slot, Object value, int partition, long rowIndex) {
    int offset = slot * rowSize;
    switch (spec.type()) {
      case FLOAT32 -> putFloat(offset, value, partition, rowIndex);
      case INT32 -> putInt(offset, value, partition, rowIndex);
      case INT64 -> putLong(offset, value, partition, rowIndex);
      default -> throw new IllegalStateException("unhandled feed type " + spec.type());
    }
  }

  /** A new tensor holding the first {@code rows} rows; the caller closes it. */
  public Tensor toTensor(int rows) {
    long elements = (long) rows * rowSize;
    return switch (spec.type()) {
      case FLOAT32 ->
          TFloat32.tensorOf(
              spec.batchShape(rows), DataBuffers.of(floats, true, false).narrow(elements));
      case INT32 ->
          TInt32.tensorOf(
              spec.batchShape(rows), DataBuffers.of(ints, true, false).narrow(elements));
      case INT64 ->
          TInt64.tensorOf(
              spec.batchShape(rows), DataBuffers.of(longs, true, false).narrow(elements));
    };
  }

  private void putFloat(int offset, Object value, int partition, long rowIndex) {
    if (value instanceof float[] array) {
      checkLength(array.length, "float", partition, rowIndex);
      System.arraycopy(array, 0, floats, offset, rowSize);
    } else if (rowSize == 1 && value instanceof Number number && !isArrayShaped()) {
      floats[offset] = number.floatValue();
    } else {
      throw mismatch(value, partition, rowIndex);
    }
  }

  private void putInt(int offset, Object value, int partition, long rowIndex) {
    if (value instanceof int[] array) {
      checkLength(array.length, "int", partition, rowIndex);
      System.arraycopy(array, 0, ints, offset, rowSize);
    } else if (!isArrayShaped()
        && (value instanceof Integer || value instanceof Short || value instanceof Byte)) {
      ints[offset] = ((Number) value).intValue();
    } else if (!isArrayShaped() && value instanceof Long l && l == (int) (long) l) {
      ints[offset] = (int) (long) l;
    } else {
      throw mismatch(value, partition, rowIndex);
    }
  }

  private void putLong(int offset, Object value, int partition, long rowIndex) {
    if (value instanceof long[] array) {
      checkLength(array.length, "long", partition, rowIndex);
      System.arraycopy(array, 0, longs, offset, rowSize);
    } else if (!isArrayShaped()
        && (value instanceof Long
            || value instanceof Integer
            || value instanceof Short
            || value instanceof Byte)) {
      longs[offset] = ((Number) value).longValue();
    } else {
      throw mismatch(value, partition, rowIndex);
    }
  }

  private boolean isArrayShaped() {
    return arrayShaped;
  }

  private void checkLength(int actual, String element, int partition, long rowIndex) {
    if (!isArrayShaped() || actual != rowSize) {
      throw new InvalidRowException(
          partition,
          rowIndex,
          spec.name(),
          spec.expectedDescription(),
          element + "[" + actual + "]");
    }
  }

  private InvalidRowException mismatch(Object value, int partition, long rowIndex) {
    return new InvalidRowException(
        partition, rowIndex, spec.name(), spec.expectedDescription(), describe(value));
  }

  /**
   * How a row value looks in an error message: its class and, for arrays and collections, its
   * length; a number's or boolean's value; never an arbitrary object's toString().
   */
  public static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    Class<?> c = value.getClass();
    if (c.isArray()) {
      return c.getComponentType().getSimpleName()
          + "["
          + java.lang.reflect.Array.getLength(value)
          + "]";
    }
    if (value instanceof Number || value instanceof Boolean) {
      return c.getSimpleName() + " " + value;
    }
    if (value instanceof java.util.Collection<?> collection) {
      return c.getName() + " of " + collection.size() + " elements";
    }
    if (value instanceof CharSequence text) {
      return c.getSimpleName() + " of length " + text.length();
    }
    return c.getName();
  }
}
