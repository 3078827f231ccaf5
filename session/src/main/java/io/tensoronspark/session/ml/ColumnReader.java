package io.tensoronspark.session.ml;

import io.tensoronspark.session.spec.FeedSpec;
import io.tensoronspark.session.spec.FeedType;
import java.io.Serializable;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Reads one DataFrame column of Spark's internal rows as the row value a feed takes, in bulk:
 * {@code array<float>}, {@code array<int>} and {@code array<bigint>} are copied straight out of
 * Spark's array data, {@code array<double>} and ML vectors (dense and sparse) are narrowed to
 * {@code float[]} in one primitive loop, numeric scalars become one Number per row. Chosen and
 * checked on the driver ({@link #of}); applied on executors. Immutable, serializable, thread-safe.
 */
abstract class ColumnReader implements Serializable {

  private static final long serialVersionUID = 1L;

  // ML vectors' internal struct: (type: 0 sparse / 1 dense, size, indices, values)
  private static final int VECTOR_FIELDS = 4;
  private static final byte DENSE = 1;

  final String column;

  private ColumnReader(String column) {
    this.column = column;
  }

  /** The feed value of this column in {@code row}, or null when the cell is null. */
  final Object read(InternalRow row, int ordinal) {
    return row.isNullAt(ordinal) ? null : readNonNull(row, ordinal);
  }

  abstract Object readNonNull(InternalRow row, int ordinal);

  /**
   * The reader of {@code field} for {@code feed}.
   *
   * @throws IllegalArgumentException naming the column, its type and what the feed takes
   */
  static ColumnReader of(StructField field, FeedSpec feed) {
    DataType t = field.dataType();
    String name = field.name();
    boolean scalarFeed = feed.rowShape().length == 0;
    if (!scalarFeed && t.equals(SQLDataTypes.VectorType()) && feed.type() == FeedType.FLOAT32) {
      int size = AttributeGroup.fromStructField(field).size();
      if (size >= 0 && size != feed.rowSize()) {
        throw mismatch(field, feed, "vectors of size " + size);
      }
      return new VectorReader(name);
    }
    if (!scalarFeed && t instanceof ArrayType a) {
      DataType e = a.elementType();
      if (feed.type() == FeedType.FLOAT32 && e.equals(DataTypes.FloatType)) {
        return new FloatArrayReader(name);
      }
      if (feed.type() == FeedType.FLOAT32 && e.equals(DataTypes.DoubleType)) {
        return new DoubleArrayReader(name);
      }
      if (feed.type() == FeedType.INT32 && e.equals(DataTypes.IntegerType)) {
        return new IntArrayReader(name);
      }
      if (feed.type() == FeedType.INT64 && e.equals(DataTypes.LongType)) {
        return new LongArrayReader(name);
      }
    }
    if (scalarFeed && isNumeric(t)) {
      return new ScalarReader(name, t, feed.type());
    }
    throw mismatch(field, feed, t.simpleString());
  }

  private static boolean isNumeric(DataType t) {
    return t.equals(DataTypes.ByteType)
        || t.equals(DataTypes.ShortType)
        || t.equals(DataTypes.IntegerType)
        || t.equals(DataTypes.LongType)
        || t.equals(DataTypes.FloatType)
        || t.equals(DataTypes.DoubleType);
  }

  private static IllegalArgumentException mismatch(StructField field, FeedSpec feed, String got) {
    String expected =
        feed.rowShape().length == 0
            ? "a numeric column"
            : switch (feed.type()) {
              case FLOAT32 -> "array<float>, array<double> or vector of size " + feed.rowSize();
              case INT32 -> "array<int> of size " + feed.rowSize();
              case INT64 -> "array<bigint> of size " + feed.rowSize();
            };
    return new IllegalArgumentException(
        "column '"
            + field.name()
            + "' feeds '"
            + feed.name()
            + "' ("
            + feed.expectedDescription()
            + "): expected "
            + expected
            + ", got "
            + got);
  }

  private static final class FloatArrayReader extends ColumnReader {
    FloatArrayReader(String c) {
      super(c);
    }

    @Override
    Object readNonNull(InternalRow row, int ordinal) {
      return row.getArray(ordinal).toFloatArray();
    }
  }

  private static final class DoubleArrayReader extends ColumnReader {
    DoubleArrayReader(String c) {
      super(c);
    }

    @Override
    Object readNonNull(InternalRow row, int ordinal) {
      return narrow(row.getArray(ordinal).toDoubleArray());
    }
  }

  private static final class IntArrayReader extends ColumnReader {
    IntArrayReader(String c) {
      super(c);
    }

    @Override
    Object readNonNull(InternalRow row, int ordinal) {
      return row.getArray(ordinal).toIntArray();
    }
  }

  private static final class LongArrayReader extends ColumnReader {
    LongArrayReader(String c) {
      super(c);
    }

    @Override
    Object readNonNull(InternalRow row, int ordinal) {
      return row.getArray(ordinal).toLongArray();
    }
  }

  private static final class VectorReader extends ColumnReader {
    VectorReader(String c) {
      super(c);
    }

    @Override
    Object readNonNull(InternalRow row, int ordinal) {
      InternalRow v = row.getStruct(ordinal, VECTOR_FIELDS);
      double[] values = v.getArray(3).toDoubleArray();
      if (v.getByte(0) == DENSE) {
        return narrow(values);
      }
      float[] dense = new float[v.getInt(1)];
      ArrayData indices = v.getArray(2);
      for (int i = 0; i < values.length; i++) {
        dense[indices.getInt(i)] = (float) values[i];
      }
      return dense;
    }
  }

  private static final class ScalarReader extends ColumnReader {
    private final DataType type;
    private final FeedType feed;

    ScalarReader(String c, DataType type, FeedType feed) {
      super(c);
      this.type = type;
      this.feed = feed;
    }

    @Override
    Object readNonNull(InternalRow row, int ordinal) {
      double value;
      if (type.equals(DataTypes.DoubleType)) {
        value = row.getDouble(ordinal);
      } else if (type.equals(DataTypes.FloatType)) {
        value = row.getFloat(ordinal);
      } else if (type.equals(DataTypes.LongType)) {
        long l = row.getLong(ordinal);
        return feed == FeedType.FLOAT32
            ? (Object) (float) l
            : feed == FeedType.INT64 ? l : toInt(l);
      } else if (type.equals(DataTypes.IntegerType)) {
        value = row.getInt(ordinal);
      } else if (type.equals(DataTypes.ShortType)) {
        value = row.getShort(ordinal);
      } else {
        value = row.getByte(ordinal);
      }
      return switch (feed) {
        case FLOAT32 -> (float) value;
        case INT32 -> toInt(integral(value));
        case INT64 -> integral(value);
      };
    }

    private long integral(double value) {
      if (value != Math.rint(value) || Double.isInfinite(value)) {
        throw new IllegalArgumentException(
            "column '" + column + "' feeds an integer input: expected whole numbers, got " + value);
      }
      return (long) value;
    }

    private Object toInt(long value) {
      if (value != (int) value) {
        throw new IllegalArgumentException(
            "column '" + column + "' feeds an int32 input: expected an int, got " + value);
      }
      return (int) value;
    }
  }

  static float[] narrow(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
