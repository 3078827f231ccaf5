package io.tensoronspark.examples;

import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;

/**
 * A decorator tests put on a training RDD ({@code rows.mapPartitionsWithIndex(faults, true)}) to
 * make chosen task attempts fail or straggle on purpose, exercising Spark's task retries and
 * speculative execution against the TPS without any knob in the session. The trainer reads rows
 * lazily when it does not shuffle, so a fault after N rows strikes in the middle of training, after
 * the pushes of the steps before. Immutable and serializable (it runs on the executors).
 */
final class FaultyPartitions implements Function2<Integer, Iterator<Object[]>, Iterator<Object[]>> {

  private static final long serialVersionUID = 1L;

  private final int partition;
  private final long failAfterRows;
  private final int faultyAttempts;
  private final long delayMillisPerRow;

  private FaultyPartitions(
      int partition, long failAfterRows, int faultyAttempts, long delayMillisPerRow) {
    this.partition = partition;
    this.failAfterRows = failAfterRows;
    this.faultyAttempts = faultyAttempts;
    this.delayMillisPerRow = delayMillisPerRow;
  }

  /**
   * The first {@code failingAttempts} attempts of {@code partition} fail with an {@link
   * InjectedFault} when they ask for the row after the first {@code rows}.
   */
  static FaultyPartitions failAfterRows(int partition, long rows, int failingAttempts) {
    return new FaultyPartitions(partition, rows, failingAttempts, 0);
  }

  /** The first attempt of {@code partition} waits {@code delayMillisPerRow} before each row. */
  static FaultyPartitions slowFirstAttempt(int partition, long delayMillisPerRow) {
    return new FaultyPartitions(partition, -1, 1, delayMillisPerRow);
  }

  @Override
  public Iterator<Object[]> call(Integer index, Iterator<Object[]> rows) {
    TaskContext task = TaskContext.get();
    int attempt = task == null ? 0 : task.attemptNumber();
    if (index != partition || attempt >= faultyAttempts) {
      return rows;
    }
    return new Iterator<>() {
      private long served;

      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Object[] next() {
        if (!rows.hasNext()) {
          throw new NoSuchElementException();
        }
        if (served == failAfterRows) {
          throw new InjectedFault(
              "injected fault: partition "
                  + index
                  + ", attempt "
                  + attempt
                  + ", after "
                  + served
                  + " rows");
        }
        if (delayMillisPerRow > 0) {
          pause();
        }
        served++;
        return rows.next();
      }
    };
  }

  private void pause() {
    try {
      Thread.sleep(delayMillisPerRow); // a straggler on purpose, not a wait for something
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InjectedFault("interrupted while straggling on purpose");
    }
  }

  /** The failure an injected fault throws. */
  static final class InjectedFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedFault(String message) {
      super(message);
    }
  }
}
