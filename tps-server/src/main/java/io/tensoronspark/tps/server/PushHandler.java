package io.tensoronspark.tps.server;

import io.tensoronspark.tps.protocol.ErrorCode;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.wire.DenseFrameDecoder;
import io.tensoronspark.tps.wire.FloatChunks;
import io.tensoronspark.tps.wire.FrameFormat;
import io.tensoronspark.tps.wire.FrameHeader;
import io.tensoronspark.tps.wire.FrameReader;
import io.tensoronspark.tps.wire.FrameRejectedException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RequestTooBigException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST /v1/push: reads the body, validates the whole frame (nothing is merged unless every section
 * is valid), hands it to {@link PushProcessor} and answers with the merged values of every
 * parameter.
 *
 * <p>Two paths, one outcome. Bodies of at most {@link #INLINE_MAX_BODY_BYTES} (small models: a
 * round trip is then mostly fixed costs) are read without blocking ({@link AsyncBodyReader}),
 * processed on the I/O thread and answered asynchronously, saving the hand-off to a worker thread.
 * Larger bodies dispatch to a worker thread, which waits for each part of the body ({@link
 * RequestBodyReader}) and merges, then hands the reply to Undertow's asynchronous sender: the I/O
 * thread writes it as the client reads, so a slow reader never holds a worker thread (measured
 * about 10% more 4 MB round trips with two clients than a blocking send). Both paths read straight
 * into a pooled direct buffer and decode dense F32 frames while they arrive. Buffers come from the
 * {@link ScratchPool} and go back once the reply is written. Immutable; thread-safe.
 */
public final class PushHandler implements HttpHandler {

  /** The largest body handled on the I/O thread (32k floats). */
  public static final int INLINE_MAX_BODY_BYTES = 128 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(PushHandler.class);

  private final List<ParameterSpec> specs;
  private final int[] payloadOffsets;
  private final FrameReader reader;
  private final PushProcessor processor;
  private final ScratchPool pool;
  private final TpsCounters counters;
  private final FrameResponder responder;
  private final RequestBodyReader bodyReader;
  private final AsyncBodyReader asyncBodyReader;
  private final long runId;

  PushHandler(
      List<ParameterSpec> specs,
      PushProcessor processor,
      ScratchPool pool,
      TpsCounters counters,
      long runId,
      BodyTimeouts timeouts) {
    this.specs = List.copyOf(specs);
    this.payloadOffsets = FrameFormat.densePayloadOffsets(specs);
    this.reader = new FrameReader(specs);
    this.processor = processor;
    this.pool = pool;
    this.counters = counters;
    this.responder = new FrameResponder(counters);
    this.runId = runId;
    this.bodyReader = new RequestBodyReader(timeouts);
    this.asyncBodyReader = new AsyncBodyReader(timeouts);
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (exchange.isInIoThread()) {
      long length = exchange.getRequestContentLength();
      if (length >= 0 && length <= INLINE_MAX_BODY_BYTES) {
        receiveInline(exchange, (int) length);
      } else {
        exchange.dispatch(this);
      }
      return;
    }
    receiveOnWorker(exchange);
  }

  private void receiveInline(HttpServerExchange exchange, int length) {
    RequestScratch scratch = pool.borrow();
    if (scratch == null) {
      noBuffers(exchange);
      return;
    }
    if (length > scratch.request().capacity()) {
      pool.release(scratch);
      refuse(exchange, tooLarge());
      return;
    }
    DenseFrameDecoder dense = scratch.denseDecoder();
    dense.reset(scratch.payloads());
    asyncBodyReader.read(
        exchange,
        scratch.request(),
        length,
        dense,
        new AsyncBodyReader.Completion() {
          @Override
          public void completed(HttpServerExchange received, ByteBuffer body) {
            applyAndReply(received, body, scratch, dense.isComplete(body.remaining()));
          }

          @Override
          public void failed(HttpServerExchange received, IOException e) {
            pool.release(scratch);
            if (e instanceof RequestTooBigException) {
              refuse(received, tooLarge());
            } else {
              aborted(received, e);
            }
          }
        });
  }

