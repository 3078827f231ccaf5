package io.tensoronspark.combiners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Combiners travel to Spark executors by Java serialization. */
class SerializationTest {

  static Stream<Combiner> combiners() {
    return Stream.concat(
        CombinersTest.BUILT_IN_NAMES.stream().map(Combiners::byName),
        Stream.of(new ElasticAveraging(0.25f), new ServerMomentum(0.75f)));
  }

  @ParameterizedTest
  @MethodSource("combiners")
  void survivesARoundTripAndMergesAlike(Combiner original) throws Exception {
    Combiner copy = (Combiner) deserialize(serialize(original));
    assertNotSame(original, copy);
    assertEquals(original.getClass(), copy.getClass());
    assertEquals(original, copy);
    assertEquals(original.name(), copy.name());
    assertEquals(original.toString(), copy.toString());

    float[] expected = {1f, 2f, 3f};
    float[] actual = expected.clone();
    float[] payload = {4f, -2f, 8f};
    original.merge(expected, payload, MergeContext.of(2, 3, 0, new CombinerState(3)));
    copy.merge(actual, payload, MergeContext.of(2, 3, 0, new CombinerState(3)));
    assertArrayEquals(expected, actual);
  }

  @Test
  void distinctCombinersAreNeverEqual() {
    List<Combiner> all = combiners().toList();
    for (int i = 0; i < all.size(); i++) {
      for (int j = 0; j < all.size(); j++) {
        Combiner a = all.get(i);
        Combiner b = all.get(j);
        assertEquals(i == j, a.equals(b), a + " vs " + b);
        if (i == j && a instanceof ParameterlessCombiner) {
          assertEquals(a.hashCode(), Combiners.byName(a.name()).hashCode(), a.toString());
        }
      }
    }
  }

  @Test
  void aTamperedSettingIsRefusedOnDeserialization() throws Exception {
    byte[] bytes = serialize(new ElasticAveraging(0.25f));
    // replace alpha's bits (0.25f = 0x3E800000, big-endian in the stream) with 1.5f (0x3FC00000)
    int at = indexOf(bytes, new byte[] {0x3E, (byte) 0x80, 0x00, 0x00});
    assertTrue(at >= 0);
    bytes[at] = 0x3F;
    bytes[at + 1] = (byte) 0xC0;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> deserialize(bytes));
    assertEquals("alpha must be in (0, 1], got 1.5", e.getMessage());
  }

  private static byte[] serialize(Object o) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(o);
    }
    return bytes.toByteArray();
  }

  private static Object deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return in.readObject();
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
