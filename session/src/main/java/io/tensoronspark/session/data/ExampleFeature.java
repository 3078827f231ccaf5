package io.tensoronspark.session.data;

import java.io.Serializable;
import java.util.Objects;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.FloatList;
import org.tensorflow.proto.Int64List;

/**
 * One feature of a {@code tf.train.Example} mapped to one value of a training row (one feed): a
 * float list as {@code float[]} or a {@code Float}, an int64 list as {@code long[]}, {@code int[]},
 * a {@code Long} or an {@code Integer}. Immutable and serializable (it travels to the tasks that
 * read the files).
 */
public final class ExampleFeature implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The Java value a feature becomes in the row. */
  public enum Kind {
    FLOAT_ARRAY,
    FLOAT_SCALAR,
    LONG_ARRAY,
    INT_ARRAY,
    LONG_SCALAR,
    INT_SCALAR
  }

  private final String name;
  private final Kind kind;

  private ExampleFeature(String name, Kind kind) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a feature needs a non-empty name");
    }
    this.name = name;
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** A float list feature as a {@code float[]} row value (e.g. an image). */
  public static ExampleFeature floats(String name) {
    return new ExampleFeature(name, Kind.FLOAT_ARRAY);
  }

  /** A one-element float list as a {@code Float} row value (e.g. a regression target). */
  public static ExampleFeature floatScalar(String name) {
    return new ExampleFeature(name, Kind.FLOAT_SCALAR);
  }

  /** An int64 list as a {@code long[]} row value. */
  public static ExampleFeature longs(String name) {
    return new ExampleFeature(name, Kind.LONG_ARRAY);
  }

  /** An int64 list as an {@code int[]} row value (each element must fit an int). */
  public static ExampleFeature ints(String name) {
    return new ExampleFeature(name, Kind.INT_ARRAY);
  }

  /** A one-element int64 list as a {@code Long} row value. */
  public static ExampleFeature longScalar(String name) {
    return new ExampleFeature(name, Kind.LONG_SCALAR);
  }

  /** A one-element int64 list as an {@code Integer} row value (e.g. a class label). */
  public static ExampleFeature intScalar(String name) {
    return new ExampleFeature(name, Kind.INT_SCALAR);
  }

  public String name() {
    return name;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The row value of this feature; {@code where} names the record for errors.
   *
   * @throws IllegalArgumentException when the feature has the wrong list type or length
   */
  Object toValue(Feature feature, String where) {
    boolean floatKind = kind == Kind.FLOAT_ARRAY || kind == Kind.FLOAT_SCALAR;
    if (floatKind && !feature.hasFloatList() || !floatKind && !feature.hasInt64List()) {
      throw new IllegalArgumentException(
          where
              + ": feature '"
              + name
              + "' should be "
              + (floatKind ? "a float_list" : "an int64_list")
              + " but is "
              + feature.getKindCase());
    }
    return switch (kind) {
      case FLOAT_ARRAY -> floatArray(feature.getFloatList());
      case FLOAT_SCALAR -> singleFloat(feature.getFloatList(), where);
      case LONG_ARRAY -> longArray(feature.getInt64List());
      case INT_ARRAY -> intArray(feature.getInt64List(), where);
      case LONG_SCALAR -> longArray(single(feature.getInt64List(), where))[0];
      case INT_SCALAR -> intArray(single(feature.getInt64List(), where), where)[0];
    };
  }

  /** The feature for a row value of this kind (for writing). */
  Feature toFeature(Object value) {
    Feature.Builder f = Feature.newBuilder();
    switch (kind) {
      case FLOAT_ARRAY -> {
        FloatList.Builder list = FloatList.newBuilder();
        for (float v : (float[]) value) {
          list.addValue(v);
        }
        f.setFloatList(list);
      }
      case FLOAT_SCALAR ->
          f.setFloatList(FloatList.newBuilder().addValue(((Number) value).floatValue()));
      case LONG_ARRAY -> {
        Int64List.Builder list = Int64List.newBuilder();
        for (long v : (long[]) value) {
          list.addValue(v);
        }
        f.setInt64List(list);
      }
      case INT_ARRAY -> {
        Int64List.Builder list = Int64List.newBuilder();
        for (int v : (int[]) value) {
          list.addValue(v);
        }
        f.setInt64List(list);
      }
      case LONG_SCALAR, INT_SCALAR ->
          f.setInt64List(Int64List.newBuilder().addValue(((Number) value).longValue()));
    }
    return f.build();
  }

  private Float singleFloat(FloatList list, String where) {
    if (list.getValueCount() != 1) {
      throw new IllegalArgumentException(
          where + ": feature '" + name + "' should hold one float, got " + list.getValueCount());
    }
    return list.getValue(0);
  }

  private Int64List single(Int64List list, String where) {
    if (list.getValueCount() != 1) {
      throw new IllegalArgumentException(
          where + ": feature '" + name + "' should hold one int64, got " + list.getValueCount());
    }
    return list;
  }

  private static float[] floatArray(FloatList list) {
    int n = list.getValueCount();
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = list.getValue(i); // protobuf keeps a primitive float array: no boxing
    }
    return out;
  }

  private static long[] longArray(Int64List list) {
    int n = list.getValueCount();
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = list.getValue(i);
    }
    return out;
  }

  private int[] intArray(Int64List list, String where) {
    int n = list.getValueCount();
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      long v = list.getValue(i);
      if (v != (int) v) {
        throw new IllegalArgumentException(
            where
                + ": feature '"
                + name
                + "' value "
                + v
                + " at index "
                + i
                + " does not fit an int");
      }
      out[i] = (int) v;
    }
    return out;
  }

  @Override
  public String toString() {
    return name + ":" + kind;
  }
}
