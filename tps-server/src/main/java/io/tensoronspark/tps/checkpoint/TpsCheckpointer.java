package io.tensoronspark.tps.checkpoint;

import io.tensoronspark.tps.protocol.ParameterSnapshot;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.server.ParameterStore;
import io.tensoronspark.tps.server.ShardView;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes checkpoints of a {@link ParameterStore} through the Hadoop FileSystem API (file://,
 * hdfs://, s3a://...): captures values, version and combiner state while no merge runs (a short
 * pause for pushes, memory copies only), then writes outside that pause to a temporary file in the
 * same directory and renames it to {@code tps-checkpoint-<version>.bin}, so a reader never sees a
 * partial file. Keeps the newest {@code keep} checkpoints. Restores go the other way ({@link
 * #restore}).
 *
 * <p>Thread-safe: checkpoint writes are serialized on this object; the store is thread-safe.
 */
public final class TpsCheckpointer {

  private static final Logger LOG = LoggerFactory.getLogger(TpsCheckpointer.class);

  private final ParameterStore store;
  private final int chunkSizeFloats;
  private final String combinerName;
  private final int keep;
  private final Configuration hadoopConf;

  /**
   * A checkpointer for {@code store}, keeping the newest {@code keep} files, reaching the file
   * system through {@code hadoopConf}.
   */
  public TpsCheckpointer(
      ParameterStore store,
      int chunkSizeFloats,
      String combinerName,
      int keep,
      Configuration hadoopConf) {
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be >= 1, got " + keep);
    }
    this.store = store;
    this.chunkSizeFloats = chunkSizeFloats;
    this.combinerName = combinerName;
    this.keep = keep;
    this.hadoopConf = hadoopConf;
  }

  /** Captures a consistent copy of the store's values, version and combiner state. */
  public TpsCheckpoint capture() {
    List<ParameterSpec> specs = store.specs();
    float[][] values = new float[specs.size()][];
    for (int p = 0; p < values.length; p++) {
      values[p] = new float[specs.get(p).size()];
    }
    List<ShardState> states = new ArrayList<>();
    long version =
        store.exclusively(
            () ->
                store.forEachShard(
                    view -> {
                      System.arraycopy(
                          view.values(),
                          0,
                          values[view.paramIndex()],
                          view.offset(),
                          view.values().length);
                      states.add(copyState(view));
                    }));
    return new TpsCheckpoint(
        new ParameterSnapshot(version, specs, values), chunkSizeFloats, combinerName, states);
  }

  private static ShardState copyState(ShardView view) {
    Map<String, float[]> buffers = new HashMap<>();
    view.state().buffers().forEach((name, buffer) -> buffers.put(name, buffer.clone()));
    return new ShardState(
        view.paramIndex(),
        view.offset(),
        view.values().length,
        buffers,
        new HashMap<>(view.state().counters()));
  }

  /**
   * Writes a checkpoint into {@code dir} (created if missing) and prunes old ones.
   *
   * @return the file written (or the existing file for this version, which holds the same state)
   */
  public synchronized Path checkpoint(Path dir) throws IOException {
    TpsCheckpoint checkpoint = capture();
    FileSystem fs = dir.getFileSystem(hadoopConf);
    Path target = new Path(dir, TpsCheckpoint.fileName(checkpoint.version()));
    if (fs.exists(target)) {
      LOG.debug("checkpoint {} exists already", target);
      return target;
    }
    fs.mkdirs(dir);
    Path temp = new Path(dir, "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    long start = System.nanoTime();
    try {
      try (OutputStream out = fs.create(temp, false)) {
        CheckpointCodec.write(checkpoint, out);
      }
      if (!fs.rename(temp, target)) {
        throw new IOException("could not rename " + temp + " to " + target);
      }
    } finally {
      if (fs.exists(temp)) {
        fs.delete(temp, false);
      }
    }
    LOG.info("TPS checkpoint {} written in {} ms", target, (System.nanoTime() - start) / 1_000_000);
    prune(fs, dir);
    return target;
  }

  private void prune(FileSystem fs, Path dir) throws IOException {
    List<Path> files = TpsCheckpoint.list(fs, dir);
    for (int i = keep; i < files.size(); i++) {
      if (!fs.delete(files.get(i), false)) {
        LOG.warn("could not delete old checkpoint {}", files.get(i));
      }
    }
  }

  /**
   * Puts a checkpoint's values, version and (when the combiner and shard size match) combiner state
   * into the store.
   *
   * @throws IllegalArgumentException when the parameters differ, or the state was kept for another
   *     shard layout
   */
  public static void restore(
      ParameterStore store, TpsCheckpoint checkpoint, int chunkSizeFloats, String combiner) {
    if (!store.specs().equals(checkpoint.specs())) {
      throw new IllegalArgumentException(
          "checkpoint at version "
              + checkpoint.version()
              + " holds "
              + checkpoint.specs()
              + ", the server has "
              + store.specs());
    }
    boolean hasState = checkpoint.shardStates().stream().anyMatch(s -> !s.isEmpty());
    boolean restoreState = hasState && combiner.equals(checkpoint.combinerName());
    if (hasState && !restoreState) {
      LOG.warn(
          "checkpoint state was kept by combiner {}, the server runs {}: starting with empty combiner state",
          checkpoint.combinerName(),
          combiner);
    }
    if (restoreState && checkpoint.chunkSizeFloats() != chunkSizeFloats) {
      throw new IllegalArgumentException(
          "checkpoint combiner state was kept for shards of "
              + checkpoint.chunkSizeFloats()
              + " floats, the server uses "
              + chunkSizeFloats
              + "; use the same chunkSizeFloats to resume");
    }
    Map<Long, ShardState> byShard = new HashMap<>();
    checkpoint
        .shardStates()
        .forEach(s -> byShard.put(((long) s.paramIndex() << 32) | s.offset(), s));
    store.exclusively(
        () -> {
          store.forEachShard(
              view -> {
                checkpoint
                    .snapshot()
                    .copyValuesRange(view.paramIndex(), view.offset(), view.values());
                ShardState state = byShard.get(((long) view.paramIndex() << 32) | view.offset());
                if (restoreState && state != null) {
                  state
                      .buffers()
                      .forEach(
                          (name, buffer) ->
                              System.arraycopy(
                                  buffer, 0, view.state().buffer(name), 0, buffer.length));
                  state.counters().forEach(view.state()::setCounter);
                }
              });
          store.restoreVersion(checkpoint.version());
        });
  }
}
