package io.tensoronspark.tps.server;

import io.tensoronspark.tps.wire.FrameRejectedException;
import io.tensoronspark.tps.wire.ReceiveProgress;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.xnio.channels.StreamSourceChannel;

/**
 * Reads a whole request body into a caller's (direct) buffer straight from the request channel, on
 * a worker thread (the exchange must be dispatched): past the bytes Undertow buffered with the
 * headers, the kernel copies the body directly into the buffer. Measured faster for multi-MB bodies
 * than the blocking input stream, which copies every byte once more through Undertow's pooled
 * buffers. The buffer's capacity is the size limit; a client that sends nothing for {@link
 * io.tensoronspark.tps.TpsServerConfig#bodyStallTimeoutMillis} fails with a {@link
 * SocketTimeoutException}. Immutable; thread-safe.
 */
final class RequestBodyReader {

  private final long stallTimeoutMillis;

  /** A reader that gives up on a body after {@code stallTimeoutMillis} without a byte. */
  RequestBodyReader(long stallTimeoutMillis) {
    this.stallTimeoutMillis = stallTimeoutMillis;
  }

  /**
   * Reads the body into {@code into} and returns it flipped (position 0, limit = body length),
   * telling {@code progress} after every read of at most {@link ReceiveProgress#SLICE_BYTES} and
   * letting it {@link ReceiveProgress#compact compact} the buffer; see {@link
   * ReceiveProgress#finish} for what the buffer then holds.
   *
   * @throws FrameRejectedException 413 when the body is longer than {@code into}'s capacity
   * @throws IOException when the client goes away, stalls, or the read fails
   */
  ByteBuffer read(HttpServerExchange exchange, ByteBuffer into, ReceiveProgress progress)
      throws IOException, FrameRejectedException {
    into.clear();
    StreamSourceChannel channel = exchange.getRequestChannel();
    if (channel == null) {
      throw new IOException("request channel already taken");
    }
    int limit = into.capacity();
    int received = 0;
    try {
      while (true) {
        into.limit(into.position() + Math.min(ReceiveProgress.SLICE_BYTES, limit - received));
        int n = channel.read(into);
        if (n < 0) {
          break;
        }
        if (n > 0) {
          received += n;
          progress.received(into, received);
          into.position(progress.compact(into, into.position()));
        } else {
          if (received == limit) {
            if (hasMore(channel)) {
              throw tooLarge(limit);
            }
            break;
          }
          awaitReadable(channel);
        }
      }
    } catch (RequestTooBigException e) {
      throw tooLarge(limit);
    }
    into.limit(progress.finish(into, into.position(), received)).position(0);
    return into;
  }

  /**
   * Whether the body has more bytes after the buffer filled up (reads one byte, waiting if needed).
   */
  private boolean hasMore(StreamSourceChannel channel) throws IOException {
    ByteBuffer probe = ByteBuffer.allocate(1);
    while (true) {
      int n = channel.read(probe);
      if (n != 0) {
        return n > 0;
      }
      awaitReadable(channel);
    }
  }

  private void awaitReadable(StreamSourceChannel channel) throws IOException {
    long before = System.nanoTime();
    channel.awaitReadable(stallTimeoutMillis, TimeUnit.MILLISECONDS);
    if (System.nanoTime() - before >= TimeUnit.MILLISECONDS.toNanos(stallTimeoutMillis)) {
      throw new SocketTimeoutException("no request body bytes for " + stallTimeoutMillis + " ms");
    }
  }

  private static FrameRejectedException tooLarge(int capacity) {
    return new FrameRejectedException(
        FrameRejectedException.TOO_LARGE,
        "too-large",
        "body exceeds the limit of " + capacity + " bytes set by the registered parameter sizes");
  }
}
