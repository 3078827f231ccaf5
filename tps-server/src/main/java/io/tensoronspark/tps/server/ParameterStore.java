package io.tensoronspark.tps.server;

import io.tensoronspark.combiners.Combiner;
import io.tensoronspark.tps.protocol.MergeRefusedException;
import io.tensoronspark.tps.protocol.ParameterSnapshot;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.wire.FiniteCheck;
import io.tensoronspark.tps.wire.FloatChunks;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;

/**
 * The server's parameter values, each split into shards of at most {@code chunkSizeFloats}, and the
 * global version (the number of merges applied).
 *
 * <p>Threads: any number of threads may call {@link #merge} and {@link #read} concurrently. Each
 * shard is touched under its own lock, so the combiner runs on one thread per shard at a time. A
 * merge is all or nothing: it locks every shard for its whole duration (the shards of one large
 * push still merge in parallel on the merger's threads), so merges of different pushes take turns.
 * A merge holds the shared side of a consistency lock while it runs and increments the version;
 * {@link #snapshot} and {@link #exclusively} take the exclusive side, so they see no push
 * half-applied. {@link #read} takes shard locks only: it may see a concurrent push applied to some
 * shards and not yet to others, and reports the version read before copying (never newer than the
 * values).
 *
 * <p>Payloads: {@link #merge} takes payloads only in the layout of {@link #newPayloadBuffers}, one
 * array per shard, so the combiner merges each shard with a payload array of its own, as long as
 * the shard and indexed from 0 (the {@link Combiner#merge} contract, and the shape C2 vectorizes).
 *
 * <p>Owns its arrays; hands out copies only.
 */
public final class ParameterStore {

  private final List<ParameterSpec> specs;
  private final Shard[][] shards;
  private final int chunkSizeFloats;
  private final Combiner combiner;
  private final AtomicLong version;
  private final ReentrantReadWriteLock consistency = new ReentrantReadWriteLock();
  private final ShardMerger merger;
  private volatile int workerCount;

  /**
   * Creates a store holding copies of {@code initialValues}.
   *
   * @param merger runs the shard merges of one push (sequentially or in parallel)
   */
  public ParameterStore(
      List<ParameterSpec> specs,
      List<float[]> initialValues,
      int chunkSizeFloats,
      Combiner combiner,
      int workerCount,
      long initialVersion,
      ShardMerger merger) {
    if (chunkSizeFloats < 1) {
      throw new IllegalArgumentException("chunkSizeFloats must be >= 1, got " + chunkSizeFloats);
    }
    this.specs = List.copyOf(specs);
    this.chunkSizeFloats = chunkSizeFloats;
    this.combiner = combiner;
    this.version = new AtomicLong(initialVersion);
    this.merger = merger;
    setWorkerCount(workerCount);
    this.shards = new Shard[specs.size()][];
    for (int p = 0; p < specs.size(); p++) {
      shards[p] = split(p, initialValues.get(p), chunkSizeFloats);
    }
  }

  private static Shard[] split(int paramIndex, float[] values, int chunk) {
    int count = (values.length + chunk - 1) / chunk;
    Shard[] result = new Shard[count];
    for (int s = 0; s < count; s++) {
      int from = s * chunk;
      int to = Math.min(values.length, from + chunk);
      float[] slice = new float[to - from];
      System.arraycopy(values, from, slice, 0, slice.length);
      result[s] = new Shard(paramIndex, from, slice);
    }
    return result;
  }

  /** The parameters held, in id order. */
  public List<ParameterSpec> specs() {
    return specs;
  }

  /** The number of merges applied so far (plus the version restored from a checkpoint). */
  public long version() {
    return version.get();
  }

  /** N as handed to combiners. */
  public int workerCount() {
    return workerCount;
  }

