package io.tensoronspark.tps.server;

import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.wire.DenseFrameDecoder;
import io.tensoronspark.tps.wire.FloatChunks;
import io.tensoronspark.tps.wire.FrameFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The large buffers one request needs: the request body, the decoded payloads and the reply frame.
 * Allocated lazily (a pull never needs the first two) and reused through {@link ScratchPool}, so
 * multi-MB arrays are not allocated per request. Owned by one request thread between {@link
 * ScratchPool#borrow} and {@link ScratchPool#release}.
 */
final class RequestScratch {

  private final List<ParameterSpec> specs;
  private final int maxRequestBytes;
  private final int replyBytes;
  private final Supplier<FloatChunks[]> payloadBuffers;
  private ByteBuffer request;
  private FloatChunks[] payloads;
  private ByteBuffer reply;
  private DenseFrameDecoder denseDecoder;
  private final AtomicLong directBytes;

  /**
   * @param directBytes counts the direct bytes this scratch allocates
   */
  RequestScratch(
      List<ParameterSpec> specs,
      int maxRequestBytes,
      int replyBytes,
      Supplier<FloatChunks[]> payloadBuffers,
      AtomicLong directBytes) {
    this.specs = specs;
    this.directBytes = directBytes;
    this.maxRequestBytes = maxRequestBytes;
    this.replyBytes = replyBytes;
    this.payloadBuffers = payloadBuffers;
  }

  /**
   * A direct buffer of {@code maxRequestBytes} (the kernel reads into it without a copy), cleared,
   * little-endian.
   */
  ByteBuffer request() {
    if (request == null) {
      request = ByteBuffer.allocateDirect(maxRequestBytes).order(ByteOrder.LITTLE_ENDIAN);
      directBytes.addAndGet(maxRequestBytes);
    }
    request.clear();
    return request;
  }

  /**
   * The payload buffers, one per parameter, split like the store's shards (so every shard merges
   * from index 0); contents are whatever the last user left.
   */
  FloatChunks[] payloads() {
    if (payloads == null) {
      payloads = payloadBuffers.get();
    }
    return payloads;
  }

  /** The decoder of dense request frames as they arrive (values checked finite). */
  DenseFrameDecoder denseDecoder() {
    if (denseDecoder == null) {
      denseDecoder = new DenseFrameDecoder(specs, true);
    }
    return denseDecoder;
  }

  /**
   * A direct buffer for the dense reply frame (direct, so the socket write needs no copy into a
   * temporary direct buffer), cleared, little-endian, exactly {@link FrameFormat#denseFrameBytes}
   * long.
   */
  ByteBuffer reply() {
    if (reply == null) {
      reply = ByteBuffer.allocateDirect(replyBytes).order(ByteOrder.LITTLE_ENDIAN);
      directBytes.addAndGet(replyBytes);
    }
    reply.clear();
    return reply;
  }
}
