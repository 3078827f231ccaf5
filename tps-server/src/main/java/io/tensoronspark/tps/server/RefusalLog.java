package io.tensoronspark.tps.server;

import java.util.concurrent.TimeUnit;

/**
 * Rate-limits the log lines about requests refused before authentication, which anyone who can
 * reach the port can cause: at most {@code linesPerMinute} lines a minute; the rest are counted and
 * the count is reported on the next line logged. What the client sent goes into a line only through
 * {@link LogText#escape} (see {@link BearerAuthHandler}). Thread-safe (synchronized; one short
 * section per refused request).
 */
final class RefusalLog {

  private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

  private final int linesPerMinute;
  private long windowStart = System.nanoTime();
  private int linesInWindow;
  private long notLogged;

  RefusalLog(int linesPerMinute) {
    this.linesPerMinute = linesPerMinute;
  }

  /**
   * Whether to log this refusal; when it is logged, {@link #takeNotLogged} says how many were not
   * since the last logged one.
   */
  synchronized boolean admit() {
    long now = System.nanoTime();
    if (now - windowStart >= WINDOW_NANOS) {
      windowStart = now;
      linesInWindow = 0;
    }
    if (linesInWindow >= linesPerMinute) {
      notLogged++;
      return false;
    }
    linesInWindow++;
    return true;
  }

  /** The refusals not logged since the last logged one, and resets the count. */
  synchronized long takeNotLogged() {
    long n = notLogged;
    notLogged = 0;
    return n;
  }
}
