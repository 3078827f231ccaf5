package io.tensoronspark.tps.protocol;

/**
 * How a parameter's payload is encoded in a frame. The byte value is part of the wire format (see
 * {@code io.tensoronspark.tps.wire.FrameFormat}); replies are always {@link #F32}.
 */
public enum PayloadEncoding {
  /** Little-endian IEEE 754 binary32: 4 bytes per element, exact. */
  F32((byte) 0),
  /**
   * Little-endian IEEE 754 binary16 (half): 2 bytes per element, rounded to nearest even; max
   * finite 65504.
   */
  F16((byte) 1),
  /**
   * Little-endian bfloat16 (the upper half of binary32): 2 bytes per element, rounded to nearest
   * even.
   */
  BF16((byte) 2),
  /**
   * Top-k sparse: {@code k} (int), {@code k} int indices, {@code k} binary32 values; the elements
   * not sent count as zero. Worker-side error feedback keeps what was not sent (see {@code
   * io.tensoronspark.tps.client.TopKEncoder}).
   */
  TOP_K((byte) 3);

  private final byte wireId;

  PayloadEncoding(byte wireId) {
    this.wireId = wireId;
  }

  /** The byte written in a frame. */
  public byte wireId() {
    return wireId;
  }

  /** The encoding with this wire byte, or {@code null} when unknown. */
  public static PayloadEncoding fromWireId(byte wireId) {
    for (PayloadEncoding e : values()) {
      if (e.wireId == wireId) {
        return e;
      }
    }
    return null;
  }
}
