package io.tensoronspark.session.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Training rows from DataFrame columns (e.g. a Parquet data set), one positional row value per
 * column: {@code array<float>} and {@code array<double>} become {@code float[]}, {@code array<int>}
 * {@code int[]}, {@code array<bigint>} {@code long[]}, and numeric scalars a {@code Float}, {@code
 * Integer} or {@code Long}. Arrays are copied in bulk from Spark's internal rows ({@code
 * ArrayData.toFloatArray}), never element by element through boxed objects. The rows keep the
 * DataFrame's partitioning and are read by the tasks; the driver only plans the scan. Stateless.
 */
public final class ParquetRows {

  private ParquetRows() {}

  /** The columns {@code columns} of the Parquet data at {@code uri} (any Hadoop FileSystem). */
  public static JavaRDD<Object[]> read(SparkSession spark, String uri, List<String> columns) {
    return fromDataFrame(spark.read().parquet(uri), columns);
  }

  /** The columns {@code columns} of {@code frame}, as training rows. */
  public static JavaRDD<Object[]> fromDataFrame(Dataset<Row> frame, List<String> columns) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("reading a DataFrame needs at least one column");
    }
    Column[] selected = new Column[columns.size()];
    for (int i = 0; i < selected.length; i++) {
      selected[i] = frame.col(columns.get(i));
    }
    Dataset<Row> projected = frame.select(selected);
    List<ColumnKind> kinds = new ArrayList<>();
    for (StructField field : projected.schema().fields()) {
      kinds.add(ColumnKind.of(field));
    }
    return projected.queryExecution().toRdd().toJavaRDD().map(row -> convert(row, kinds));
  }

  private static Object[] convert(InternalRow row, List<ColumnKind> kinds) {
    Object[] out = new Object[kinds.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = row.isNullAt(i) ? null : kinds.get(i).value(row, i);
    }
    return out;
  }

  /** How one column's value is copied out of an internal row. */
  private enum ColumnKind implements Serializable {
    FLOAT_ARRAY,
    DOUBLE_ARRAY,
    INT_ARRAY,
    LONG_ARRAY,
    FLOAT,
    DOUBLE,
    INT,
    LONG;

    static ColumnKind of(StructField field) {
      DataType t = field.dataType();
      if (t instanceof ArrayType array) {
        DataType e = array.elementType();
        if (e.equals(DataTypes.FloatType)) {
          return FLOAT_ARRAY;
        } else if (e.equals(DataTypes.DoubleType)) {
          return DOUBLE_ARRAY;
        } else if (e.equals(DataTypes.IntegerType)) {
          return INT_ARRAY;
        } else if (e.equals(DataTypes.LongType)) {
          return LONG_ARRAY;
        }
      } else if (t.equals(DataTypes.FloatType)) {
        return FLOAT;
      } else if (t.equals(DataTypes.DoubleType)) {
        return DOUBLE;
      } else if (t.equals(DataTypes.IntegerType)) {
        return INT;
      } else if (t.equals(DataTypes.LongType)) {
        return LONG;
      }
      throw new IllegalArgumentException(
          "column '"
              + field.name()
              + "' has type "
              + t.simpleString()
              + "; supported are array<float|double|int|bigint> and float, double, int, bigint"
              + " scalars");
    }

    Object value(InternalRow row, int i) {
      return switch (this) {
        case FLOAT_ARRAY -> row.getArray(i).toFloatArray();
        case DOUBLE_ARRAY -> toFloats(row.getArray(i));
        case INT_ARRAY -> row.getArray(i).toIntArray();
        case LONG_ARRAY -> row.getArray(i).toLongArray();
        case FLOAT -> row.getFloat(i);
        case DOUBLE -> (float) row.getDouble(i);
        case INT -> row.getInt(i);
        case LONG -> row.getLong(i);
      };
    }

    private static float[] toFloats(ArrayData data) {
      double[] doubles = data.toDoubleArray();
      float[] floats = new float[doubles.length];
      for (int k = 0; k < doubles.length; k++) {
        floats[k] = (float) doubles[k];
      }
      return floats;
    }
  }
}
