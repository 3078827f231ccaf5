package io.tensoronspark.session.spec;

import org.tensorflow.proto.DataType;

/**
 * The element types a feed (a graph placeholder) may have, with the Java row values each accepts.
 */
public enum FeedType {
  /**
   * {@code float[]} for a row of shape [d1, ...], a {@link Float} (or any Number) for a scalar row.
   */
  FLOAT32(DataType.DT_FLOAT, "float"),
  /**
   * {@code int[]} for a row of shape [d1, ...], an {@link Integer} (or int-valued Number) for a
   * scalar row.
   */
  INT32(DataType.DT_INT32, "int"),
  /**
   * {@code long[]} for a row of shape [d1, ...], a {@link Long} (or integral Number) for a scalar
   * row.
   */
  INT64(DataType.DT_INT64, "long");

  private final DataType dataType;
  private final String javaElement;

  FeedType(DataType dataType, String javaElement) {
    this.dataType = dataType;
    this.javaElement = javaElement;
  }

  /** The Java element type name used in error messages ("float", "int", "long"). */
  public String javaElement() {
    return javaElement;
  }

  /** The feed type of a TensorFlow data type, or an error naming the supported ones. */
  public static FeedType of(DataType dataType, String feedName) {
    for (FeedType t : values()) {
      if (t.dataType == dataType) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "feed '"
            + feedName
            + "' has dtype "
            + dataType
            + "; supported feed dtypes are DT_FLOAT, DT_INT32, DT_INT64");
  }
}
