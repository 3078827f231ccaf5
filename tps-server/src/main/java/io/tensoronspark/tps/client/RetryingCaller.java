package io.tensoronspark.tps.client;

import io.tensoronspark.tps.config.TpsClientConfig;
import io.tensoronspark.tps.protocol.ErrorCode;
import io.tensoronspark.tps.protocol.StalePushException;
import io.tensoronspark.tps.protocol.SupersededAttemptException;
import io.tensoronspark.tps.protocol.TpsException;
import io.tensoronspark.tps.wire.ReceiveProgress;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a request through an {@link HttpTransport} with retries: I/O errors, timeouts and 503 are
 * retried up to {@code maxAttempts} with exponential backoff and jitter (a 503's Retry-After is
 * honoured, capped by the maximum backoff); 4xx and other statuses are not. Failures become a
 * {@link TpsException} naming the endpoint, the operation, the attempts and the last cause; a stale
 * push becomes a {@link StalePushException}, a superseded attempt a {@link
 * SupersededAttemptException}. Used by one thread at a time (like its transport).
 */
public final class RetryingCaller {

  private static final Logger LOG = LoggerFactory.getLogger(RetryingCaller.class);
  private static final int SERVICE_UNAVAILABLE = 503;

  private final URI endpoint;
  private final int maxAttempts;
  private final long initialBackoffMillis;
  private final long maxBackoffMillis;
  private final HttpTransport transport;

  /**
   * A caller with {@code config}'s retry settings over {@code transport} (not owned: the caller
   * closes it).
   */
  public RetryingCaller(TpsClientConfig config, HttpTransport transport) {
    this.endpoint = config.endpoint();
    this.maxAttempts = config.maxAttempts();
    this.initialBackoffMillis = config.initialBackoffMillis();
    this.maxBackoffMillis = config.maxBackoffMillis();
    this.transport = transport;
  }

  /**
   * Sends until an attempt gets a 200 and returns it.
   *
   * @param body the request body (not consumed: each attempt sends a duplicate), or null
   * @param progress told as a 200's body arrives, and {@link ReceiveProgress#restart restarted}
   *     before each attempt
   * @param operation describes the call for messages, e.g. "pushing seq 7"
   * @throws TpsException when every attempt failed or the server refused the request
   */
  public HttpReply call(
      String method,
      String path,
      ByteBuffer body,
      ReceiveProgress progress,
      Supplier<String> operation) {
    String lastCause = "";
    Exception lastException = null;
    int lastStatus = TpsException.NO_STATUS;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      long retryAfterMillis = -1;
      progress.restart();
      try {
        HttpReply reply =
            transport.send(method, path, body == null ? null : body.duplicate(), progress);
        if (reply.status() == 200) {
          return reply;
        }
        if (reply.status() != SERVICE_UNAVAILABLE) {
          throw refused(reply, operation.get(), attempt);
        }
        lastStatus = SERVICE_UNAVAILABLE;
        lastCause = "503 " + reply.reasonLine();
        lastException = null;
        retryAfterMillis = reply.retryAfterSeconds() >= 0 ? reply.retryAfterSeconds() * 1000 : -1;
      } catch (IOException e) {
        lastStatus = TpsException.NO_STATUS;
        lastCause = describe(e);
        lastException = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TpsException(
            "interrupted while " + operation.get() + " at TPS " + endpoint,
            TpsException.NO_STATUS,
            e);
      }
      if (attempt < maxAttempts) {
        LOG.debug(
            "TPS at {}: attempt {} of {} failed {}: {}",
            endpoint,
            attempt,
            maxAttempts,
            operation.get(),
            lastCause);
        backoff(attempt, retryAfterMillis, operation);
      }
    }
    String what = lastStatus == SERVICE_UNAVAILABLE ? " busy" : " unreachable";
    throw new TpsException(
        "TPS at "
            + endpoint
            + what
            + " after "
            + maxAttempts
            + " attempts "
            + operation.get()
            + ": "
            + lastCause,
        lastStatus,
        lastException);
  }

  private TpsException refused(HttpReply reply, String operation, int attempt) {
    String message =
        "TPS at "
            + endpoint
            + " refused "
            + operation
            + " (attempt "
            + attempt
            + ") with "
            + reply.status()
            + ": "
            + reply.reasonLine();
    if (reply.status() == StalePushException.STATUS && ErrorCode.STALE.is(reply.errorCode())) {
      return new StalePushException(message);
    }
    if (reply.status() == SupersededAttemptException.STATUS
        && ErrorCode.SUPERSEDED.is(reply.errorCode())) {
      return new SupersededAttemptException(message);
    }
    return new TpsException(message, reply.status());
  }

  private void backoff(int attempt, long retryAfterMillis, Supplier<String> operation) {
    long exponential =
        Math.min(maxBackoffMillis, initialBackoffMillis << Math.min(attempt - 1, 30));
    long jittered = exponential / 2 + ThreadLocalRandom.current().nextLong(exponential / 2 + 1);
    long delay = Math.min(maxBackoffMillis, Math.max(jittered, retryAfterMillis));
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TpsException(
          "interrupted while backing off " + operation.get() + " at TPS " + endpoint,
          TpsException.NO_STATUS,
          e);
    }
  }

  /**
   * The exception's class and message, followed by its causes' (the JDK client often hides the
   * reason there).
   */
  static String describe(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null && text.length() < 300; t = t.getCause()) {
      if (t != e) {
        text.append(" caused by ");
      }
      text.append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        text.append(": ").append(t.getMessage());
      }
    }
    return text.toString();
  }
}
