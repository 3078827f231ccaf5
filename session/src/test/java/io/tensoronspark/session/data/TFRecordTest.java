package io.tensoronspark.session.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.Example;

/** TFRecord framing and Example rows: round trip, and damaged records named by file and offset. */
class TFRecordTest {

  private static final List<ExampleFeature> FEATURES =
      List.of(
          ExampleFeature.floats("image"),
          ExampleFeature.intScalar("label"),
          ExampleFeature.longs("ids"),
          ExampleFeature.floatScalar("weight"));

  private static byte[] threeRecords() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TFRecordWriter writer = new TFRecordWriter(bytes)) {
      for (int i = 0; i < 3; i++) {
        Object[] row = {new float[] {i, i + 0.5f}, 7 + i, new long[] {1L << 40, i}, 0.25f * i};
        writer.write(TFRecordRows.toExample(row, FEATURES).toByteArray());
      }
    }
    return bytes.toByteArray();
  }

  @Test
  void examplesRoundTripThroughTheFraming() throws IOException {
    byte[] file = threeRecords();
    try (TFRecordReader reader = new TFRecordReader(new ByteArrayInputStream(file), "f")) {
      for (int i = 0; i < 3; i++) {
        Object[] row = TFRecordRows.toRow(Example.parseFrom(reader.next()), FEATURES, "f");
        assertArrayEquals(new float[] {i, i + 0.5f}, (float[]) row[0]);
        assertEquals(7 + i, row[1]);
        assertArrayEquals(new long[] {1L << 40, i}, (long[]) row[2]);
        assertEquals(0.25f * i, row[3]);
      }
      assertNull(reader.next());
      assertEquals(3, reader.records());
      assertEquals(file.length, reader.offset());
    }
  }

  /** The mask of TensorFlow's crc32c::Mask, computed here independently of the writer. */
  private static int mask(byte[] data, int from, int length) {
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(data, from, length);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + 0xa282ead8;
  }

  @Test
  void theFramingIsTensorFlows() throws IOException {
    java.util.zip.CRC32C check = new java.util.zip.CRC32C();
    check.update("123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(0xE3069283L, check.getValue(), "the Castagnoli CRC TFRecord uses");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TFRecordWriter writer = new TFRecordWriter(bytes)) {
      writer.write(new byte[] {'a', 'b', 'c'});
    }
    byte[] b = bytes.toByteArray();
    java.nio.ByteBuffer le = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    assertEquals(8 + 4 + 3 + 4, b.length);
    assertEquals(3L, le.getLong(0), "u64 little-endian length");
    assertEquals(mask(b, 0, 8), le.getInt(8), "masked CRC32C of the length bytes");
    assertArrayEquals(new byte[] {'a', 'b', 'c'}, Arrays.copyOfRange(b, 12, 15));
    assertEquals(mask(b, 12, 3), le.getInt(15), "masked CRC32C of the data");
  }

  @Test
  void aDamagedRecordNamesTheFileAndItsOffset() throws IOException {
    byte[] file = threeRecords();
    int recordLength = file.length / 3;
    file[recordLength + 20] ^= 0x10; // inside the second record's data
    try (TFRecordReader reader =
        new TFRecordReader(new ByteArrayInputStream(file), "hdfs://nn/data/part-0")) {
      reader.next();
      IOException e = assertThrows(TFRecordReader.CorruptRecordException.class, reader::next);
      assertEquals(
          "corrupt TFRecord in hdfs://nn/data/part-0 at byte offset "
              + recordLength
              + " (record 1): the data's CRC does not match ("
              + (recordLength - 16)
              + " bytes of data damaged)",
          e.getMessage());
    }
    byte[] header = threeRecords();
    header[2] ^= 0x01; // the first record's length
    try (TFRecordReader reader = new TFRecordReader(new ByteArrayInputStream(header), "f")) {
      IOException e = assertThrows(TFRecordReader.CorruptRecordException.class, reader::next);
      assertEquals(
          "corrupt TFRecord in f at byte offset 0 (record 0): the length's CRC does not match (the"
              + " header is damaged)",
          e.getMessage());
    }
    byte[] truncated = Arrays.copyOf(threeRecords(), recordLength + 5);
    try (TFRecordReader reader = new TFRecordReader(new ByteArrayInputStream(truncated), "f")) {
      reader.next();
      IOException e = assertThrows(TFRecordReader.CorruptRecordException.class, reader::next);
      assertEquals(
          "corrupt TFRecord in f at byte offset "
              + recordLength
              + " (record 1): the file ends inside the record (5 bytes of it present)",
          e.getMessage());
    }
  }

  @Test
  void aMissingOrMistypedFeatureNamesTheRecord() throws IOException {
    Example example =
        TFRecordRows.toExample(new Object[] {new float[] {1}}, List.of(ExampleFeature.floats("x")));
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TFRecordRows.toRow(example, List.of(ExampleFeature.floats("image")), "f record 4"));
    assertEquals("f record 4: no feature 'image'; the Example has [x]", missing.getMessage());
    IllegalArgumentException type =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TFRecordRows.toRow(example, List.of(ExampleFeature.intScalar("x")), "f record 4"));
    assertEquals(
        "f record 4: feature 'x' should be an int64_list but is FLOAT_LIST", type.getMessage());
  }
}
