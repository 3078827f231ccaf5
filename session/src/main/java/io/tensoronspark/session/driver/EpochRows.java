package io.tensoronspark.session.driver;

import io.tensoronspark.session.FitOptions;
import io.tensoronspark.session.Repartition;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * The rows each epoch of a {@code fit} trains on. By default the rows are split once: taken as they
 * are when their partition count is the one asked for, else randomly repartitioned once and
 * persisted (memory, then disk) for the following epochs; each task then shuffles its own partition
 * per epoch. With {@link FitOptions#repartitionEveryEpoch()} every epoch after the first (the first
 * too when the count differs) is a fresh random repartition, a full Spark shuffle each time. Used
 * by the driver thread that runs {@code fit}; {@link #close()} unpersists what it persisted.
 */
final class EpochRows implements AutoCloseable {

  private final JavaRDD<Object[]> rows;
  private final FitOptions options;
  private final int partitions;
  private JavaRDD<Object[]> split; // the once-made split, null until the first epoch needs it
  private boolean persisted;

  EpochRows(JavaRDD<Object[]> rows, FitOptions options) {
    this.rows = rows;
    this.options = options;
    this.partitions = options.partitions() > 0 ? options.partitions() : rows.getNumPartitions();
  }

  /** The rows of epoch {@code epoch} (from 1). */
  JavaRDD<Object[]> forEpoch(int epoch) {
    boolean sameCount = rows.getNumPartitions() == partitions;
    if (options.repartitionEveryEpoch()) {
      return epoch == 1 && sameCount ? rows : repartitioned(epoch);
    }
    if (split == null) {
      if (sameCount) {
        split = rows;
      } else {
        split = repartitioned(epoch).persist(StorageLevel.MEMORY_AND_DISK());
        persisted = true;
      }
    }
    return split;
  }

  private JavaRDD<Object[]> repartitioned(int epoch) {
    return Repartition.randomly(rows, partitions, options.repartitionSeed() * 31 + epoch);
  }

  @Override
  public void close() {
    if (persisted) {
      split.unpersist(false);
      persisted = false;
    }
  }
}
