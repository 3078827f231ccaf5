package io.tensoronspark.session.inference;

import io.tensoronspark.session.executor.FeedBuffer;
import io.tensoronspark.session.spec.FeedSpec;
import io.tensoronspark.session.spec.FeedType;
import io.tensoronspark.session.spec.InvalidRowException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Runs one signature of a loaded SavedModel over batches of rows for one task: rows are checked and
 * bulk-copied into one feed buffer per input, one session run per batch, and each output tensor is
 * copied in bulk into one primitive array, then sliced into rows. Owned by one task thread; the
 * model's session is shared with other tasks (TF sessions run concurrently).
 */
final class BatchRunner {

  private final PredictSpec spec;
  private final Session session;
  private final FeedBuffer[] feeds;
  private final org.tensorflow.Output<?>[] inputs;
  private final org.tensorflow.Output<?>[] outputs;
  private final int partition;
  private final boolean metrics;
  private int buffered;
  private long rowIndex;

  /**
   * @param metrics whether every output is a scalar metric of the batch (evaluate) rather than
   *     batch-major (predict)
   */
  BatchRunner(PredictSpec spec, LoadedSavedModel model, int partition, boolean metrics) {
    this.spec = spec;
    this.metrics = metrics;
    this.session = model.session();
    this.partition = partition;
    this.feeds = new FeedBuffer[spec.inputs().size()];
    this.inputs = new org.tensorflow.Output<?>[feeds.length];
    for (int i = 0; i < feeds.length; i++) {
      TensorColumn c = spec.inputs().get(i);
      feeds[i] =
          new FeedBuffer(
              new FeedSpec(c.name(), FeedType.of(c.dtype(), c.name()), c.rowShape()),
              spec.batchSize());
      inputs[i] = model.output(c.tensorName());
    }
    this.outputs = new org.tensorflow.Output<?>[spec.outputs().size()];
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = model.output(spec.outputs().get(i).tensorName());
    }
  }

  /** Adds a row; returns true when the batch is full and must be run. */
  boolean add(Object[] row) {
    if (row == null || row.length != feeds.length) {
      throw new InvalidRowException(
          partition,
          rowIndex,
          "expected one value per signature input "
              + spec.inputs().stream().map(TensorColumn::name).toList()
              + " (Object["
              + feeds.length
              + "]), got "
              + FeedBuffer.describe(row));
    }
    for (int i = 0; i < feeds.length; i++) {
      feeds[i].put(buffered, row[i], partition, rowIndex);
    }
    buffered++;
    rowIndex++;
    return buffered == spec.batchSize();
  }

  /** Rows waiting in the buffers. */
  int buffered() {
    return buffered;
  }

  /** Runs the buffered rows; returns the outputs' values, one array per output, in bulk. */
  Object[] run() {
    int rows = buffered;
    buffered = 0;
    List<Tensor> tensors = new ArrayList<>(feeds.length);
    try {
      Session.Runner runner = session.runner();
      for (int i = 0; i < feeds.length; i++) {
        Tensor t = feeds[i].toTensor(rows);
        tensors.add(t);
        runner.feed(inputs[i], t);
      }
      for (org.tensorflow.Output<?> o : outputs) {
        runner.fetch(o);
      }
      try (Result result = runner.run()) {
        Object[] values = new Object[outputs.length];
        for (int i = 0; i < outputs.length; i++) {
          values[i] = copy(spec.outputs().get(i), result.get(i), rows);
        }
        return values;
      }
    } finally {
      tensors.forEach(Tensor::close);
    }
  }

  /** Splits the bulk output arrays of a batch of {@code rows} into one Object[] per row. */
  Object[][] toRows(Object[] values, int rows) {
    Object[][] out = new Object[rows][outputs.length];
    for (int o = 0; o < outputs.length; o++) {
      TensorColumn c = spec.outputs().get(o);
      int size = c.rowSize();
      Object bulk = values[o];
      for (int r = 0; r < rows; r++) {
        out[r][o] = c.scalarRow() ? scalar(bulk, r) : slice(bulk, r * size, size);
      }
    }
    return out;
  }

  private Object copy(TensorColumn c, Tensor t, int rows) {
    long expected = metrics ? 1 : (long) rows * c.rowSize();
    boolean batchMajor = t.shape().numDimensions() >= 1 && t.shape().get(0) == rows;
    if (metrics ? t.shape().numDimensions() != 0 : !batchMajor || t.shape().size() != expected) {
      throw new IllegalStateException(
          "signature '"
              + spec.signatureKey()
              + "' output '"
              + c.name()
              + (metrics
                  ? "' is not a scalar metric: expected shape [], got "
                  : "' is not batch-major: expected shape ["
                      + rows
                      + (c.scalarRow() ? "" : ", ")
                      + Arrays.toString(c.rowShape()).replaceAll("[\\[\\]]", "")
                      + "] for a batch of "
                      + rows
                      + " rows, got ")
              + t.shape());
    }
    int n = (int) expected;
    DataType d = c.dtype();
    if (d == DataType.DT_FLOAT) {
      float[] a = new float[n];
      ((TFloat32) t).copyTo(DataBuffers.of(a, false, false));
      return a;
    } else if (d == DataType.DT_DOUBLE) {
      double[] a = new double[n];
      ((TFloat64) t).copyTo(DataBuffers.of(a, false, false));
      return a;
    } else if (d == DataType.DT_INT32) {
      int[] a = new int[n];
      ((TInt32) t).copyTo(DataBuffers.of(a, false, false));
      return a;
    } else {
      long[] a = new long[n];
      ((TInt64) t).copyTo(DataBuffers.of(a, false, false));
      return a;
    }
  }

  /** A scalar metric from a run's values, as a double. */
  static double metric(Object bulk) {
    if (bulk instanceof float[] a) {
      return a[0];
    } else if (bulk instanceof double[] a) {
      return a[0];
    } else if (bulk instanceof int[] a) {
      return a[0];
    }
    return ((long[]) bulk)[0];
  }

  private static Object scalar(Object bulk, int r) {
    if (bulk instanceof float[] a) {
      return a[r];
    } else if (bulk instanceof double[] a) {
      return a[r];
    } else if (bulk instanceof int[] a) {
      return a[r];
    }
    return ((long[]) bulk)[r];
  }

  private static Object slice(Object bulk, int from, int size) {
    if (bulk instanceof float[] a) {
      return Arrays.copyOfRange(a, from, from + size);
    } else if (bulk instanceof double[] a) {
      return Arrays.copyOfRange(a, from, from + size);
    } else if (bulk instanceof int[] a) {
      return Arrays.copyOfRange(a, from, from + size);
    }
    return Arrays.copyOfRange((long[]) bulk, from, from + size);
  }
}
