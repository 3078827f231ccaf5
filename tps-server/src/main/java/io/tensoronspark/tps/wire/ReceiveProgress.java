package io.tensoronspark.tps.wire;

import java.nio.ByteBuffer;

/**
 * Told after every read while a frame arrives, so it can be decoded as it comes (see {@link
 * DenseFrameDecoder}). Called on the receiving thread.
 */
@FunctionalInterface
public interface ReceiveProgress {

  /** Nothing to do: the frame is decoded once complete. */
  ReceiveProgress NONE = (buffer, received) -> {};

  /**
   * Bytes {@code [0, received)} of the frame are in {@code buffer} (absolute indices; do not move
   * its position).
   */
  void received(ByteBuffer buffer, int received);

  /**
   * A new attempt of the request starts: whatever earlier attempts received is void (a retry after
   * a failure or a dropped reply gets a reply of its own). Called before each attempt; the default
   * does nothing.
   */
  default void restart() {}
}
