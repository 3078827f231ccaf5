package io.tensoronspark.tps.checkpoint;

import io.tensoronspark.tps.protocol.ParameterSnapshot;
import io.tensoronspark.tps.protocol.ParameterSpec;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A TPS checkpoint: the values and version of every parameter, the shard layout and the combiner's
 * per-shard state. Immutable (the arrays are owned by it; callers must not modify them). Files are
 * named {@code tps-checkpoint-<version>.bin}; {@link #latest} finds and reads the newest in a
 * directory of any Hadoop FileSystem.
 *
 * @param snapshot the values and version
 * @param chunkSizeFloats the shard size the state was kept for
 * @param combinerName the combiner that kept the state
 * @param shardStates one entry per shard, in parameter and offset order
 */
public record TpsCheckpoint(
    ParameterSnapshot snapshot,
    int chunkSizeFloats,
    String combinerName,
    List<ShardState> shardStates) {

  /** The file name prefix. */
  public static final String FILE_PREFIX = "tps-checkpoint-";

  /** The file name suffix. */
  public static final String FILE_SUFFIX = ".bin";

  private static final Pattern FILE_NAME = Pattern.compile("tps-checkpoint-(\\d+)\\.bin");

  /** Copies the list. */
  public TpsCheckpoint {
    shardStates = List.copyOf(shardStates);
  }

  /** The version checkpointed. */
  public long version() {
    return snapshot.version();
  }

  /** The parameters checkpointed. */
  public List<ParameterSpec> specs() {
    return snapshot.specs();
  }

  /** The file name of a checkpoint at {@code version}. */
  public static String fileName(long version) {
    return FILE_PREFIX + version + FILE_SUFFIX;
  }

  /** The version in a checkpoint file name, or -1 when the name is not one. */
  public static long versionOf(String fileName) {
    Matcher m = FILE_NAME.matcher(fileName);
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  /**
   * The checkpoint files in {@code dir}, newest (highest version) first; empty when the directory
   * does not exist.
   */
  public static List<Path> list(FileSystem fs, Path dir) throws IOException {
    if (!fs.exists(dir)) {
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    for (FileStatus status : fs.listStatus(dir)) {
      if (status.isFile() && versionOf(status.getPath().getName()) >= 0) {
        files.add(status.getPath());
      }
    }
    files.sort(Comparator.comparingLong((Path p) -> versionOf(p.getName())).reversed());
    return files;
  }

  /** Reads the newest checkpoint in {@code dir}, if any. */
  public static Optional<TpsCheckpoint> latest(FileSystem fs, Path dir) throws IOException {
    List<Path> files = list(fs, dir);
    return files.isEmpty() ? Optional.empty() : Optional.of(read(fs, files.get(0)));
  }

  /**
   * Reads one checkpoint file.
   *
   * @throws IOException when it cannot be read, or is corrupt (bad magic, version or checksum)
   */
  public static TpsCheckpoint read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return CheckpointCodec.read(in, file.toString());
    }
  }
}
