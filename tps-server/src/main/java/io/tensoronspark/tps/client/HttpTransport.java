package io.tensoronspark.tps.client;

import io.tensoronspark.tps.wire.ReceiveProgress;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Sends one HTTP/1.1 request to the TPS and returns its answer. One attempt, no retries (see {@link
 * RetryingCaller}). Implementations bound every wait by the configured timeouts and throw {@link
 * IOException} for I/O failures and timeouts. Used by one thread at a time; {@link #close} releases
 * connections and is idempotent.
 */
public interface HttpTransport extends AutoCloseable {

  /**
   * Sends a request.
   *
   * @param method "GET" or "POST"
   * @param path e.g. "/v1/push"
   * @param body the request body from its position to its limit, or null for none
   * @param progress told as the response body arrives (transports may tell it nothing)
   * @return the answer; its body is valid until the next call
   */
  HttpReply send(String method, String path, ByteBuffer body, ReceiveProgress progress)
      throws IOException, InterruptedException;

  @Override
  void close();
}
