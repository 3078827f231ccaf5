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
   * Bytes {@code [0, received)} of the frame have arrived in {@code buffer} (do not move its
   * position). They lie at their own indices unless {@link #compact} moved some: then where it left
   * them.
   */
  void received(ByteBuffer buffer, int received);

  /**
   * Called after {@link #received}, with the buffer index where the next byte would go: this
   * listener may drop bytes it has fully used and move the rest down, so that a multi-MB frame
   * passes through a window a few slices long that stays in the CPU cache. Returns the buffer index
   * where the next byte goes now. The frame's first {@link FrameFormat#HEADER_BYTES} bytes never
   * move. The default keeps everything.
   */
  default int compact(ByteBuffer buffer, int position) {
    return position;
  }

  /**
   * Called once the whole frame of {@code length} bytes has arrived, with the buffer index after
   * its last byte; returns {@code length}. Afterwards the frame's header is at buffer index 0, and
   * the rest of the frame is at its own indices unless this listener has consumed the frame
   * completely itself (as {@link DenseFrameDecoder#isComplete} tells). The default does nothing:
   * without {@link #compact} every byte is in place.
   */
  default int finish(ByteBuffer buffer, int position, int length) {
    return length;
  }

  /**
   * A new attempt of the request starts: whatever earlier attempts received is void (a retry after
   * a failure or a dropped reply gets a reply of its own). Called before each attempt; the default
   * does nothing.
   */
  default void restart() {}
}
