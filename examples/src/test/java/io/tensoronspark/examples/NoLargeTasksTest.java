package io.tensoronspark.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The guard the example tests install sees Spark's warning: the training rows parallelized from the
 * driver's memory (what the examples used to do) make 3 MB tasks, and it catches them; the same
 * rows read by the tasks ({@link MnistSource}) do not.
 */
@Timeout(120)
class NoLargeTasksTest {

  @Test
  void parallelizedRowsAreCaughtAndRowsReadByTheTasksAreNot() throws Exception {
    NoLargeTasks guard = new NoLargeTasks();
    guard.install();
    try (JavaSparkContext sc =
        new JavaSparkContext(MnistSoftmaxTrainingTest.testConf("local[2]"))) {
      assertEquals(8000, sc.parallelize(MnistData.train(null).rows(), 2).count());
      List<String> parallelized = guard.drain();
      assertTrue(
          parallelized.stream().anyMatch(w -> w.contains(NoLargeTasks.WARNING)),
          "Spark's warning for parallelized rows: " + parallelized);

      assertEquals(8000, MnistSource.trainRows(sc, null, MnistSource.Format.idx, 2).count());
      assertEquals(2000, MnistSource.indexedTestRows(sc, null, MnistSource.Format.idx, 2).count());
      assertEquals(List.of(), guard.drain());
    } finally {
      guard.uninstall();
    }
  }
}
