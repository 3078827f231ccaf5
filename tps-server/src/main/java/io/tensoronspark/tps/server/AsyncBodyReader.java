package io.tensoronspark.tps.server;

import io.tensoronspark.tps.wire.ReceiveProgress;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListener;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;

/**
 * Reads a request body of known length on the I/O thread without blocking it: straight from the
 * request channel into a caller's direct buffer, telling a {@link ReceiveProgress} after every
 * read, then calling back once with the whole body or the failure. It replaces Undertow's {@code
 * receiveFullBytes} on the push path, which copies every byte singly into a growing {@code
 * ByteArrayOutputStream}: for 31 KB pushes from two clients that copy was about half of the
 * server's CPU time.
 *
 * <p>A body that runs into one of its {@link BodyTimeouts} (stall, minimum rate, deadline) fails
 * with a {@link SocketTimeoutException}: one timer per body on the I/O thread, which, when it fires
 * before the body expired, waits again until it would. A connection that closes while the body is
 * read fails the read at once (an exchange completion listener), so its buffer is released then,
 * not when the timer would have fired. Every callback runs on the exchange's I/O thread, as do the
 * reads and the timer, so a read needs no locks. Immutable; thread-safe.
 */
final class AsyncBodyReader {

  private final BodyTimeouts timeouts;

  /** A reader that gives up on a body at {@code timeouts}. */
  AsyncBodyReader(BodyTimeouts timeouts) {
    this.timeouts = timeouts;
  }

  /** Where a read ends. Exactly one method is called, once, on the I/O thread. */
  interface Completion {
    /** The body is {@code body}'s bytes from 0 to its limit (position 0). */
    void completed(HttpServerExchange exchange, ByteBuffer body);

    /** The client went away, stalled, or the read failed; nothing of the body is usable. */
    void failed(HttpServerExchange exchange, IOException e);
  }

  /**
   * Starts reading the {@code length}-byte body into {@code into} (from index 0) and returns; calls
   * {@code done} once the body is complete or the read failed (maybe before returning).
   *
   * @throws IllegalArgumentException when {@code into} cannot hold {@code length} bytes (callers
   *     answer 413 before reading)
   */
  void read(
      HttpServerExchange exchange,
      ByteBuffer into,
      int length,
      ReceiveProgress progress,
      Completion done) {
    if (length > into.capacity()) {
      throw new IllegalArgumentException(
          "a body of " + length + " bytes does not fit a buffer of " + into.capacity());
    }
    into.clear().limit(length);
    StreamSourceChannel channel = exchange.getRequestChannel();
    if (channel == null) {
      done.failed(exchange, new IOException("request channel already taken"));
      return;
    }
    new BodyRead(exchange, into, progress, done, timeouts).start(channel);
  }

  /** One body being read: a read listener on the request channel and the timeout's task. */
  private static final class BodyRead
      implements ChannelListener<StreamSourceChannel>, Runnable, ExchangeCompletionListener {
    private final HttpServerExchange exchange;
    private final ByteBuffer into;
    private final ReceiveProgress progress;
    private final Completion done;
    private final BodyTimeouts timeouts;
    private StreamSourceChannel channel;
    private XnioExecutor.Key timeout;
    private long startNanos;
    private long lastProgressNanos;
    private boolean finished;

    BodyRead(
        HttpServerExchange exchange,
        ByteBuffer into,
        ReceiveProgress progress,
        Completion done,
        BodyTimeouts timeouts) {
      this.exchange = exchange;
      this.into = into;
      this.progress = progress;
      this.done = done;
      this.timeouts = timeouts;
    }

    void start(StreamSourceChannel requestChannel) {
      this.channel = requestChannel;
      startNanos = System.nanoTime();
      lastProgressNanos = startNanos;
      if (pump()) {
        return;
      }
      channel.getReadSetter().set(this);
      exchange.addExchangeCompleteListener(this);
      armTimer(timeouts.expiresAtNanos(startNanos, lastProgressNanos, 0) - startNanos);
      channel.resumeReads();
    }

    /** The exchange ended while the body was read (the connection closed): fail at once. */
    @Override
    public void exchangeEvent(HttpServerExchange ended, NextListener next) {
      try {
        if (!finished) {
          finish();
          done.failed(
              ended,
              new IOException(
                  "connection closed after " + into.position() + " of " + into.limit() + " bytes"));
        }
      } finally {
        next.proceed();
      }
    }

    private void armTimer(long delayNanos) {
      timeout = exchange.getIoThread().executeAfter(this, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Read-readiness: reads what arrived. */
    @Override
    public void handleEvent(StreamSourceChannel ready) {
      if (!finished) {
        pump();
      }
    }

    /** The timer: fails the read if no byte came for the whole period, else waits the rest. */
    @Override
    public void run() {
      if (finished) {
        return;
      }
      long now = System.nanoTime();
      long due = timeouts.expiresAtNanos(startNanos, lastProgressNanos, into.position());
      if (now < due) {
        armTimer(due - now);
        return;
      }
      finish();
      done.failed(
          exchange,
          timeouts.expired(
              now, startNanos, lastProgressNanos, into.position(), String.valueOf(into.limit())));
    }

    /** Reads everything available; returns whether the read finished (either way). */
    private boolean pump() {
      try {
        while (into.hasRemaining()) {
          int n = channel.read(into);
          if (n == 0) {
            return false;
          }
          if (n < 0) {
            throw new IOException(
                "request body ended after " + into.position() + " of " + into.limit() + " bytes");
          }
          lastProgressNanos = System.nanoTime();
          progress.received(into, into.position());
        }
      } catch (IOException e) {
        finish();
        done.failed(exchange, e);
        return true;
      }
      finish();
      into.flip();
      done.completed(exchange, into);
      return true;
    }

    private void finish() {
      finished = true;
      if (timeout != null) {
        timeout.remove();
      }
      channel.getReadSetter().set(null);
      channel.suspendReads();
    }
  }
}
