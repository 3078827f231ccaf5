package io.tensoronspark.session.spec;

import java.io.Serializable;

/**
 * A test knob that makes chosen task attempts fail on purpose, to exercise Spark's task retries against the TPS.
 * Immutable and serializable. {@link #none()} (the default) never fails anything.
 */
public final class FaultInjection implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final FaultInjection NONE = new FaultInjection(-1, -1, 0);

  private final int partition;
  private final long afterStep;
  private final int failingAttempts;

  private FaultInjection(int partition, long afterStep, int failingAttempts) {
    this.partition = partition;
    this.afterStep = afterStep;
    this.failingAttempts = failingAttempts;
  }

  /** Injects nothing. */
  public static FaultInjection none() {
    return NONE;
  }

  /**
   * Fails the first {@code failingAttempts} attempts of {@code partition} right after training step {@code
   * afterStep} (1-based) with an {@link InjectedFaultException}.
   */
  public static FaultInjection failTask(int partition, long afterStep, int failingAttempts) {
    if (partition < 0 || afterStep < 1 || failingAttempts < 1) {
      throw new IllegalArgumentException(
          "expected partition >= 0, afterStep >= 1, failingAttempts >= 1; got "
              + partition + ", " + afterStep + ", " + failingAttempts);
    }
    return new FaultInjection(partition, afterStep, failingAttempts);
  }

  /** Throws when this attempt of this partition is chosen to fail at this step. */
  public void maybeFail(int partitionIndex, int attemptNumber, long step) {
    if (partitionIndex == partition && step == afterStep && attemptNumber < failingAttempts) {
      throw new InjectedFaultException(
          "injected fault: partition " + partitionIndex + ", attempt " + attemptNumber + ", after step " + step);
    }
  }

  /** The exception an injected fault throws. */
  public static final class InjectedFaultException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedFaultException(String message) {
      super(message);
    }
  }
}
