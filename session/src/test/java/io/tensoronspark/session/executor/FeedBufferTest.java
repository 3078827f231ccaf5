package io.tensoronspark.session.executor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.session.spec.FeedSpec;
import io.tensoronspark.session.spec.FeedType;
import io.tensoronspark.session.spec.InvalidRowException;
import org.junit.jupiter.api.Test;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

class FeedBufferTest {

  private static final FeedSpec IMAGE = new FeedSpec("x", FeedType.FLOAT32, new long[] {2, 2});
  private static final FeedSpec LABEL = new FeedSpec("y", FeedType.INT32, new long[0]);

  @Test
  void wrongLengthNamesPartitionRowFeedAndShapes() {
    FeedBuffer buffer = new FeedBuffer(IMAGE, 4);
    InvalidRowException e =
        assertThrows(InvalidRowException.class, () -> buffer.put(1, new float[3], 7, 42));
    assertEquals(
        "partition 7, row 42: feed 'x' expects float[4] (row shape [2, 2]) but got float[3]",
        e.getMessage());
  }

  @Test
  void wrongTypeIsRejectedWithBothTypes() {
    FeedBuffer buffer = new FeedBuffer(IMAGE, 4);
    InvalidRowException e =
        assertThrows(InvalidRowException.class, () -> buffer.put(0, new double[4], 0, 3));
    assertTrue(e.getMessage().contains("expects float[4]"), e.getMessage());
    assertTrue(e.getMessage().endsWith("but got double[4]"), e.getMessage());
  }

  @Test
  void scalarLabelRejectsArraysAndFloats() {
    FeedBuffer buffer = new FeedBuffer(LABEL, 4);
    InvalidRowException array =
        assertThrows(InvalidRowException.class, () -> buffer.put(0, new int[1], 2, 5));
    assertEquals(
        "partition 2, row 5: feed 'y' expects int scalar but got int[1]", array.getMessage());
    InvalidRowException real =
        assertThrows(InvalidRowException.class, () -> buffer.put(0, 1.5f, 2, 6));
    assertTrue(real.getMessage().endsWith("but got Float 1.5"), real.getMessage());
    assertThrows(InvalidRowException.class, () -> buffer.put(0, null, 2, 7));
  }

  @Test
  void floatRowsBecomeOneTensorOfTheFilledRows() {
    FeedBuffer buffer = new FeedBuffer(IMAGE, 4);
    buffer.put(0, new float[] {1, 2, 3, 4}, 0, 0);
    buffer.put(1, new float[] {5, 6, 7, 8}, 0, 1);
    try (Tensor t = buffer.toTensor(2)) {
      assertEquals(Shape.of(2, 2, 2), t.shape());
      float[] out = new float[8];
      ((TFloat32) t).copyTo(DataBuffers.of(out, false, false));
      assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, out);
    }
  }

  @Test
  void integerLabelsAcceptBoxedIntsAndIntValuedLongs() {
    FeedBuffer ints = new FeedBuffer(LABEL, 3);
    ints.put(0, 7, 0, 0);
    ints.put(1, 9L, 0, 1);
    ints.put(2, (short) 3, 0, 2);
    try (Tensor t = ints.toTensor(3)) {
      int[] out = new int[3];
      ((TInt32) t).copyTo(DataBuffers.of(out, false, false));
      assertArrayEquals(new int[] {7, 9, 3}, out);
    }
    assertThrows(InvalidRowException.class, () -> ints.put(0, 1L << 40, 0, 3));

    FeedBuffer longs = new FeedBuffer(new FeedSpec("ids", FeedType.INT64, new long[] {2}), 2);
    longs.put(0, new long[] {1L << 40, 2}, 0, 0);
    try (Tensor t = longs.toTensor(1)) {
      long[] out = new long[2];
      ((TInt64) t).copyTo(DataBuffers.of(out, false, false));
      assertArrayEquals(new long[] {1L << 40, 2}, out);
    }
  }

  @Test
  void aRowValueOfTheWrongTypeShowsItsClassAndLengthNotItsContent() {
    FeedBuffer buffer = new FeedBuffer(IMAGE, 4);
    java.util.List<Float> big = java.util.Collections.nCopies(5000, 1.5f);
    InvalidRowException list =
        assertThrows(
            InvalidRowException.class, () -> buffer.put(0, new java.util.ArrayList<>(big), 0, 1));
    assertTrue(
        list.getMessage().endsWith("but got java.util.ArrayList of 5000 elements"),
        list.getMessage());
    InvalidRowException boxed =
        assertThrows(InvalidRowException.class, () -> buffer.put(0, new Float[5000], 0, 2));
    assertTrue(boxed.getMessage().endsWith("but got Float[5000]"), boxed.getMessage());
    InvalidRowException text =
        assertThrows(InvalidRowException.class, () -> buffer.put(0, "x".repeat(5000), 0, 3));
    assertTrue(text.getMessage().endsWith("but got String of length 5000"), text.getMessage());
    assertTrue(list.getMessage().length() < 200 && text.getMessage().length() < 200);
  }
}
