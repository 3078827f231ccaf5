package io.tensoronspark.session.spec;

import java.io.Serializable;
import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.Objects;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * A value fed to one placeholder at every training step, the same for every row (e.g. a dropout
 * {@code keep_prob = 0.5f} or {@code training = true}). Scalars are boxed Java values, vectors and
 * higher ranks are flat primitive arrays with a shape. Immutable and serializable: it travels in
 * the {@link RunSpec}, bound (by {@link #bind}) to the placeholder's dtype on the driver.
 *
 * <p>Java value → accepted dtypes: {@code float} → DT_FLOAT, DT_HALF, DT_BFLOAT16; {@code double} →
 * DT_DOUBLE; {@code int} → DT_INT32; {@code long} → DT_INT64; {@code boolean} → DT_BOOL; {@code
 * byte} → DT_UINT8; {@code String} → DT_STRING.
 */
public final class ConstantFeed implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final long[] shape;
  private final Object data;
  private final DataType dtype;

  private ConstantFeed(String name, long[] shape, Object data, DataType dtype) {
    this.name = name;
    this.shape = shape;
    this.data = data;
    this.dtype = dtype;
  }

  /**
   * A scalar (a boxed {@code Float, Double, Integer, Long, Boolean, Byte} or a {@code String}) or a
   * vector (a {@code float[], double[], int[], long[], boolean[], byte[]} or {@code String[]}).
   */
  public static ConstantFeed of(String name, Object value) {
    Objects.requireNonNull(value, () -> "constant feed '" + name + "' has a null value");
    if (value.getClass().isArray()) {
      return of(name, new long[] {Array.getLength(value)}, value);
    }
    Object array = scalarAsArray(name, value);
    return new ConstantFeed(checkName(name), new long[0], array, null);
  }

  /** A tensor of {@code shape} from a flat row-major primitive (or String) array. */
  public static ConstantFeed of(String name, long[] shape, Object flatValues) {
    checkName(name);
    Objects.requireNonNull(flatValues, () -> "constant feed '" + name + "' has null values");
    if (!flatValues.getClass().isArray() || elementName(flatValues.getClass()) == null) {
      throw new IllegalArgumentException(
          "constant feed '"
              + name
              + "' expects a float[], double[], int[], long[], boolean[], byte[] or String[], got "
              + flatValues.getClass().getSimpleName());
    }
    long size = Shape.of(shape.clone()).size();
    int length = Array.getLength(flatValues);
    if (size != length) {
      throw new IllegalArgumentException(
          "constant feed '"
              + name
              + "' has shape "
              + Arrays.toString(shape)
              + " ("
              + size
              + " elements) but "
              + length
              + " values");
    }
    return new ConstantFeed(name, shape.clone(), copy(flatValues), null);
  }

  /**
   * Checks this value against the graph's placeholder (it must exist, take this value's Java type
   * and have a compatible shape) and returns a copy bound to the placeholder's dtype.
   */
  public ConstantFeed bind(Graph graph) {
    GraphOperation op = graph.operation(name);
    if (op == null || op.numOutputs() < 1) {
      throw new IllegalArgumentException(
          "constant feed '" + name + "' is not an operation of the graph");
    }
    Output<?> output = op.output(0);
    DataType target = output.dataType();
    if (!accepts(target)) {
      throw new IllegalArgumentException(
          "constant feed '"
              + name
              + "' is "
              + target
              + " and expects "
              + expectedJava(target)
              + ", got "
              + describe());
    }
    Shape declared = output.shape();
    if (!declared.isUnknown() && !compatible(declared.asArray(), shape)) {
      throw new IllegalArgumentException(
          "constant feed '"
              + name
              + "' has shape "
              + declared
              + ", got a value of shape "
              + Arrays.toString(shape)
              + " ("
              + describe()
              + ")");
    }
    return new ConstantFeed(name, shape, data, target);
  }

  public String name() {
    return name;
  }

  /** The placeholder's dtype once bound, else null. */
  public DataType dataType() {
    return dtype;
  }

  /** A new tensor holding the value; the caller closes it. Only for a bound feed. */
  public Tensor toTensor() {
    if (dtype == null) {
      throw new IllegalStateException("constant feed '" + name + "' is not bound to a graph");
    }
    Shape s = Shape.of(shape.clone());
    return switch (dtype) {
      case DT_FLOAT -> TFloat32.tensorOf(s, DataBuffers.of((float[]) data, true, false));
      case DT_HALF -> TFloat16.tensorOf(s, DataBuffers.of((float[]) data, true, false));
      case DT_BFLOAT16 -> TBfloat16.tensorOf(s, DataBuffers.of((float[]) data, true, false));
      case DT_DOUBLE -> TFloat64.tensorOf(s, DataBuffers.of((double[]) data, true, false));
      case DT_INT32 -> TInt32.tensorOf(s, DataBuffers.of((int[]) data, true, false));
      case DT_INT64 -> TInt64.tensorOf(s, DataBuffers.of((long[]) data, true, false));
      case DT_BOOL -> TBool.tensorOf(s, DataBuffers.of((boolean[]) data, true, false));
      case DT_UINT8 -> TUint8.tensorOf(s, DataBuffers.of((byte[]) data, true, false));
      case DT_STRING -> TString.tensorOf(s, DataBuffers.ofObjects((String[]) data));
      default -> throw new IllegalStateException("unhandled constant feed dtype " + dtype);
    };
  }

  /** How the value looks in messages: e.g. {@code float scalar} or {@code int[3]}. */
  public String describe() {
    String element = elementName(data.getClass());
    return shape.length == 0
        ? element + " scalar"
        : element + Arrays.toString(shape).replace(" ", "");
  }

  @Override
  public String toString() {
    return name + "=" + describe();
  }

  private boolean accepts(DataType target) {
    return switch (target) {
      case DT_FLOAT, DT_HALF, DT_BFLOAT16 -> data instanceof float[];
      case DT_DOUBLE -> data instanceof double[];
      case DT_INT32 -> data instanceof int[];
      case DT_INT64 -> data instanceof long[];
      case DT_BOOL -> data instanceof boolean[];
      case DT_UINT8 -> data instanceof byte[];
      case DT_STRING -> data instanceof String[];
      default -> false;
    };
  }

  private static String expectedJava(DataType target) {
    return switch (target) {
      case DT_FLOAT, DT_HALF, DT_BFLOAT16 -> "a Float or float[]";
      case DT_DOUBLE -> "a Double or double[]";
      case DT_INT32 -> "an Integer or int[]";
      case DT_INT64 -> "a Long or long[]";
      case DT_BOOL -> "a Boolean or boolean[]";
      case DT_UINT8 -> "a Byte or byte[]";
      case DT_STRING -> "a String or String[]";
      default ->
          "a dtype constant feeds support (float, half, bfloat16, double, int32, int64, bool, uint8,"
              + " string)";
    };
  }

  private static boolean compatible(long[] declared, long[] actual) {
    if (declared.length != actual.length) {
      return false;
    }
    for (int i = 0; i < declared.length; i++) {
      if (declared[i] >= 0 && declared[i] != actual[i]) {
        return false;
      }
    }
    return true;
  }

  private static Object scalarAsArray(String name, Object value) {
    if (value instanceof Float f) {
      return new float[] {f};
    } else if (value instanceof Double d) {
      return new double[] {d};
    } else if (value instanceof Integer i) {
      return new int[] {i};
    } else if (value instanceof Long l) {
      return new long[] {l};
    } else if (value instanceof Boolean b) {
      return new boolean[] {b};
    } else if (value instanceof Byte b) {
      return new byte[] {b};
    } else if (value instanceof String s) {
      return new String[] {s};
    }
    throw new IllegalArgumentException(
        "constant feed '"
            + name
            + "' expects a Float, Double, Integer, Long, Boolean, Byte, String or a primitive array,"
            + " got "
            + value.getClass().getName());
  }

  private static String elementName(Class<?> arrayClass) {
    Class<?> c = arrayClass.getComponentType();
    if (c == float.class
        || c == double.class
        || c == int.class
        || c == long.class
        || c == boolean.class
        || c == byte.class) {
      return c.getName();
    }
    return c == String.class ? "String" : null;
  }

  private static Object copy(Object array) {
    int n = Array.getLength(array);
    Object copy = Array.newInstance(array.getClass().getComponentType(), n);
    System.arraycopy(array, 0, copy, 0, n);
    return copy;
  }

  private static String checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a constant feed needs a non-empty placeholder name");
    }
    return name;
  }
}
