package io.tensoronspark.session;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.tensorflow.proto.Event;

/**
 * A reader of TFRecord files written from the format's description, independent of the session's
 * EventFileWriter: little-endian u64 length, u32 masked CRC32C of those 8 bytes, the data, u32
 * masked CRC32C of the data; every CRC is checked.
 */
final class TfRecordEvents {

  private TfRecordEvents() {}

  static List<Event> read(Path file) throws IOException {
    List<Event> events = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file);
        DataInputStream data = new DataInputStream(in)) {
      byte[] lengthBytes = new byte[8];
      while (true) {
        try {
          data.readFully(lengthBytes);
        } catch (EOFException end) {
          return events;
        }
        long length = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        check(lengthBytes, readLittleEndianInt(data), "length of record " + events.size());
        byte[] record = new byte[Math.toIntExact(length)];
        data.readFully(record);
        check(record, readLittleEndianInt(data), "data of record " + events.size());
        events.add(Event.parseFrom(record));
      }
    }
  }

  private static int readLittleEndianInt(DataInputStream in) throws IOException {
    return Integer.reverseBytes(in.readInt());
  }

  private static void check(byte[] bytes, int stored, String what) {
    CRC32C crc = new CRC32C();
    crc.update(bytes);
    long value = crc.getValue();
    long rotated = ((value >>> 15) | (value << 17)) & 0xffffffffL;
    int masked = (int) ((rotated + 0xa282ead8L) & 0xffffffffL);
    if (masked != stored) {
      throw new AssertionError(
          String.format("bad CRC of the %s: stored 0x%08x, computed 0x%08x", what, stored, masked));
    }
  }
}
