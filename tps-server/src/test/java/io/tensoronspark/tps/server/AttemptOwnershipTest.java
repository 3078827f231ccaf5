package io.tensoronspark.tps.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.protocol.ErrorCode;
import io.tensoronspark.tps.wire.FrameFormat;
import io.tensoronspark.tps.wire.FrameRejectedException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class AttemptOwnershipTest {

  @Test
  void theNewestAttemptOwnsEachPartition() throws Exception {
    AttemptOwnership ownership = new AttemptOwnership();
    assertEquals(Long.MIN_VALUE, ownership.owner(7));
    ownership.claim(7, 10);
    ownership.claim(7, 10);
    assertEquals(10, ownership.owner(7));
    ownership.hold(7, 12).close();
    assertEquals(12, ownership.owner(7));
    FrameRejectedException e =
        assertThrows(FrameRejectedException.class, () -> ownership.hold(7, 10));
    assertEquals(409, e.status());
    assertEquals(ErrorCode.SUPERSEDED, e.code());
    assertEquals(
        "superseded: partition 7 is owned by attempt 12, this is attempt 10", e.getMessage());
    ownership.claim(7 + AttemptOwnership.STRIPES, 1);
    ownership.claim(FrameFormat.MAX_WORKER_ID, 3);
    assertEquals(1, ownership.owner(7 + AttemptOwnership.STRIPES), "same stripe, own owner");
    assertEquals(3, ownership.owner(FrameFormat.MAX_WORKER_ID));
    assertEquals(12, ownership.owner(7));
    assertThrows(IllegalArgumentException.class, () -> ownership.hold(-1, 1));
    assertThrows(
        IllegalArgumentException.class, () -> ownership.claim(FrameFormat.MAX_WORKER_ID + 1, 1));
    assertThrows(IllegalArgumentException.class, () -> ownership.claim(-2, 1));
  }

  /**
   * The property the merge relies on: a claim waits until the admitted pushes of the old owner are
   * done.
   */
  @Test
  void aClaimWaitsForTheOldOwnersHoldAndThenSupersedesIt() throws Exception {
    AttemptOwnership ownership = new AttemptOwnership();
    AttemptOwnership.Hold olderMerging = ownership.hold(3, 10);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch claimed = new CountDownLatch(1);
      Future<?> newer =
          pool.submit(
              () -> {
                try (AttemptOwnership.Hold hold = ownership.hold(3, 20)) {
                  claimed.countDown();
                }
                return null;
              });
      assertFalse(
          claimed.await(200, TimeUnit.MILLISECONDS),
          "the claim must wait for the older attempt's merge");
      assertEquals(10, ownership.owner(3));
      olderMerging.close();
      assertTrue(claimed.await(10, TimeUnit.SECONDS));
      newer.get(10, TimeUnit.SECONDS);
      assertEquals(20, ownership.owner(3));
      assertThrows(FrameRejectedException.class, () -> ownership.hold(3, 10));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void ownersOfOnePartitionPushConcurrently() throws Exception {
    AttemptOwnership ownership = new AttemptOwnership();
    ownership.claim(5, 10);
    ownership.claim(5 + AttemptOwnership.STRIPES, 1);
    // Owners re-admitted take the stripe's shared side only: one thread can hold all three at once.
    try (AttemptOwnership.Hold first = ownership.hold(5, 10);
        AttemptOwnership.Hold second = ownership.hold(5, 10);
        AttemptOwnership.Hold other = ownership.hold(5 + AttemptOwnership.STRIPES, 1)) {
      assertEquals(10, ownership.owner(5));
      assertEquals(1, ownership.owner(5 + AttemptOwnership.STRIPES));
    }
  }
}
