package io.tensoronspark.tps.server;

import io.tensoronspark.tps.ParameterSpec;
import io.tensoronspark.tps.wire.FrameFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A bounded pool of {@link RequestScratch}: {@link #borrow} never blocks (it creates a new scratch when the pool is
 * empty) and {@link #release} keeps at most {@code maxRetained} for reuse, dropping the rest for the GC. Thread-safe.
 */
final class ScratchPool {

  private final List<ParameterSpec> specs;
  private final int maxRequestBytes;
  private final int replyBytes;
  private final BlockingQueue<RequestScratch> idle;

  ScratchPool(List<ParameterSpec> specs, int maxRetained) {
    this.specs = List.copyOf(specs);
    this.maxRequestBytes = Math.toIntExact(FrameFormat.maxPushFrameBytes(specs));
    this.replyBytes = Math.toIntExact(FrameFormat.denseFrameBytes(specs));
    this.idle = new ArrayBlockingQueue<>(Math.max(1, maxRetained));
  }

  RequestScratch borrow() {
    RequestScratch scratch = idle.poll();
    return scratch != null ? scratch : new RequestScratch(specs, maxRequestBytes, replyBytes);
  }

  void release(RequestScratch scratch) {
    idle.offer(scratch);
  }
}
