package io.tensoronspark.session.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The epoch-end checkpoint written in the background: one at a time, awaited, failures kept. */
@Timeout(30)
class EpochCheckpointsTest {

  @Test
  void theWriteRunsOnItsOwnThreadAndAwaitWaitsForIt() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> threads = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger written = new AtomicInteger();
    EpochCheckpoints checkpoints =
        new EpochCheckpoints(
            () -> {
              threads.add(Thread.currentThread().getName());
              started.countDown();
              try {
                assertTrue(release.await(10, TimeUnit.SECONDS));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              written.incrementAndGet();
            });
    checkpoints.begin(); // returns while the write is blocked
    assertTrue(started.await(10, TimeUnit.SECONDS));
    assertEquals(0, written.get(), "begin did not wait for the write");
    release.countDown();
    checkpoints.await();
    assertEquals(1, written.get(), "await returned after the write");
    checkpoints.begin();
    checkpoints.close();
    assertEquals(2, written.get(), "close waited for the last write");
    assertNotEquals(Thread.currentThread().getName(), threads.get(0));
    checkpoints.close(); // idempotent
  }

  @Test
  void aFailedWriteIsRethrownOnceByTheNextAwaitOrBegin() {
    UncheckedIOException failure = new UncheckedIOException(new java.io.IOException("disk full"));
    AtomicInteger calls = new AtomicInteger();
    EpochCheckpoints checkpoints =
        new EpochCheckpoints(
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw failure;
              }
            });
    checkpoints.begin();
    assertSame(failure, assertThrows(UncheckedIOException.class, checkpoints::begin));
    assertEquals(1, calls.get(), "no new write after a failed one until it was reported");
    checkpoints.begin();
    checkpoints.close();
    assertEquals(2, calls.get());
    assertFalse(Thread.currentThread().isInterrupted());
  }
}
