package io.tensoronspark.session.inference;

import java.io.Serializable;
import java.util.Arrays;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * One input or output of a SavedModel signature as inference sees it: its signature name, the graph
 * tensor it maps to, its dtype and the shape of one row (the tensor's shape without the batch
 * dimension). Immutable and serializable: travels to executors in the {@link PredictSpec}.
 */
public record TensorColumn(String name, String tensorName, DataType dtype, long[] rowShape)
    implements Serializable {

  /** Elements in one row (1 for scalar rows). */
  public int rowSize() {
    long size = 1;
    for (long d : rowShape) {
      size = Math.multiplyExact(size, d);
    }
    return Math.toIntExact(size);
  }

  /** Whether one row is a scalar. */
  public boolean scalarRow() {
    return rowShape.length == 0;
  }

  /**
   * A batch-major column from a signature's TensorInfo: shape [-1, d1, ...] with every row
   * dimension known.
   *
   * @throws IllegalArgumentException naming the expected and the actual shape
   */
  static TensorColumn batchMajor(String signature, String what, String name, TensorInfo info) {
    TensorShapeProto shape = info.getTensorShape();
    long[] dims = shape.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
    if (shape.getUnknownRank() || dims.length == 0 || dims[0] != -1) {
      throw new IllegalArgumentException(
          "signature '"
              + signature
              + "' "
              + what
              + " '"
              + name
              + "' is not batch-major: expected shape [-1, ...] (batch first), got "
              + describe(shape)
              + (dims.length == 0 && !shape.getUnknownRank()
                  ? " (a scalar: evaluate() takes scalar metrics)"
                  : ""));
    }
    long[] row = Arrays.copyOfRange(dims, 1, dims.length);
    for (long d : row) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "signature '"
                + signature
                + "' "
                + what
                + " '"
                + name
                + "' needs known dimensions after the batch, got "
                + describe(shape));
      }
    }
    return new TensorColumn(name, info.getName(), supported(signature, what, name, info), row);
  }

  /** A scalar metric column (shape []). */
  static TensorColumn scalar(String signature, String name, TensorInfo info) {
    TensorShapeProto shape = info.getTensorShape();
    if (shape.getUnknownRank() || shape.getDimCount() != 0) {
      throw new IllegalArgumentException(
          "signature '"
              + signature
              + "' output '"
              + name
              + "' is not a scalar metric: expected shape [] (the batch's mean), got "
              + describe(shape));
    }
    DataType dtype = supported(signature, "output", name, info);
    return new TensorColumn(name, info.getName(), dtype, new long[0]);
  }

  private static DataType supported(String signature, String what, String name, TensorInfo info) {
    DataType t = info.getDtype();
    if (t != DataType.DT_FLOAT
        && t != DataType.DT_DOUBLE
        && t != DataType.DT_INT32
        && t != DataType.DT_INT64) {
      throw new IllegalArgumentException(
          "signature '"
              + signature
              + "' "
              + what
              + " '"
              + name
              + "' has dtype "
              + t
              + "; expected DT_FLOAT, DT_DOUBLE, DT_INT32 or DT_INT64");
    }
    return t;
  }

  static String describe(TensorShapeProto shape) {
    if (shape.getUnknownRank()) {
      return "an unknown rank";
    }
    return Arrays.toString(
        shape.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorColumn c
        && name.equals(c.name)
        && tensorName.equals(c.tensorName)
        && dtype == c.dtype
        && Arrays.equals(rowShape, c.rowShape);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(rowShape);
  }

  @Override
  public String toString() {
    return name + ":" + dtype + Arrays.toString(rowShape);
  }
}
