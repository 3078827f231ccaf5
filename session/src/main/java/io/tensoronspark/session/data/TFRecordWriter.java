package io.tensoronspark.session.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes TFRecord framing, the format of TensorFlow's {@code tf.io.TFRecordWriter}: per record a
 * little-endian u64 length, the masked CRC32C of those 8 bytes, the data, the masked CRC32C of the
 * data. Owned by one thread; owns and closes the stream it was given.
 */
public final class TFRecordWriter implements AutoCloseable {

  private final OutputStream out;
  private final ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
  private final ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);

  public TFRecordWriter(OutputStream out) {
    this.out = out;
  }

  /** Appends one record. */
  public void write(byte[] data) throws IOException {
    header.clear();
    header.putLong(data.length);
    header.putInt(TFRecordCrc.masked(header.array(), 0, 8));
    out.write(header.array(), 0, 12);
    out.write(data);
    footer.clear();
    footer.putInt(TFRecordCrc.masked(data, 0, data.length));
    out.write(footer.array(), 0, 4);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
