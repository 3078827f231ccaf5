package io.tensoronspark.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model directory and the TPS's checkpoints are written and read with the Spark context's
 * Hadoop configuration: a file system registered only through {@code spark.hadoop.*} serves the
 * whole run, checkpoints and resume included.
 */
@Timeout(300)
class SparkHadoopConfigurationTest {

  @Test
  void checkpointsGoThroughAFileSystemOnlyTheSparkContextKnows(@TempDir Path dir)
      throws IOException {
    String modelDir = SparkOnlyFileSystem.SCHEME + "://" + dir.toUri().getPath() + "model";
    assertThrows(
        IOException.class,
        () -> new org.apache.hadoop.fs.Path(modelDir).getFileSystem(new Configuration()),
        "a fresh Hadoop configuration does not know the scheme");
    JavaSparkContext sc =
        new JavaSparkContext(
            SparkTestContext.conf("local[2]")
                .set(
                    "spark.hadoop.fs." + SparkOnlyFileSystem.SCHEME + ".impl",
                    SparkOnlyFileSystem.class.getName()));
    try (LinearModel model = new LinearModel(0.1f)) {
      long checkpointedVersion;
      try (DistributedSession session =
          DistributedSession.builder(sc, model.graph, model.session)
              .modelDir(modelDir)
              .keepModelDir(true)
              .batchSize(20)
              .build()) {
        int createdBefore = SparkOnlyFileSystem.CREATED.get();
        EpochReport report =
            session.run(
                model.train,
                sc.parallelize(LinearModel.rows(400, 3), 2),
                model.feeds(),
                model.params(),
                true);
        assertEquals(400, report.samples());
        checkpointedVersion = report.tpsVersion();
        assertTrue(
            SparkOnlyFileSystem.CREATED.get() - createdBefore >= 2,
            "the model and the checkpoint were written through the Spark-only file system");
      }
      Path checkpoints = dir.resolve("model").resolve(SessionConfig.CHECKPOINT_SUBDIR);
      try (var files = Files.list(checkpoints)) {
        assertTrue(
            files.anyMatch(f -> f.getFileName().toString().startsWith("tps-checkpoint-")),
            "a TPS checkpoint in " + checkpoints);
      }
      try (DistributedSession resumed =
          DistributedSession.builder(sc, model.graph, model.session)
              .modelDir(modelDir)
              .resume(true)
              .batchSize(20)
              .build()) {
        EpochReport more =
            resumed.run(
                model.train,
                sc.parallelize(LinearModel.rows(20, 4), 1),
                model.feeds(),
                model.params(),
                false);
        assertEquals(
            checkpointedVersion + more.pushesApplied(),
            more.tpsVersion(),
            "resumed at the checkpoint's version, read through the same file system");
      }
    } finally {
      sc.stop();
    }
  }
}
