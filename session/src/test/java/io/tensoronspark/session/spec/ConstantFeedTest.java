package io.tensoronspark.session.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBfloat16;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat16;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;
import org.tensorflow.types.family.TType;

/** Constant feeds of every supported dtype reach the graph with their value and shape. */
class ConstantFeedTest {

  /** Feeds {@code value} to a placeholder of {@code type} and returns what identity gives back. */
  private static <T extends TType> Object roundTrip(Class<T> type, Shape shape, ConstantFeed feed) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Operand<T> p = tf.withName(feed.name()).placeholder(type, Placeholder.shape(shape));
      Operand<T> out = tf.withName("out").identity(p);
      ConstantFeed bound = feed.bind(g);
      try (Session s = new Session(g);
          Tensor in = bound.toTensor();
          Result r = s.runner().feed(feed.name(), in).fetch(out).run()) {
        Tensor t = r.get(0);
        assertEquals(in.shape(), t.shape());
        if (t instanceof TFloat32 f) {
          if (f.shape().numDimensions() == 0) {
            return f.getFloat();
          }
          float[] all = new float[(int) f.shape().size()];
          f.copyTo(DataBuffers.of(all, false, false));
          return all;
        } else if (t instanceof TFloat16 f) {
          return f.getFloat();
        } else if (t instanceof TBfloat16 f) {
          return f.getFloat();
        } else if (t instanceof TFloat64 d) {
          return d.getDouble();
        } else if (t instanceof TInt32 i) {
          return i.getInt(2);
        } else if (t instanceof TInt64 l) {
          return l.getLong();
        } else if (t instanceof TBool b) {
          return b.getBoolean();
        } else if (t instanceof TUint8 u) {
          return u.getByte();
        } else if (t instanceof TString str) {
          return str.getObject();
        }
        throw new AssertionError(t.dataType());
      }
    }
  }

  @Test
  void scalarsAndVectorsOfEverySupportedDtype() {
    Shape scalar = Shape.scalar();
    assertEquals(0.5f, roundTrip(TFloat32.class, scalar, ConstantFeed.of("keep_prob", 0.5f)));
    assertEquals(0.5f, roundTrip(TFloat16.class, scalar, ConstantFeed.of("h", 0.5f)));
    assertEquals(0.5f, roundTrip(TBfloat16.class, scalar, ConstantFeed.of("bf", 0.5f)));
    assertEquals(0.25, roundTrip(TFloat64.class, scalar, ConstantFeed.of("d", 0.25)));
    assertEquals(true, roundTrip(TBool.class, scalar, ConstantFeed.of("training", true)));
    assertEquals(7L, roundTrip(TInt64.class, scalar, ConstantFeed.of("step", 7L)));
    assertEquals((byte) 3, roundTrip(TUint8.class, scalar, ConstantFeed.of("u", (byte) 3)));
    assertEquals("mode", roundTrip(TString.class, scalar, ConstantFeed.of("s", "mode")));
    assertEquals(
        9, roundTrip(TInt32.class, Shape.of(3), ConstantFeed.of("v", new int[] {7, 8, 9})));
    assertArrayEquals(
        new float[] {1, 2, 3, 4},
        (float[])
            roundTrip(
                TFloat32.class,
                Shape.of(-1, 2),
                ConstantFeed.of("m", new long[] {2, 2}, new float[] {1, 2, 3, 4})));
  }

  @Test
  void badValuesNameWhatWasExpected() {
    IllegalArgumentException type =
        assertThrows(IllegalArgumentException.class, () -> ConstantFeed.of("k", new Object()));
    assertEquals(
        "constant feed 'k' expects a Float, Double, Integer, Long, Boolean, Byte, String or a"
            + " primitive array, got java.lang.Object",
        type.getMessage());
    IllegalArgumentException size =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConstantFeed.of("m", new long[] {2, 2}, new float[3]));
    assertEquals("constant feed 'm' has shape [2, 2] (4 elements) but 3 values", size.getMessage());
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> {
              try (Graph g = new Graph()) {
                ConstantFeed.of("nope", 1f).bind(g);
              }
            });
    assertEquals("constant feed 'nope' is not an operation of the graph", missing.getMessage());
  }

  @Test
  void theValueIsCopied() {
    float[] values = {1, 2};
    ConstantFeed feed = ConstantFeed.of("v", values);
    values[0] = 9;
    assertArrayEquals(new float[] {1, 2}, (float[]) roundTrip(TFloat32.class, Shape.of(2), feed));
  }
}
