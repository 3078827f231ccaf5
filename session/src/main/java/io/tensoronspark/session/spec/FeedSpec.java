package io.tensoronspark.session.spec;

import java.io.Serializable;
import java.util.Arrays;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;

/**
 * One feed of the training graph (a placeholder whose first dimension is the batch) and the shape
 * every row value must have. Immutable and serializable: it travels to executors inside the {@link
 * RunSpec}.
 */
public final class FeedSpec implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final FeedType type;
  private final long[] rowShape;
  private final int rowSize;

  /**
   * @param name the placeholder's operation name
   * @param type its element type
   * @param rowShape the shape of one row (the placeholder's shape without its batch dimension);
   *     empty for scalars
   */
  public FeedSpec(String name, FeedType type, long[] rowShape) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("feed name must be non-empty");
    }
    long size = 1;
    for (long d : rowShape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            "feed '"
                + name
                + "' must have a known shape after its batch dimension, got row shape "
                + Arrays.toString(rowShape));
      }
      size = Math.multiplyExact(size, d);
    }
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "feed '" + name + "' rows are too large: " + size + " elements");
    }
    this.name = name;
    this.type = type;
    this.rowShape = rowShape.clone();
    this.rowSize = (int) size;
  }

  /**
   * Reads a feed's spec from the graph: the operation must exist, have a known rank >= 1 whose
   * first dimension is the batch, and a supported dtype.
   */
  public static FeedSpec fromGraph(Graph graph, String name) {
    GraphOperation op = graph.operation(name);
    if (op == null) {
      throw new IllegalArgumentException("feed '" + name + "' is not an operation of the graph");
    }
    Output<?> output = op.output(0);
    Shape shape = output.shape();
    if (shape.isUnknown() || shape.numDimensions() < 1) {
      throw new IllegalArgumentException(
          "feed '" + name + "' must have a known shape [batch, ...], got " + shape);
    }
    long[] rowShape = Arrays.copyOfRange(shape.asArray(), 1, shape.numDimensions());
    return new FeedSpec(name, FeedType.of(output.dataType(), name), rowShape);
  }

  public String name() {
    return name;
  }

  public FeedType type() {
    return type;
  }

  /** A copy of the row shape (empty for scalar rows). */
  public long[] rowShape() {
    return rowShape.clone();
  }

  /** Elements in one row. */
  public int rowSize() {
    return rowSize;
  }

  /** The shape of a batch of {@code n} rows. */
  public Shape batchShape(int n) {
    long[] dims = new long[rowShape.length + 1];
    dims[0] = n;
    System.arraycopy(rowShape, 0, dims, 1, rowShape.length);
    return Shape.of(dims);
  }

  /**
   * How a valid row value looks, for error messages: e.g. {@code float[784]} or {@code int scalar}.
   */
  public String expectedDescription() {
    if (rowShape.length == 0) {
      return type.javaElement() + " scalar";
    }
    return type.javaElement() + "[" + rowSize + "] (row shape " + Arrays.toString(rowShape) + ")";
  }

  @Override
  public String toString() {
    return name + ":" + type + Arrays.toString(rowShape);
  }
}
