package io.tensoronspark.tps.server;

import io.tensoronspark.tps.protocol.ErrorCode;
import io.tensoronspark.tps.wire.FrameFormat;
import io.tensoronspark.tps.wire.FrameRejectedException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Which Spark task attempt owns each partition (worker id): the newest attempt seen wins. Spark's
 * task attempt ids are unique within an application and increase, so a speculative copy or a re-run
 * of a partition always has a larger id than the attempt it replaces, and a larger id than the
 * owner's simply takes over; a smaller one is superseded.
 *
 * <p>Atomic with the merge: {@link #hold} returns holding the read side of the partition's stripe
 * lock, and the caller merges before closing the hold. A claim (the owner changes) takes the write
 * side, so it waits for merges already admitted on that stripe and no push of the old owner is
 * admitted after it: once a newer attempt has claimed, no older attempt's push merges. Pushes of
 * the current owner only share the read side, so they (and pushes of other partitions) run in
 * parallel; claims are rare (once per attempt).
 *
 * <p>Memory: one long per worker id ever seen, in pages of {@value #PAGE_SIZE} allocated on first
 * use; worker ids are bounded by {@link FrameFormat#MAX_WORKER_ID} (the caller checks), so at most
 * 8 MiB. No worker id is exempt.
 *
 * <p>Thread-safe. Lock order: a stripe lock is taken before the store's locks, never while holding
 * them.
 */
public final class AttemptOwnership {

  /** Stripe locks: partitions sharing a stripe wait for each other's claims only. */
  public static final int STRIPES = 64;

  static final int PAGE_SIZE = 1024;
  private static final int PAGE_BITS = Integer.numberOfTrailingZeros(PAGE_SIZE);
  private static final long NO_OWNER = Long.MIN_VALUE;

  /**
   * An admitted push's hold on its partition: close it after the merge. Not thread-safe; close
   * once.
   */
  @FunctionalInterface
  public interface Hold extends AutoCloseable {
    @Override
    void close();
  }

  private final ReentrantReadWriteLock[] stripes = new ReentrantReadWriteLock[STRIPES];
  // Page p holds the owners of worker ids [p * PAGE_SIZE, (p + 1) * PAGE_SIZE). An element is
  // written under its
  // stripe's write lock and read under its stripe's read or write lock; pages are published through
  // the array.
  private final AtomicReferenceArray<long[]> pages =
      new AtomicReferenceArray<>((FrameFormat.MAX_WORKER_ID >> PAGE_BITS) + 1);

  /** An empty table: no partition has an owner. */
  public AttemptOwnership() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantReadWriteLock();
    }
  }

  /**
   * Admits a push of {@code attempt} to partition {@code workerId}, claiming the partition when
   * {@code attempt} is newer than its owner, and returns holding it: no newer attempt can claim the
   * partition until the hold is closed.
   *
   * @param workerId 0 .. {@link FrameFormat#MAX_WORKER_ID}; the caller has checked it (anything
   *     else is an {@link IllegalArgumentException})
   * @throws FrameRejectedException 409 {@value ErrorCode#SUPERSEDED} when a newer attempt owns the
   *     partition; then nothing is held
   */
  public Hold hold(int workerId, long attempt) throws FrameRejectedException {
    checkWorkerId(workerId);
    ReentrantReadWriteLock lock = stripes[workerId % STRIPES];
    lock.readLock().lock();
    if (ownerOf(workerId) == attempt) {
      return lock.readLock()::unlock;
    }
    lock.readLock().unlock();
    lock.writeLock().lock();
    try {
      claimUnderWriteLock(workerId, attempt);
      lock.readLock()
          .lock(); // downgrade: no other claim can come between the claim and the caller's merge
    } finally {
      lock.writeLock().unlock();
    }
    return lock.readLock()::unlock;
  }

  /**
   * Claims partition {@code workerId} for {@code attempt} without holding it (a pull: nothing to
   * merge).
   *
   * @throws FrameRejectedException 409 {@value ErrorCode#SUPERSEDED} when a newer attempt owns the
   *     partition
   */
  public void claim(int workerId, long attempt) throws FrameRejectedException {
    hold(workerId, attempt).close();
  }

  /**
   * The attempt owning {@code workerId}, or {@link Long#MIN_VALUE} when none has pushed or pulled
   * with identity.
   */
  public long owner(int workerId) {
    checkWorkerId(workerId);
    ReentrantReadWriteLock lock = stripes[workerId % STRIPES];
    lock.readLock().lock();
    try {
      return ownerOf(workerId);
    } finally {
      lock.readLock().unlock();
    }
  }

  private static void checkWorkerId(int workerId) {
    if (workerId < 0 || workerId > FrameFormat.MAX_WORKER_ID) {
      throw new IllegalArgumentException(
          "workerId must be in 0.." + FrameFormat.MAX_WORKER_ID + " here, got " + workerId);
    }
  }

  private void claimUnderWriteLock(int workerId, long attempt) throws FrameRejectedException {
    long owner = ownerOf(workerId);
    if (owner != NO_OWNER && attempt < owner) {
      throw new FrameRejectedException(
          FrameRejectedException.CONFLICT,
          ErrorCode.SUPERSEDED,
          "superseded: partition "
              + workerId
              + " is owned by attempt "
              + owner
              + ", this is attempt "
              + attempt);
    }
    if (attempt != owner) {
      page(workerId)[workerId & (PAGE_SIZE - 1)] = attempt;
    }
  }

  private long ownerOf(int workerId) {
    long[] page = pages.get(workerId >> PAGE_BITS);
    return page == null ? NO_OWNER : page[workerId & (PAGE_SIZE - 1)];
  }

  private long[] page(int workerId) {
    int index = workerId >> PAGE_BITS;
    long[] page = pages.get(index);
    if (page == null) {
      long[] fresh = new long[PAGE_SIZE];
      Arrays.fill(fresh, NO_OWNER);
      page = pages.compareAndSet(index, null, fresh) ? fresh : pages.get(index);
    }
    return page;
  }
}
