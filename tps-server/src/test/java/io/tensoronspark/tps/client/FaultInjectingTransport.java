package io.tensoronspark.tps.client;

import io.tensoronspark.tps.wire.ReceiveProgress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;

/**
 * Fault injection as a decorator of an {@link HttpTransport}, installed by tests (see {@code
 * io.tensoronspark.tps.ClientFaults}): drops a share of requests before they are sent, and a share
 * of replies after the server answered and the reply was read. Either way the attempt fails with an
 * {@link IOException}, as a lost connection would, so {@link RetryingCaller} retries it with its
 * normal backoff and attempt budget; after a dropped reply the retry repeats a request the server
 * already acted on. The decisions come from a seeded {@link Random}, so the same calls see the same
 * faults.
 *
 * <p>Used by one thread (like the transport it wraps); owns the wrapped transport and closes it in
 * {@link #close}.
 */
public final class FaultInjectingTransport implements HttpTransport {

  private final HttpTransport delegate;
  private final double dropRequestShare;
  private final double dropReplyShare;
  private final Random random;
  private long requestsDropped;
  private long repliesDropped;

  /**
   * Wraps {@code delegate} (taking ownership).
   *
   * @param dropRequestShare share of requests dropped before sending, in [0, 1)
   * @param dropReplyShare share of replies read and dropped, in [0, 1)
   * @param seed the seed of the drop decisions
   */
  public FaultInjectingTransport(
      HttpTransport delegate, double dropRequestShare, double dropReplyShare, long seed) {
    this.delegate = delegate;
    this.dropRequestShare = share(dropRequestShare, "dropRequestShare");
    this.dropReplyShare = share(dropReplyShare, "dropReplyShare");
    this.random = new Random(seed);
  }

  /** Checks a share: in [0, 1) (1 would never get through). */
  public static double share(double value, String name) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(
          name
              + " must be in [0, 1) (a share of requests; 1 would never get through), got "
              + value);
    }
    return value;
  }

  @Override
  public HttpReply send(String method, String path, ByteBuffer body, ReceiveProgress progress)
      throws IOException, InterruptedException {
    if (random.nextDouble() < dropRequestShare) {
      requestsDropped++;
      throw new IOException(
          "injected fault: "
              + method
              + " "
              + path
              + " dropped before sending (dropRequestShare "
              + dropRequestShare
              + ")");
    }
    HttpReply reply = delegate.send(method, path, body, progress);
    if (random.nextDouble() < dropReplyShare) {
      repliesDropped++;
      throw new IOException(
          "injected fault: the "
              + reply.status()
              + " reply to "
              + method
              + " "
              + path
              + " was read and dropped"
              + " (dropReplyShare "
              + dropReplyShare
              + ")");
    }
    return reply;
  }

  /** Requests dropped before sending so far. */
  public long requestsDropped() {
    return requestsDropped;
  }

  /** Replies read and dropped so far (each after the server handled its request). */
  public long repliesDropped() {
    return repliesDropped;
  }

  @Override
  public void close() {
    delegate.close();
  }
}
