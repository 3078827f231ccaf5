package io.tensoronspark.tps;

import io.tensoronspark.tps.client.ChannelHttpTransport;
import io.tensoronspark.tps.client.HttpReply;
import io.tensoronspark.tps.client.HttpTransport;
import io.tensoronspark.tps.client.JdkHttpTransport;
import io.tensoronspark.tps.client.PushFrameEncoder;
import io.tensoronspark.tps.client.RetryingCaller;
import io.tensoronspark.tps.client.TrustStoreContext;
import io.tensoronspark.tps.config.ClientTransport;
import io.tensoronspark.tps.config.TpsClientConfig;
import io.tensoronspark.tps.protocol.HttpProtocol;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import io.tensoronspark.tps.protocol.PushHeader;
import io.tensoronspark.tps.protocol.StalePushException;
import io.tensoronspark.tps.protocol.SupersededAttemptException;
import io.tensoronspark.tps.protocol.TpsException;
import io.tensoronspark.tps.wire.DenseFrameDecoder;
import io.tensoronspark.tps.wire.FrameFormat;
import io.tensoronspark.tps.wire.FrameHeader;
import io.tensoronspark.tps.wire.FrameReader;
import io.tensoronspark.tps.wire.FrameRejectedException;
import java.util.List;

/**
 * The worker's side of the TPS: pulls values and pushes payloads, one HTTP round trip per call,
 * with retries (see {@link TpsClientConfig}). One per Spark task.
 *
 * <p>Transport: plain http goes through {@link ChannelHttpTransport} (a lean keep-alive HTTP/1.1
 * client on a socket channel, measured faster than the JDK client for multi-MB frames); https
 * through the JDK {@code HttpClient} with the trust store from the config. Tests may wrap the
 * transport through {@link ClientTestSeam} (to drop requests or replies on purpose).
 *
 * <p>Threads: NOT thread-safe; use it from one thread (the task's). It owns its connection and its
 * encode buffer (and, under {@link PayloadEncoding#TOP_K}, the error-feedback residuals); {@link
 * #close} releases them and is idempotent. Output arrays are caller-owned; their contents are
 * unspecified after an exception.
 */
public final class TpsClient implements AutoCloseable {

  private final TpsClientConfig config;
  private final List<ParameterSpec> specs;
  private final HttpTransport transport;
  private final RetryingCaller caller;
  private final FrameReader reader;
  private final PushFrameEncoder encoder;
  private final DenseFrameDecoder replyDecoder;
  private short lastReplyFlags;
  private boolean closed;

  /**
   * A client for the server in {@code config}, serving {@code params} (the same list, in the same
   * order).
   */
  public TpsClient(TpsClientConfig config, List<ParameterSpec> params) {
    this.config = config;
    this.specs = List.copyOf(params);
    boolean plain =
        "http".equals(config.endpoint().getScheme())
            && config.transport() == ClientTransport.CHANNEL;
    HttpTransport http =
        plain
            ? new ChannelHttpTransport(config)
            : new JdkHttpTransport(config, TrustStoreContext.forConfig(config));
    this.transport = ClientTestSeam.decorate(http);
    this.caller = new RetryingCaller(config, transport);
    this.reader = new FrameReader(specs, false);
    this.replyDecoder = new DenseFrameDecoder(specs, false);
    this.encoder = new PushFrameEncoder(specs, config.encoding(), config.topKFraction(), plain);
  }

  /**
   * Fills {@code out[i]} with the server's values of parameter i.
   *
   * @return the server's version of those values (the base version of the next push)
   * @throws TpsException when the server cannot be reached or refuses
   */
  public long pull(float[][] out) {
    return pull(HttpProtocol.PULL_PATH, out, "pulling");
  }

  /**
   * Pulls as task attempt {@code taskAttemptId} of partition {@code workerId}: like {@link
   * #pull(float[][])}, and the attempt claims the partition, so that older attempts of it are
   * refused from now on (see {@link TpsServer}). A task pulls this way when it starts, so a
   * speculative copy takes over at once.
   *
   * @param workerId the partition, 0 .. {@link PushHeader#MAX_WORKER_ID}
   * @return the server's version of those values
   * @throws SupersededAttemptException when a newer attempt of the partition owns it: this attempt
   *     should stop
   * @throws TpsException when the server cannot be reached or refuses
   */
  public long pull(int workerId, long taskAttemptId, float[][] out) {
    PushHeader.checkWorkerId(workerId);
    String path =
        HttpProtocol.PULL_PATH
            + "?"
            + HttpProtocol.PULL_WORKER_PARAM
            + "="
            + workerId
            + "&"
            + HttpProtocol.PULL_ATTEMPT_PARAM
            + "="
            + taskAttemptId;
    return pull(path, out, "pulling as attempt " + taskAttemptId + " of partition " + workerId);
  }

