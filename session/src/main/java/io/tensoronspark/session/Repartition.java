package io.tensoronspark.session;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Random repartitioning between epochs: every row goes to a uniformly random partition, drawn from
 * a seed mixed with the source partition, so each epoch sees a different split (Spark's own {@code
 * repartition} deals rows round-robin from a start fixed per partition, which gives every epoch the
 * same split).
 */
public final class Repartition {

  private Repartition() {}

  /**
   * {@code rows} spread over {@code partitions} partitions at random, reproducibly for a given
   * {@code seed}.
   */
  public static <T> JavaRDD<T> randomly(JavaRDD<T> rows, int partitions, long seed) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
    }
    return rows.mapPartitionsWithIndex(
            (index, it) -> keyed(it, partitions, new Random(seed * 0x9E3779B97F4A7C15L + index)),
            false)
        .mapToPair(t -> t)
        .partitionBy(new HashPartitioner(partitions))
        .values();
  }

  private static <T> Iterator<Tuple2<Integer, T>> keyed(
      Iterator<T> rows, int partitions, Random random) {
    List<Tuple2<Integer, T>> out = new ArrayList<>();
    while (rows.hasNext()) {
      out.add(new Tuple2<>(random.nextInt(partitions), rows.next()));
    }
    return out.iterator();
  }
}
