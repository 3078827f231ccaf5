package io.tensoronspark.tps.server;

import io.tensoronspark.tps.protocol.ErrorCode;
import io.tensoronspark.tps.protocol.HttpProtocol;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.wire.FrameFormat;
import io.tensoronspark.tps.wire.FrameHeader;
import io.tensoronspark.tps.wire.FrameRejectedException;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /v1/pull: answers with a frame of every parameter's current values and the version read
 * before copying them. When the request names a run id ({@code X-TPS-Run-Id}) that is not this
 * server's, answers 409. When it names its task attempt ({@link PullIdentity}), the attempt claims
 * its partition first ({@link AttemptOwnership}): an attempt older than the partition's owner is
 * answered 409 "superseded". With launched attempts required, an attempt the scheduler has not
 * registered for the partition waits for its registration (on a worker thread, up to {@link
 * io.tensoronspark.tps.config.TpsServerConfig#launchRegistrationWaitMillis}: registrations travel
 * Spark's listener bus and may come a moment after the task starts), then is answered 409 {@code
 * unknown-attempt}. Small models (reply of at most {@link PushHandler#INLINE_MAX_BODY_BYTES}) are
 * answered from the I/O thread; larger ones copy their values on a worker thread (where a claim may
 * also wait for merges in progress). Either way the reply is written asynchronously from a pooled
 * buffer. Immutable; thread-safe.
 */
final class PullHandler implements HttpHandler {

  private static final HttpString RUN_ID = new HttpString(HttpProtocol.RUN_ID_HEADER);
  private static final Logger LOG = LoggerFactory.getLogger(PullHandler.class);

  private final List<ParameterSpec> specs;
  private final int[] payloadOffsets;
  private final ParameterStore store;
  private final AttemptOwnership ownership;
  private final ScratchPool pool;
  private final TpsCounters counters;
  private final FrameResponder responder;
  private final long runId;
  private final boolean inline;
  private final LaunchedAttempts launched;
  private final long registrationWaitMillis;

  PullHandler(
      List<ParameterSpec> specs,
      ParameterStore store,
      AttemptOwnership ownership,
      ScratchPool pool,
      TpsCounters counters,
      long runId,
      LaunchedAttempts launched,
      long registrationWaitMillis) {
    this.launched = launched;
    this.registrationWaitMillis = registrationWaitMillis;
    this.specs = List.copyOf(specs);
    this.payloadOffsets = FrameFormat.densePayloadOffsets(specs);
    this.store = store;
    this.ownership = ownership;
    this.pool = pool;
    this.counters = counters;
    this.responder = new FrameResponder(counters);
    this.runId = runId;
    this.inline = FrameFormat.denseFrameBytes(specs) <= PushHandler.INLINE_MAX_BODY_BYTES;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    if (!inline && exchange.isInIoThread()) {
      exchange.dispatch(this);
      return;
    }
    String expectedRun = exchange.getRequestHeaders().getFirst(RUN_ID);
    if (expectedRun != null && !expectedRun.equals(Long.toString(runId))) {
      ErrorReply.send(
          exchange,
          409,
          ErrorCode.RUN_MISMATCH,
          "run id mismatch: request expects " + expectedRun + ", this server runs " + runId);
      return;
    }
    if (claimPartition(exchange) != Claim.CLAIMED) {
      return; // answered, or waits for its attempt's registration on a worker thread
    }
    RequestScratch scratch = pool.borrow();
    if (scratch == null) {
      counters.busyRejection();
      ErrorReply.send(exchange, 503, ErrorCode.BUSY, "server busy: every pull buffer in use");
      return;
    }
    counters.pulls.increment();
    responder.sendAsync(exchange, currentValues(scratch), () -> pool.release(scratch));
  }

  /** What became of a pull's claim. */
  private enum Claim {
    /** Claimed, or nothing to claim: answer the pull. */
    CLAIMED,
    /** Answered with an error. */
    ANSWERED,
    /** Handed to a worker thread to wait for the attempt's registration. */
    DISPATCHED
  }

  /** Claims the partition the pull names, if any. */
  private Claim claimPartition(HttpServerExchange exchange) {
    try {
      PullIdentity identity = PullIdentity.fromQuery(exchange.getQueryParameters());
      if (identity == null) {
        return Claim.CLAIMED;
      }
      if (launched != null && !launched.isLaunched(identity.workerId(), identity.taskAttemptId())) {
        if (exchange.isInIoThread()) {
          exchange.dispatch(this);
          return Claim.DISPATCHED;
        }
        if (!launched.await(
            identity.workerId(), identity.taskAttemptId(), registrationWaitMillis)) {
          throw PushProcessor.unknownAttempt(identity.workerId(), identity.taskAttemptId());
        }
      }
      ownership.claim(identity.workerId(), identity.taskAttemptId());
      return Claim.CLAIMED;
    } catch (FrameRejectedException e) {
      if (e.code() == ErrorCode.SUPERSEDED) {
        counters.pullsSuperseded.increment();
      }
      LOG.info(
          "pull from {} refused ({}): {}", exchange.getSourceAddress(), e.status(), e.getMessage());
      ErrorReply.send(exchange, e.status(), e.code(), e.getMessage());
      return Claim.ANSWERED;
    }
  }

  private ByteBuffer currentValues(RequestScratch scratch) {
    ReplyFrame reply = new ReplyFrame(scratch.reply(), specs, payloadOffsets);
    long version = store.read(reply);
    return reply.finish(
        new FrameHeader(
            (short) 0, runId, FrameFormat.SERVER_WORKER_ID, 0, 0, version, specs.size()));
  }
}