  private long pull(String path, float[][] out, String operation) {
    checkArrays(out, "out");
    replyDecoder.reset(out);
    HttpReply reply = caller.call("GET", path, null, replyDecoder, () -> operation);
    return decodeReply(reply, out, operation);
  }

  /**
   * Pushes one payload per parameter and receives the merged values, in one round trip. A retried
   * request carries the same (attempt, sequence), so the server applies it once.
   *
   * @param payloads one finite payload per parameter, exactly its size (read only; TOP_K keeps a
   *     residual of its own); the server refuses NaN and infinities with a 400 naming the parameter
   *     and element
   * @param mergedOut receives the server's values after the merge
   * @return the server's version after the merge
   * @throws StalePushException when the server refused the push as too stale: pull and recompute.
   *     Under TOP_K the refused push is dropped whole: its unsent leftover is taken out of the
   *     error-feedback residual as well (which returns to what it was before this push), because
   *     the recomputed update already carries that information from fresh values and re-sending it
   *     later would bring back the staleness the policy refused
   * @throws SupersededAttemptException when a newer attempt of the partition owns it: this attempt
   *     should stop
   * @throws TpsException when the server cannot be reached or refuses
   */
  public long pushAndPull(PushHeader header, float[][] payloads, float[][] mergedOut) {
    checkArrays(payloads, "payloads");
    checkArrays(mergedOut, "mergedOut");
    FrameHeader frameHeader =
        new FrameHeader(
            (short) 0,
            config.runId(),
            header.workerId(),
            header.taskAttemptId(),
            header.sequence(),
            header.baseVersion(),
            specs.size(),
            header.progress());
    String operation = "pushing seq " + header.sequence() + " of attempt " + header.taskAttemptId();
    replyDecoder.reset(mergedOut);
    HttpReply reply;
    try {
      reply =
          caller.call(
              "POST",
              HttpProtocol.PUSH_PATH,
              encoder.encode(frameHeader, payloads),
              replyDecoder,
              () -> operation);
    } catch (StalePushException e) {
      encoder.discardLast();
      throw e;
    }
    return decodeReply(reply, mergedOut, operation);
  }

  /** Whether the last push was answered as a duplicate (already applied by an earlier request). */
  public boolean lastPushWasDuplicate() {
    return (lastReplyFlags & FrameFormat.FLAG_DUPLICATE) != 0;
  }

  /** Whether the last push was merged scaled down for staleness. */
  public boolean lastPushWasScaled() {
    return (lastReplyFlags & FrameFormat.FLAG_STALENESS_SCALED) != 0;
  }

  private long decodeReply(HttpReply reply, float[][] out, String operation) {
    try {
      FrameHeader header = reader.readHeader(reply.body());
      if (header.runId() != config.runId()) {
        throw new TpsException(
            "TPS at "
                + config.endpoint()
                + " answered "
                + operation
                + " for run "
                + header.runId()
                + ", expected "
                + config.runId(),
            TpsException.NO_STATUS);
      }
      if (!replyDecoder.isComplete(reply.body().remaining())) {
        reader.readParameters(reply.body(), out);
      }
      lastReplyFlags = header.flags();
      return header.baseVersion();
    } catch (FrameRejectedException e) {
      throw new TpsException(
          "TPS at "
              + config.endpoint()
              + " sent a malformed reply "
              + operation
              + ": "
              + e.getMessage(),
          TpsException.NO_STATUS);
    }
  }

  private void checkArrays(float[][] arrays, String name) {
    if (closed) {
      throw new IllegalStateException("TpsClient for " + config.endpoint() + " is closed");
    }
    if (arrays.length != specs.size()) {
      throw new IllegalArgumentException(
          name + " has " + arrays.length + " arrays, expected one per parameter: " + specs.size());
    }
    for (int i = 0; i < arrays.length; i++) {
      if (arrays[i] == null || arrays[i].length != specs.get(i).size()) {
        throw new IllegalArgumentException(
            name
                + "["
                + i
                + "] for parameter "
                + specs.get(i)
                + " must have "
                + specs.get(i).size()
                + " elements, got "
                + (arrays[i] == null ? "null" : arrays[i].length));
      }
    }
  }

  /** Releases the connection. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      transport.close();
    }
  }
}
