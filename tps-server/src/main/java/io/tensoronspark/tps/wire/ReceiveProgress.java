package io.tensoronspark.tps.wire;

import java.nio.ByteBuffer;

/**
 * Told after every read while a frame arrives, so it can be decoded as it comes (see {@link
 * DenseFrameDecoder}). Called on the receiving thread.
 */
@FunctionalInterface
public interface ReceiveProgress {

  /**
   * The most bytes a receiver reads into the frame buffer before telling its progress: 256 KiB, a
   * quarter of this machine class's 1 MiB L2 cache. Reading a multi-MB body in slices of this size
   * keeps each slice in cache between the kernel's copy and the decoder's, instead of decoding
   * whatever larger amount the socket had buffered after it left the cache (benchmarks/README.md,
   * "Receive slices").
   */
  int SLICE_BYTES = 256 * 1024;

  /** Nothing to do: the frame is decoded once complete. */
  ReceiveProgress NONE = (buffer, received) -> {};

  /**
   * Bytes {@code [0, received)} of the frame have arrived in {@code buffer}, at their own indices
   * (do not move its position).
   */
  void received(ByteBuffer buffer, int received);

  /**
   * A new attempt of the request starts: whatever earlier attempts received is void (a retry after
   * a failure or a dropped reply gets a reply of its own). Called before each attempt; the default
   * does nothing.
   */
  default void restart() {}
}
