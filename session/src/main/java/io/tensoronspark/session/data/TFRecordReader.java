package io.tensoronspark.session.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads TFRecord framing (see {@link TFRecordWriter}) and checks both CRCs of every record. A
 * damaged or truncated record fails with a {@link CorruptRecordException} naming the file and the
 * record's byte offset. Owned by one thread; owns and closes the stream it was given.
 */
public final class TFRecordReader implements AutoCloseable {

  /** Records larger than this are refused as corrupt (a damaged length would allocate wildly). */
  public static final long MAX_RECORD_BYTES = 256L << 20;

  private final InputStream in;
  private final String source;
  private final byte[] header = new byte[12];
  private final byte[] footer = new byte[4];
  private long offset;
  private long records;

  /**
   * @param in the file's bytes
   * @param source the file's name, for error messages
   */
  public TFRecordReader(InputStream in, String source) {
    this.in = in;
    this.source = source;
  }

  /**
   * The next record's data, or null at the end of the file.
   *
   * @throws CorruptRecordException when a CRC does not match, the length is impossible or the file
   *     ends inside a record
   */
  public byte[] next() throws IOException {
    long start = offset;
    int first = readFully(header, 0, header.length, start, true);
    if (first == 0) {
      return null;
    }
    ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    long length = h.getLong(0);
    int lengthCrc = h.getInt(8);
    if (TFRecordCrc.masked(header, 0, 8) != lengthCrc) {
      throw corrupt(start, "the length's CRC does not match (the header is damaged)");
    }
    if (length < 0 || length > MAX_RECORD_BYTES) {
      throw corrupt(start, "record length " + length + " is outside [0, " + MAX_RECORD_BYTES + "]");
    }
    byte[] data = new byte[(int) length];
    readFully(data, 0, data.length, start, false);
    readFully(footer, 0, footer.length, start, false);
    int dataCrc = ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    if (TFRecordCrc.masked(data, 0, data.length) != dataCrc) {
      throw corrupt(start, "the data's CRC does not match (" + length + " bytes of data damaged)");
    }
    records++;
    return data;
  }

  /** Records read so far. */
  public long records() {
    return records;
  }

  /** Bytes consumed so far: the offset of the next record. */
  public long offset() {
    return offset;
  }

  private int readFully(byte[] buf, int from, int length, long recordStart, boolean eofAllowed)
      throws IOException {
    int done = 0;
    while (done < length) {
      int n = in.read(buf, from + done, length - done);
      if (n < 0) {
        if (eofAllowed && done == 0) {
          return 0;
        }
        throw corrupt(
            recordStart,
            "the file ends inside the record (" + (offset - recordStart) + " bytes of it present)");
      }
      done += n;
      offset += n;
    }
    return done;
  }

  private CorruptRecordException corrupt(long recordStart, String why) {
    return new CorruptRecordException(
        "corrupt TFRecord in "
            + source
            + " at byte offset "
            + recordStart
            + " (record "
            + records
            + "): "
            + why);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** A record whose framing or CRC is wrong; the message names the file and the offset. */
  public static final class CorruptRecordException extends IOException {
    private static final long serialVersionUID = 1L;

    CorruptRecordException(String message) {
      super(message);
    }
  }
}
