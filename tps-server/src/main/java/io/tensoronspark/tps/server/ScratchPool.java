package io.tensoronspark.tps.server;

import io.tensoronspark.tps.ParameterSpec;
import io.tensoronspark.tps.wire.FloatChunks;
import io.tensoronspark.tps.wire.FrameFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

/**
 * A bounded pool of {@link RequestScratch}: {@link #borrow} never blocks (it creates a new scratch
 * when the pool is empty) and {@link #release} keeps at most {@code maxRetained} for reuse,
 * dropping the rest for the GC. Thread-safe.
 */
final class ScratchPool {

  private final List<ParameterSpec> specs;
  private final int maxRequestBytes;
  private final int replyBytes;
  private final Supplier<FloatChunks[]> payloadBuffers;
  private final BlockingQueue<RequestScratch> idle;

  /**
   * A pool for {@code specs} whose payload buffers come from {@code payloadBuffers} (the store's
   * shard layout).
   */
  ScratchPool(List<ParameterSpec> specs, Supplier<FloatChunks[]> payloadBuffers, int maxRetained) {
    this.specs = List.copyOf(specs);
    this.payloadBuffers = payloadBuffers;
    this.maxRequestBytes = Math.toIntExact(FrameFormat.maxPushFrameBytes(specs));
    this.replyBytes = Math.toIntExact(FrameFormat.denseFrameBytes(specs));
    this.idle = new ArrayBlockingQueue<>(Math.max(1, maxRetained));
  }

  RequestScratch borrow() {
    RequestScratch scratch = idle.poll();
    return scratch != null
        ? scratch
        : new RequestScratch(specs, maxRequestBytes, replyBytes, payloadBuffers);
  }

  void release(RequestScratch scratch) {
    idle.offer(scratch);
  }
}
