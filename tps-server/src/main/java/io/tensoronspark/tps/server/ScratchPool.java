package io.tensoronspark.tps.server;

import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.wire.FloatChunks;
import io.tensoronspark.tps.wire.FrameFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A pool of at most {@code capacity} {@link RequestScratch}, the direct body and reply buffers of
 * requests: {@link #borrow} never blocks, creates a scratch while fewer than {@code capacity} exist
 * and returns null when all are in use; {@link #release} keeps every scratch for reuse. So the
 * direct memory the pool can hold is bounded by {@code capacity} times a scratch's buffers, and no
 * buffer is left for a GC to free. The capacity equals the concurrency limit of the requests that
 * use the pool and each request releases its scratch before its slot is freed, so a borrow finds
 * one. Thread-safe.
 */
final class ScratchPool {

  private final List<ParameterSpec> specs;
  private final int maxRequestBytes;
  private final int replyBytes;
  private final Supplier<FloatChunks[]> payloadBuffers;
  private final int capacity;
  private final BlockingQueue<RequestScratch> idle;
  private final AtomicInteger created = new AtomicInteger();
  private final AtomicLong directBytes = new AtomicLong();

  /**
   * A pool of up to {@code capacity} scratches for {@code specs} whose payload buffers come from
   * {@code payloadBuffers} (the store's shard layout).
   */
  ScratchPool(List<ParameterSpec> specs, Supplier<FloatChunks[]> payloadBuffers, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("scratch pool capacity must be >= 1, got " + capacity);
    }
    this.specs = List.copyOf(specs);
    this.payloadBuffers = payloadBuffers;
    this.maxRequestBytes = Math.toIntExact(FrameFormat.maxPushFrameBytes(specs));
    this.replyBytes = Math.toIntExact(FrameFormat.denseFrameBytes(specs));
    this.capacity = capacity;
    this.idle = new ArrayBlockingQueue<>(capacity);
  }

  /** A scratch for one request, or null when all {@code capacity} are in use. */
  RequestScratch borrow() {
    RequestScratch scratch = idle.poll();
    if (scratch != null) {
      return scratch;
    }
    if (created.incrementAndGet() > capacity) {
      created.decrementAndGet();
      return idle.poll();
    }
    return new RequestScratch(specs, maxRequestBytes, replyBytes, payloadBuffers, directBytes);
  }

  /** Gives a borrowed scratch back; call once per borrow. */
  void release(RequestScratch scratch) {
    idle.offer(scratch);
  }

  /** The direct bytes the pool's scratches hold (allocated, in use or idle). */
  long directBytes() {
    return directBytes.get();
  }

  /** The scratches created so far (at most the capacity). */
  int created() {
    return created.get();
  }

  /** The most direct bytes the pool can hold: capacity times a push scratch's buffers. */
  static long ceilingBytes(List<ParameterSpec> specs, int capacity, boolean pushes) {
    long reply = FrameFormat.denseFrameBytes(specs);
    return capacity * (pushes ? FrameFormat.maxPushFrameBytes(specs) + reply : reply);
  }
}
