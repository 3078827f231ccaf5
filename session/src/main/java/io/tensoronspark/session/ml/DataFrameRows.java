package io.tensoronspark.session.ml;

import io.tensoronspark.session.spec.FeedSpec;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * Turns chosen DataFrame columns into the {@code Object[]} rows a {@code DistributedSession} or a
 * predictor takes, one value per feed, read in bulk from Spark's internal rows ({@link
 * ColumnReader}). The columns are checked against the feeds on the driver when this is built.
 * Immutable and serializable.
 */
final class DataFrameRows implements Serializable {

  private static final long serialVersionUID = 1L;

  private final int[] ordinals;
  private final ColumnReader[] readers;

  /**
   * @throws IllegalArgumentException for a missing column or one whose type does not fit its feed
   */
  DataFrameRows(StructType schema, List<String> columns, List<FeedSpec> feeds) {
    if (columns.size() != feeds.size()) {
      throw new IllegalArgumentException(
          "expected one column per feed " + feeds + ", got columns " + columns);
    }
    ordinals = new int[columns.size()];
    readers = new ColumnReader[columns.size()];
    List<String> names = List.of(schema.fieldNames());
    for (int i = 0; i < ordinals.length; i++) {
      String column = columns.get(i);
      if (!names.contains(column)) {
        throw new IllegalArgumentException(
            "column '"
                + column
                + "' (feeding '"
                + feeds.get(i).name()
                + "') is not in the"
                + " DataFrame; its columns are "
                + names);
      }
      ordinals[i] = schema.fieldIndex(column);
      readers[i] = ColumnReader.of(schema.fields()[ordinals[i]], feeds.get(i));
    }
  }

  /** The feed values of one internal row. */
  Object[] values(InternalRow row) {
    Object[] values = new Object[ordinals.length];
    for (int i = 0; i < ordinals.length; i++) {
      values[i] = readers[i].read(row, ordinals[i]);
    }
    return values;
  }

  /** The rows of {@code df} (whose schema this was built for), partition by partition. */
  JavaRDD<Object[]> rows(Dataset<?> df) {
    return df.queryExecution().toRdd().toJavaRDD().map(this::values);
  }
}
