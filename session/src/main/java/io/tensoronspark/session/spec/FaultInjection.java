package io.tensoronspark.session.spec;

import java.io.Serializable;

/**
 * A test knob that makes chosen task attempts fail or straggle on purpose, to exercise Spark's task
 * retries and speculative execution against the TPS. Immutable and serializable. {@link #none()}
 * (the default) never fails anything.
 */
public final class FaultInjection implements Serializable {

  private static final long serialVersionUID = 1L;

  private static final FaultInjection NONE = new FaultInjection(-1, -1, 0, 0);

  private final int partition;
  private final long afterStep;
  private final int failingAttempts;
  private final long delayMillisPerStep;

  private FaultInjection(
      int partition, long afterStep, int failingAttempts, long delayMillisPerStep) {
    this.partition = partition;
    this.afterStep = afterStep;
    this.failingAttempts = failingAttempts;
    this.delayMillisPerStep = delayMillisPerStep;
  }

  /** Injects nothing. */
  public static FaultInjection none() {
    return NONE;
  }

  /**
   * Fails the first {@code failingAttempts} attempts of {@code partition} right after training step
   * {@code afterStep} (1-based) with an {@link InjectedFaultException}.
   */
  public static FaultInjection failTask(int partition, long afterStep, int failingAttempts) {
    if (partition < 0 || afterStep < 1 || failingAttempts < 1) {
      throw new IllegalArgumentException(
          "expected partition >= 0, afterStep >= 1, failingAttempts >= 1; got "
              + partition
              + ", "
              + afterStep
              + ", "
              + failingAttempts);
    }
    return new FaultInjection(partition, afterStep, failingAttempts, 0);
  }

  /**
   * Makes the first attempt of {@code partition} a straggler: it waits {@code delayMillisPerStep}
   * after every step (to provoke Spark's speculative execution in tests).
   */
  public static FaultInjection slowFirstAttempt(int partition, long delayMillisPerStep) {
    if (partition < 0 || delayMillisPerStep < 1) {
      throw new IllegalArgumentException(
          "expected partition >= 0 and delayMillisPerStep >= 1; got "
              + partition
              + ", "
              + delayMillisPerStep);
    }
    return new FaultInjection(partition, -1, 1, delayMillisPerStep);
  }

  /**
   * Called after each training step: throws when this attempt of this partition is chosen to fail
   * at this step, or sleeps when it is chosen to straggle.
   */
  public void maybeFail(int partitionIndex, int attemptNumber, long step) {
    if (delayMillisPerStep > 0 && partitionIndex == partition && attemptNumber < failingAttempts) {
      try {
        Thread.sleep(delayMillisPerStep);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InjectedFaultException("interrupted while delayed by fault injection");
      }
      return;
    }
    if (partitionIndex == partition && step == afterStep && attemptNumber < failingAttempts) {
      throw new InjectedFaultException(
          "injected fault: partition "
              + partitionIndex
              + ", attempt "
              + attemptNumber
              + ", after step "
              + step);
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
