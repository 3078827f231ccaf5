package io.tensoronspark.tps.protocol;

/**
 * What the server does with a push whose staleness s (server version minus the push's base version)
 * exceeds {@code maxStaleness}. The server never waits for other workers in either case.
 */
public enum StalenessPolicy {
  /**
   * Answer 409 with code "stale" and merge nothing; the client throws {@link StalePushException}
   * and its caller re-pulls before pushing again.
   */
  REJECT,
  /** Merge the payload multiplied by {@code maxStaleness / s}. */
  SCALE
}
