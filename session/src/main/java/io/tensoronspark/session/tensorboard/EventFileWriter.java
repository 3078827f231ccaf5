package io.tensoronspark.session.tensorboard;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * Writes one TensorBoard event file ({@code events.out.tfevents.<seconds>.<host>}) to a directory
 * on any Hadoop FileSystem: TFRecord framing (length, masked CRC32C of the length, the serialized
 * {@link Event}, masked CRC32C of the data), the first record {@code file_version =
 * "brain.Event:2"}, then scalar summaries. {@link #flush} pushes what was written to the file
 * system (hflush), so a running TensorBoard sees it. Not thread-safe: callers serialize.
 */
public final class EventFileWriter implements AutoCloseable {

  /** The version record TensorBoard expects first. */
  public static final String FILE_VERSION = "brain.Event:2";

  private static final int MASK_DELTA = 0xa282ead8;

  private final Path file;
  private final FSDataOutputStream out;
  private final ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
  private final ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
  private boolean closed;

  /**
   * Creates the event file in {@code logDir} (created if missing).
   *
   * @throws IOException when the directory or the file cannot be created
   */
  public EventFileWriter(String logDir, Configuration conf) throws IOException {
    Path dir = new Path(logDir);
    FileSystem fs = dir.getFileSystem(conf);
    if (fs instanceof LocalFileSystem local) {
      // no ".<name>.crc" side file: its name would contain "tfevents" too and confuse TensorBoard
      fs = local.getRawFileSystem();
    }
    fs.mkdirs(dir);
    long seconds = System.currentTimeMillis() / 1000;
    this.file = new Path(dir, "events.out.tfevents." + seconds + "." + hostName());
    this.out = fs.create(file, false);
    write(
        Event.newBuilder()
            .setWallTime(System.currentTimeMillis() / 1000.0)
            .setFileVersion(FILE_VERSION)
            .build());
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** The file written. */
  public Path file() {
    return file;
  }

  /** Writes one scalar summary {@code tag} = {@code value} at {@code step}. */
  public void scalar(String tag, long step, double value) throws IOException {
    write(
        Event.newBuilder()
            .setWallTime(System.currentTimeMillis() / 1000.0)
            .setStep(step)
            .setSummary(
                Summary.newBuilder()
                    .addValue(Summary.Value.newBuilder().setTag(tag).setSimpleValue((float) value)))
            .build());
  }

  private void write(Event event) throws IOException {
    byte[] data = event.toByteArray();
    header.clear();
    header.putLong(data.length);
    header.putInt(maskedCrc(header.array(), 0, 8));
    out.write(header.array(), 0, 12);
    out.write(data);
    footer.clear();
    footer.putInt(maskedCrc(data, 0, data.length));
    out.write(footer.array(), 0, 4);
  }

  /** TFRecord's masked CRC32C of {@code bytes[from, from + length)}. */
  static int maskedCrc(byte[] bytes, int from, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, from, length);
    int value = (int) crc.getValue();
    return ((value >>> 15) | (value << 17)) + MASK_DELTA;
  }

  /** Makes everything written so far visible to readers of the file system. */
  public void flush() throws IOException {
    out.hflush();
  }

  /** Flushes and closes the file. Idempotent. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try (OutputStream closing = out) {
      out.hflush();
    }
  }
}