  /** Sets N for later merges. */
  public void setWorkerCount(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("workerCount must be >= 1, got " + n);
    }
    this.workerCount = n;
  }

  /** The number of shards of parameter {@code paramIndex}. */
  public int shardCount(int paramIndex) {
    return shards[paramIndex].length;
  }

  /** Floats per shard (the last shard of a parameter may be shorter). */
  public int chunkSizeFloats() {
    return chunkSizeFloats;
  }

  /**
   * New payload buffers for {@link #merge}: one {@link FloatChunks} per parameter, split exactly
   * like its shards (chunk {@code s} as long as shard {@code s}). Callers pool them (a large
   * model's buffers are large).
   */
  public FloatChunks[] newPayloadBuffers() {
    FloatChunks[] buffers = new FloatChunks[specs.size()];
    for (int p = 0; p < buffers.length; p++) {
      buffers[p] = FloatChunks.allocate(specs.get(p).size(), chunkSizeFloats);
    }
    return buffers;
  }

  /**
   * Merges one push into every shard with the combiner, all or nothing, then increments the version
   * once. Every shard of the store is locked (in one order, so merges cannot deadlock), each
   * shard's merge is staged into its spare pair ({@link Shard#stage}) by the merger's threads,
   * checked finite, and only when every shard passed are all committed and handed to {@code
   * afterMerge}.
   *
   * @param payloads one dense payload per parameter (read only), split exactly like the shards
   *     ({@link #newPayloadBuffers})
   * @param staleness the push's staleness, handed to the combiner
   * @param workerId the pushing worker
   * @param afterMerge receives each shard's values right after the commit, under its lock (the
   *     push's reply)
   * @return the version after this push
   * @throws MergeRefusedException when the combiner threw or a merged value would be NaN or
   *     infinite: then no value, no combiner state and not the version changed
   * @throws IllegalArgumentException when a payload is not split like the shards; then nothing
   *     changed
   */
  public long merge(FloatChunks[] payloads, long staleness, int workerId, ShardSink afterMerge) {
    checkLayout(payloads);
    Lock shared = consistency.readLock();
    shared.lock();
    try {
      int locked = lockAll();
      try {
        int n = workerCount;
        merger.mergeAll(
            shards,
            shard ->
                stageShard(
                    shard,
                    payloads[shard.paramIndex],
                    new ShardMergeContext(staleness, n, workerId, shard.stagedState())));
        merger.mergeAll(
            shards,
            shard -> {
              shard.commit();
              afterMerge.accept(shard.paramIndex, shard.offset, shard.values);
            });
        return version.incrementAndGet();
      } finally {
        unlockAll(locked);
      }
    } finally {
      shared.unlock();
    }
  }

  /** Locks every shard in order; returns how many (all). */
  private int lockAll() {
    int count = 0;
    for (Shard[] param : shards) {
      for (Shard shard : param) {
        shard.lock.lock();
        count++;
      }
    }
    return count;
  }

  private void unlockAll(int locked) {
    int left = locked;
    for (Shard[] param : shards) {
      for (Shard shard : param) {
        if (left-- > 0) {
          shard.lock.unlock();
        }
      }
    }
  }

  private void checkLayout(FloatChunks[] payloads) {
    if (payloads.length != specs.size()) {
      throw new IllegalArgumentException(
          "expected one payload per parameter (" + specs.size() + "), got " + payloads.length);
    }
    for (int p = 0; p < payloads.length; p++) {
      FloatChunks payload = payloads[p];
      int size = specs.get(p).size();
      if (payload.size() != size || payload.chunkSize() != chunkSizeFloats) {
        throw new IllegalArgumentException(
            "payload "
                + p
                + " must be split like the shards: expected "
                + size
                + " floats in chunks of "
                + chunkSizeFloats
                + ", got "
                + payload.size()
                + " floats in chunks of "
                + payload.chunkSize());
      }
    }
  }

  /**
   * Stages one shard's merge (the shard is locked by the merging request thread) and checks the
   * result finite.
   */
  private void stageShard(Shard shard, FloatChunks payload, ShardMergeContext context) {
    // checkLayout: chunk s of the payload holds exactly shard s's slice.
    float[] slice = payload.chunk(shard.offset / chunkSizeFloats);
    float[] staged = shard.stage();
    String parameter = specs.get(shard.paramIndex).name();
    try {
      combiner.merge(staged, slice, context);
    } catch (RuntimeException e) {
      throw new MergeRefusedException(combiner.name(), parameter, shard.offset, Float.NaN, e);
    }
    int bad = FiniteCheck.firstNonFinite(staged, 0, staged.length);
    if (bad >= 0) {
      throw new MergeRefusedException(
          combiner.name(), parameter, (long) shard.offset + bad, staged[bad], null);
    }
  }

  /**
   * Hands every shard's current values to {@code sink}, each under its shard lock.
   *
   * @return the version read before the first shard was copied
   */
  public long read(ShardSink sink) {
    long before = version.get();
    for (Shard[] param : shards) {
      for (Shard shard : param) {
        shard.lock.lock();
        try {
          sink.accept(shard.paramIndex, shard.offset, shard.values);
        } finally {
          shard.lock.unlock();
        }
      }
    }
    return before;
  }

  /**
   * A consistent copy of all values and the version: waits for running merges and holds new ones
   * back meanwhile.
   */
  public ParameterSnapshot snapshot() {
    float[][] copy = new float[specs.size()][];
    for (int p = 0; p < copy.length; p++) {
      copy[p] = new float[specs.get(p).size()];
    }
    long at =
        exclusively(
            () ->
                read(
                    (param, offset, values) ->
                        System.arraycopy(values, 0, copy[param], offset, values.length)));
    return new ParameterSnapshot(at, specs, copy);
  }

  /**
   * Runs {@code action} while no merge is in progress (for checkpoints and restores) and returns
   * the version at that time. {@code action} may use {@link #read} and {@link #forEachShard}.
   */
  public long exclusively(Runnable action) {
    Lock exclusive = consistency.writeLock();
    exclusive.lock();
    try {
      action.run();
      return version.get();
    } finally {
      exclusive.unlock();
    }
  }

  /**
   * Visits every shard under its lock, for checkpoints (write) and restores (read into values and
   * state).
   */
  public void forEachShard(Consumer<ShardView> visitor) {
    for (Shard[] param : shards) {
      for (Shard shard : param) {
        shard.lock.lock();
        try {
          visitor.accept(new ShardView(shard.paramIndex, shard.offset, shard.values, shard.state));
        } finally {
          shard.lock.unlock();
        }
      }
    }
  }

  /** Sets the version (restoring a checkpoint); call inside {@link #exclusively}. */
  public void restoreVersion(long restored) {
    version.set(restored);
  }
}
