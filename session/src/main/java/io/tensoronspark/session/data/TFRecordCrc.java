package io.tensoronspark.session.data;

import java.util.zip.CRC32C;

/** The masked CRC32C TFRecord framing uses: ((crc >>> 15) | (crc << 17)) + 0xa282ead8. */
final class TFRecordCrc {

  private static final int MASK_DELTA = 0xa282ead8;

  private TFRecordCrc() {}

  static int masked(byte[] data, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(data, offset, length);
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + MASK_DELTA;
  }
}
