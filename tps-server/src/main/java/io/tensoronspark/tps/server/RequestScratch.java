package io.tensoronspark.tps.server;

import io.tensoronspark.tps.ParameterSpec;
import io.tensoronspark.tps.wire.DenseFrameDecoder;
import io.tensoronspark.tps.wire.FrameFormat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The large buffers one request needs: the request body, the decoded payloads and the reply frame. Allocated lazily
 * (a pull never needs the first two) and reused through {@link ScratchPool}, so multi-MB arrays are not allocated per
 * request. Owned by one request thread between {@link ScratchPool#borrow} and {@link ScratchPool#release}.
 */
final class RequestScratch {

  private final List<ParameterSpec> specs;
  private final int maxRequestBytes;
  private final int replyBytes;
  private ByteBuffer request;
  private float[][] payloads;
  private ByteBuffer reply;
  private DenseFrameDecoder denseDecoder;

  RequestScratch(List<ParameterSpec> specs, int maxRequestBytes, int replyBytes) {
    this.specs = specs;
    this.maxRequestBytes = maxRequestBytes;
    this.replyBytes = replyBytes;
  }

  /** A direct buffer of {@code maxRequestBytes} (the kernel reads into it without a copy), cleared, little-endian. */
  ByteBuffer request() {
    if (request == null) {
      request = ByteBuffer.allocateDirect(maxRequestBytes).order(ByteOrder.LITTLE_ENDIAN);
    }
    request.clear();
    return request;
  }

  /** One array per parameter, exactly its size; contents are whatever the last user left. */
  float[][] payloads() {
    if (payloads == null) {
      payloads = new float[specs.size()][];
      for (int i = 0; i < payloads.length; i++) {
        payloads[i] = new float[specs.get(i).size()];
      }
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
   * A direct buffer for the dense reply frame (direct, so the socket write needs no copy into a temporary direct
   * buffer), cleared, little-endian, exactly {@link FrameFormat#denseFrameBytes} long.
   */
  ByteBuffer reply() {
    if (reply == null) {
      reply = ByteBuffer.allocateDirect(replyBytes).order(ByteOrder.LITTLE_ENDIAN);
    }
    reply.clear();
    return reply;
  }
}
