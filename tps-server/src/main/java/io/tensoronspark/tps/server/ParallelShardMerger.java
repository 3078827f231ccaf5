package io.tensoronspark.tps.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Merges the shards of a large push on several threads: pushes of at least {@code minFloats} floats
 * over more than one shard hand shards to up to {@code threads - 1} helper threads, while the
 * request thread takes shards too; smaller pushes run sequentially on the request thread. The
 * request thread waits for the shards, not for the helpers: if the pool is busy, it simply does the
 * work itself, so a saturated pool costs parallelism, never progress. Owns its daemon pool; {@link
 * #close} stops it. Thread-safe.
 */
final class ParallelShardMerger implements ShardMerger {

  private static final long CLOSE_WAIT_SECONDS = 10;

  private final int helpers;
  private final long minFloats;
  private final ExecutorService pool;

  ParallelShardMerger(int threads, long minFloats) {
    this.helpers = Math.max(0, threads - 1);
    this.minFloats = minFloats;
    AtomicInteger n = new AtomicInteger();
    this.pool =
        helpers == 0
            ? null
            : Executors.newFixedThreadPool(
                helpers,
                r -> {
                  Thread t = new Thread(r, "tps-merge-" + n.incrementAndGet());
                  t.setDaemon(true);
                  return t;
                });
  }

  @Override
  public void mergeAll(Shard[][] shards, Consumer<Shard> mergeOne) {
    List<Shard> all = new ArrayList<>();
    long floats = 0;
    for (Shard[] param : shards) {
      for (Shard shard : param) {
        all.add(shard);
        floats += shard.length();
      }
    }
    if (pool == null || all.size() < 2 || floats < minFloats) {
      all.forEach(mergeOne);
      return;
    }
    AtomicInteger next = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(all.size());
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Runnable worker = () -> takeShards(all, next, done, failure, mergeOne);
    for (int h = Math.min(helpers, all.size() - 1); h > 0; h--) {
      try {
        pool.execute(worker);
      } catch (RejectedExecutionException e) {
        break;
      }
    }
    worker.run();
    awaitUninterruptibly(done);
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  private static void takeShards(
      List<Shard> all,
      AtomicInteger next,
      CountDownLatch done,
      AtomicReference<RuntimeException> failure,
      Consumer<Shard> mergeOne) {
    for (int i = next.getAndIncrement(); i < all.size(); i = next.getAndIncrement()) {
      try {
        mergeOne.accept(all.get(i));
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
      } finally {
        done.countDown();
      }
    }
  }

  /** Waits for shards other threads took; they are CPU-bound merges that always finish. */
  private static void awaitUninterruptibly(CountDownLatch done) {
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdown();
      try {
        pool.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
