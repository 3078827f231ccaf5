package io.tensoronspark.session.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.tensoronspark.session.FitOptions;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** fit's split of the rows per epoch: once (persisted when repartitioned) or every epoch. */
@Timeout(120)
class EpochRowsTest {

  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc =
        new JavaSparkContext(
            new SparkConf()
                .setMaster("local[2]")
                .setAppName("epoch-rows-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  private static JavaRDD<Object[]> rows(int count, int partitions) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(new Object[] {i});
    }
    return sc.parallelize(rows, partitions);
  }

  /** Each partition's row ids, in order. */
  private static List<List<Integer>> contents(JavaRDD<Object[]> rdd) {
    return rdd.glom().map(p -> p.stream().map(r -> (Integer) r[0]).toList()).collect();
  }

  @Test
  void byDefaultRowsWithTheAskedPartitionCountAreUsedAsTheyAreEveryEpoch() {
    JavaRDD<Object[]> rows = rows(100, 2);
    try (EpochRows split = new EpochRows(rows, FitOptions.builder(3).partitions(2).build())) {
      for (int epoch = 1; epoch <= 3; epoch++) {
        assertSame(rows, split.forEpoch(epoch), "epoch " + epoch + " needs no shuffle");
      }
    }
  }

  @Test
  void byDefaultOtherRowsAreRepartitionedOncePersistedAndUnpersistedOnClose() {
    JavaRDD<Object[]> rows = rows(300, 2);
    JavaRDD<Object[]> first;
    try (EpochRows split = new EpochRows(rows, FitOptions.builder(3).partitions(3).build())) {
      first = split.forEpoch(1);
      assertEquals(3, first.getNumPartitions());
      assertEquals(StorageLevel.MEMORY_AND_DISK(), first.getStorageLevel());
      List<List<Integer>> once = contents(first);
      assertEquals(300, once.stream().mapToInt(List::size).sum(), "every row kept");
      assertSame(first, split.forEpoch(2));
      assertEquals(once, contents(split.forEpoch(3)), "the same split every epoch");
    }
    assertEquals(StorageLevel.NONE(), first.getStorageLevel(), "unpersisted by close");
  }

  @Test
  void everyEpochModeReshufflesBeforeEachEpochAfterTheFirst() {
    JavaRDD<Object[]> rows = rows(300, 3);
    FitOptions options = FitOptions.builder(3).repartitionEveryEpoch(true).build();
    try (EpochRows split = new EpochRows(rows, options)) {
      assertSame(rows, split.forEpoch(1), "the rows' own split first, as they have 3 partitions");
      JavaRDD<Object[]> second = split.forEpoch(2);
      JavaRDD<Object[]> third = split.forEpoch(3);
      assertNotSame(second, third);
      List<List<Integer>> a = contents(second);
      List<List<Integer>> b = contents(third);
      assertNotEquals(a, b, "a new random split per epoch");
      assertEquals(300, b.stream().mapToInt(List::size).sum(), "every row kept");
      assertEquals(StorageLevel.NONE(), third.getStorageLevel(), "nothing persisted");
    }
  }
}
