package io.tensoronspark.tps.server;

import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * When a request body must have arrived, three limits in one: no byte for {@code stallMillis}; a
 * minimum receive rate, as a budget of {@code stallMillis} plus one second per {@code
 * minBytesPerSecond} bytes received; and a deadline for the whole body. A client trickling bytes
 * (one per second holds a stall timeout off forever) runs out of the rate budget; a body of any
 * rate runs out of the deadline. Immutable; thread-safe.
 *
 * @param stallMillis the longest pause between two reads, > 0
 * @param deadlineMillis the longest a whole body may take, > 0
 * @param minBytesPerSecond the slowest average rate allowed after the first {@code stallMillis}, >
 *     0
 */
record BodyTimeouts(long stallMillis, long deadlineMillis, long minBytesPerSecond) {

  /** The time ({@link System#nanoTime} scale) at which a body read with this progress fails. */
  long expiresAtNanos(long startNanos, long lastProgressNanos, long received) {
    long stallNanos = TimeUnit.MILLISECONDS.toNanos(stallMillis);
    long stall = lastProgressNanos + stallNanos;
    long deadline = startNanos + TimeUnit.MILLISECONDS.toNanos(deadlineMillis);
    double earnedNanos = received * 1e9 / minBytesPerSecond;
    long rate =
        earnedNanos >= Long.MAX_VALUE / 2
            ? Long.MAX_VALUE
            : startNanos + stallNanos + (long) earnedNanos;
    return Math.min(stall, Math.min(deadline, rate));
  }

  /** The failure of a body that expired at {@code nowNanos}, naming the limit it ran into. */
  SocketTimeoutException expired(
      long nowNanos, long startNanos, long lastProgressNanos, long received, String expected) {
    long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(nowNanos - startNanos);
    String limit;
    if (nowNanos - lastProgressNanos >= TimeUnit.MILLISECONDS.toNanos(stallMillis)) {
      limit = "no request body bytes for " + stallMillis + " ms";
    } else if (elapsedMillis >= deadlineMillis) {
      limit = "request body not complete within the deadline of " + deadlineMillis + " ms";
    } else {
      limit = "request body slower than the minimum of " + minBytesPerSecond + " bytes/s";
    }
    return new SocketTimeoutException(
        limit + ": " + received + " of " + expected + " bytes arrived in " + elapsedMillis + " ms");
  }
}
