package io.tensoronspark.tps.server;

import io.tensoronspark.tps.protocol.HttpProtocol;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes a reply frame as a fixed-length 200 answer and counts its bytes, asynchronously: called on
 * the I/O thread or a worker thread (not in blocking mode), it returns at once, the I/O thread
 * writes the frame as the client reads it, and the buffer is released through a callback once
 * written or once the write failed. Stateless apart from the shared counters; thread-safe.
 */
final class FrameResponder {

  private final TpsCounters counters;

  FrameResponder(TpsCounters counters) {
    this.counters = counters;
  }

  void sendAsync(HttpServerExchange exchange, ByteBuffer frame, Runnable written) {
    prepare(exchange, frame);
    exchange
        .getResponseSender()
        .send(
            frame,
            new IoCallback() {
              @Override
              public void onComplete(HttpServerExchange completed, Sender sender) {
                written.run();
                IoCallback.END_EXCHANGE.onComplete(completed, sender);
              }

              @Override
              public void onException(HttpServerExchange failed, Sender sender, IOException e) {
                written.run();
                IoCallback.END_EXCHANGE.onException(failed, sender, e);
              }
            });
  }

  private void prepare(HttpServerExchange exchange, ByteBuffer frame) {
    int bytes = frame.remaining();
    exchange.setStatusCode(200);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, HttpProtocol.FRAME_CONTENT_TYPE);
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes);
    counters.bytesOut.add(bytes);
  }
}
