package io.tensoronspark.benchmarks.scale;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Set;

/**
 * CPU time of this JVM split into the load generator's threads (the benchmark's clients) and
 * everything else, which in these runs is the TPS: its I/O, worker and merge threads. Read from
 * {@link ThreadMXBean} thread CPU clocks, so JIT compiler and GC threads (not Java threads) are not
 * counted; {@link #processNanos} gives the whole process for comparison. Thread-safe (reads only).
 */
final class CpuClock {

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  CpuClock() {
    if (!threads.isThreadCpuTimeSupported()) {
      throw new IllegalStateException("expected a JVM with thread CPU clocks, this one has none");
    }
    if (!threads.isThreadCpuTimeEnabled()) {
      threads.setThreadCpuTimeEnabled(true);
    }
  }

  /** CPU nanoseconds used so far by the live threads whose ids are in {@code clientIds}. */
  long clientNanos(Set<Long> clientIds) {
    long sum = 0;
    for (long id : clientIds) {
      sum += Math.max(0, threads.getThreadCpuTime(id));
    }
    return sum;
  }

  /**
   * CPU nanoseconds used so far by the live Java threads whose ids are not in {@code clientIds}.
   */
  long serverNanos(Set<Long> clientIds) {
    long sum = 0;
    for (long id : threads.getAllThreadIds()) {
      if (!clientIds.contains(id)) {
        sum += Math.max(0, threads.getThreadCpuTime(id));
      }
    }
    return sum;
  }

  /** CPU nanoseconds used so far by the whole process (every thread, JIT and GC included). */
  long processNanos() {
    return os.getProcessCpuTime();
  }
}
