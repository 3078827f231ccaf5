package io.tensoronspark.session.ml;

import io.tensoronspark.session.inference.PartitionPredictor;
import io.tensoronspark.session.inference.PredictSpec;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The executor side of {@link TensorFlowModel#transform}: streams a partition's internal rows in
 * batches through the cached SavedModel and yields each input row with the output columns appended
 * (arrays as Spark array data copied in bulk, scalars as values). Serializable; one iterator per
 * task, released at the partition's end or the task's.
 */
final class TransformPartition implements FlatMapFunction<Iterator<InternalRow>, InternalRow> {

  private static final long serialVersionUID = 1L;

  private final PredictSpec spec;
  private final DataFrameRows features;
  private final DataType[] inputTypes;

  TransformPartition(PredictSpec spec, DataFrameRows features, StructType inputSchema) {
    this.spec = spec;
    this.features = features;
    this.inputTypes = new DataType[inputSchema.size()];
    for (int i = 0; i < inputTypes.length; i++) {
      inputTypes[i] = inputSchema.fields()[i].dataType();
    }
  }

  @Override
  public Iterator<InternalRow> call(Iterator<InternalRow> rows) {
    return new Batches(rows);
  }

  private final class Batches implements Iterator<InternalRow> {
    private final Iterator<InternalRow> source;
    private PartitionPredictor predictor;
    private InternalRow[] inputs = new InternalRow[0];
    private Object[][] outputs = new Object[0][];
    private int next;

    Batches(Iterator<InternalRow> source) {
      this.source = source;
    }

    @Override
    public boolean hasNext() {
      if (next < outputs.length) {
        return true;
      }
      if (!source.hasNext()) {
        release();
        return false;
      }
      if (predictor == null) {
        TaskContext task = TaskContext.get();
        predictor = new PartitionPredictor(spec, task == null ? 0 : task.partitionId());
        if (task != null) {
          task.addTaskCompletionListener((TaskCompletionListener) ctx -> release());
        }
        inputs = new InternalRow[spec.batchSize()];
      }
      int n = 0;
      boolean full = false;
      while (!full && source.hasNext()) {
        InternalRow row = source.next().copy(); // Spark reuses the row object it hands out
        inputs[n++] = row;
        full = predictor.add(features.values(row));
      }
      outputs = predictor.run();
      next = 0;
      return true;
    }

    @Override
    public InternalRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      InternalRow in = inputs[next];
      Object[] out = outputs[next++];
      Object[] values = new Object[inputTypes.length + out.length];
      for (int i = 0; i < inputTypes.length; i++) {
        values[i] = in.isNullAt(i) ? null : in.get(i, inputTypes[i]);
      }
      for (int o = 0; o < out.length; o++) {
        values[inputTypes.length + o] = toCatalyst(out[o]);
      }
      return new GenericInternalRow(values);
    }

    private void release() {
      if (predictor != null) {
        predictor.close();
      }
    }
  }

  private static Object toCatalyst(Object value) {
    if (value instanceof float[] a) {
      return UnsafeArrayData.fromPrimitiveArray(a);
    } else if (value instanceof double[] a) {
      return UnsafeArrayData.fromPrimitiveArray(a);
    } else if (value instanceof int[] a) {
      return UnsafeArrayData.fromPrimitiveArray(a);
    } else if (value instanceof long[] a) {
      return UnsafeArrayData.fromPrimitiveArray(a);
    }
    return value; // Float, Double, Integer, Long: Spark's internal scalars
  }
}
