package io.tensoronspark.tps.server;

import io.tensoronspark.tps.ParameterSpec;
import io.tensoronspark.tps.wire.FrameFormat;
import io.tensoronspark.tps.wire.FrameHeader;
import io.tensoronspark.tps.wire.HttpProtocol;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * GET /v1/pull: answers with a frame of every parameter's current values and the version read before copying them.
 * When the request names a run id ({@code X-TPS-Run-Id}) that is not this server's, answers 409. Small models (reply
 * of at most {@link PushHandler#INLINE_MAX_BODY_BYTES}) are answered from the I/O thread asynchronously; larger ones
 * on a worker thread in blocking mode. Pooled buffers either way. Immutable; thread-safe.
 */
public final class PullHandler implements HttpHandler {

  private static final HttpString RUN_ID = new HttpString(HttpProtocol.RUN_ID_HEADER);

  private final List<ParameterSpec> specs;
  private final int[] payloadOffsets;
  private final ParameterStore store;
  private final ScratchPool pool;
  private final TpsCounters counters;
  private final FrameResponder responder;
  private final long runId;
  private final boolean inline;

  PullHandler(List<ParameterSpec> specs, ParameterStore store, ScratchPool pool, TpsCounters counters, long runId) {
    this.specs = List.copyOf(specs);
    this.payloadOffsets = FrameFormat.densePayloadOffsets(specs);
    this.store = store;
    this.pool = pool;
    this.counters = counters;
    this.responder = new FrameResponder(counters);
    this.runId = runId;
    this.inline = FrameFormat.denseFrameBytes(specs) <= PushHandler.INLINE_MAX_BODY_BYTES;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    String expectedRun = exchange.getRequestHeaders().getFirst(RUN_ID);
    if (expectedRun != null && !expectedRun.equals(Long.toString(runId))) {
      ErrorReply.send(
          exchange,
          409,
          HttpProtocol.RUN_MISMATCH_CODE,
          "run id mismatch: request expects " + expectedRun + ", this server runs " + runId);
      return;
    }
    if (inline) {
      RequestScratch scratch = pool.borrow();
      counters.pulls.increment();
      responder.sendAsync(exchange, currentValues(scratch), () -> pool.release(scratch));
      return;
    }
    if (exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    exchange.startBlocking();
    RequestScratch scratch = pool.borrow();
    try {
      counters.pulls.increment();
      responder.send(exchange, currentValues(scratch));
    } finally {
      pool.release(scratch);
    }
  }

  private ByteBuffer currentValues(RequestScratch scratch) {
    ReplyFrame reply = new ReplyFrame(scratch.reply(), specs, payloadOffsets);
    long version = store.read(reply);
    return reply.finish(new FrameHeader((short) 0, runId, FrameFormat.SERVER_WORKER_ID, 0, 0, version, specs.size()));
  }
}