  /** Reads the body on a worker thread, waiting for each part of it, then applies it. */
  private void receiveOnWorker(HttpServerExchange exchange) {
    RequestScratch scratch = pool.borrow();
    if (scratch == null) {
      noBuffers(exchange);
      return;
    }
    DenseFrameDecoder dense = scratch.denseDecoder();
    dense.reset(scratch.payloads());
    ByteBuffer body;
    try {
      body = bodyReader.read(exchange, scratch.request(), dense);
    } catch (FrameRejectedException e) {
      pool.release(scratch);
      refuse(exchange, e);
      return;
    } catch (IOException e) {
      pool.release(scratch);
      aborted(exchange, e);
      return;
    } catch (RuntimeException e) {
      pool.release(scratch);
      fail(exchange, e);
      return;
    }
    applyAndReply(exchange, body, scratch, dense.isComplete(body.remaining()));
  }

  /**
   * Applies a complete body and starts the asynchronous reply; {@code scratch} goes back to the
   * pool once the reply is written, or at once when the push is refused.
   */
  private void applyAndReply(
      HttpServerExchange exchange, ByteBuffer body, RequestScratch scratch, boolean decoded) {
    // A refused push gives its buffers back before answering: the answer may end the exchange,
    // and so free its slot, at once.
    ByteBuffer reply;
    try {
      counters.bytesIn.add(body.remaining());
      reply = apply(body, scratch, decoded);
    } catch (FrameRejectedException e) {
      pool.release(scratch);
      refuse(exchange, e);
      return;
    } catch (RuntimeException e) {
      pool.release(scratch);
      fail(exchange, e);
      return;
    }
    responder.sendAsync(exchange, reply, () -> pool.release(scratch));
  }

  /**
   * Validates and applies one push whose body is complete; returns the reply frame (in the
   * scratch's reply buffer).
   *
   * @param decoded whether the payloads are already decoded and checked (dense frame decoded while
   *     arriving)
   */
  private ByteBuffer apply(ByteBuffer body, RequestScratch scratch, boolean decoded)
      throws FrameRejectedException {
    FrameHeader header = reader.readHeader(body);
    processor.checkHeader(header);
    FloatChunks[] payloads = scratch.payloads();
    if (!decoded) {
      reader.readParameters(body, payloads);
    }
    ReplyFrame reply = new ReplyFrame(scratch.reply(), specs, payloadOffsets);
    PushProcessor.Outcome outcome = processor.process(header, payloads, reply);
    return reply.finish(
        new FrameHeader(
            outcome.flags(),
            runId,
            FrameFormat.SERVER_WORKER_ID,
            header.taskAttemptId(),
            header.sequence(),
            outcome.version(),
            specs.size()));
  }

  private void refuse(HttpServerExchange exchange, FrameRejectedException e) {
    counters.pushRejected();
    LOG.info(
        "push from {} refused ({}): {}", exchange.getSourceAddress(), e.status(), e.getMessage());
    if (e.status() == FrameRejectedException.TOO_LARGE) {
      exchange.setPersistent(false);
    }
    ErrorReply.send(exchange, e.status(), e.code(), e.getMessage());
  }

  /**
   * The body never arrived whole (the client went away, or stalled): answered 400, or 408 for a
   * stall, with the connection closed; nothing was merged. If the client is gone the answer is
   * simply lost; it is never a 200.
   */
  private static void aborted(HttpServerExchange exchange, IOException e) {
    LOG.debug("push from {} aborted while reading the body", exchange.getSourceAddress(), e);
    exchange.setPersistent(false);
    boolean stalled = e instanceof SocketTimeoutException;
    ErrorReply.send(
        exchange,
        stalled ? 408 : 400,
        stalled ? ErrorCode.BODY_TIMEOUT : ErrorCode.INCOMPLETE_BODY,
        "request body incomplete, nothing merged: " + e.getMessage());
  }

  /** Only if a request outlived its slot: every buffer set is in use. */
  private void noBuffers(HttpServerExchange exchange) {
    counters.busyRejection();
    ErrorReply.send(exchange, 503, ErrorCode.BUSY, "server busy: every push buffer in use");
  }

  private static void fail(HttpServerExchange exchange, RuntimeException e) {
    LOG.error("push from {} failed", exchange.getSourceAddress(), e);
    ErrorReply.send(exchange, 500, ErrorCode.INTERNAL, "internal error; see the server log");
  }

  private static FrameRejectedException tooLarge() {
    return new FrameRejectedException(
        FrameRejectedException.TOO_LARGE,
        ErrorCode.TOO_LARGE,
        "body exceeds the limit set by the registered parameter sizes");
  }
}
