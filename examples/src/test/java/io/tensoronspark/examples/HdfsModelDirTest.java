package io.tensoronspark.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.combiners.Combiners;
import io.tensoronspark.session.DistributedSession;
import io.tensoronspark.session.EpochReport;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The MNIST softmax run with its model directory on a real in-process HDFS (MiniDFSCluster). */
@Timeout(600)
class HdfsModelDirTest {

  private static MiniDFSCluster hdfs;
  private static JavaSparkContext sc;

  @BeforeAll
  static void start() throws Exception {
    hdfs = MiniHdfs.start();
    sc = new JavaSparkContext(MnistSoftmaxTrainingTest.testConf("local[2]"));
  }

  @AfterAll
  static void stop() {
    if (sc != null) {
      sc.stop();
    }
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  @Test
  void trainsWithTheModelOnHdfsAndCleansUp() throws Exception {
    String modelDir = hdfs.getURI() + "/tensoronspark/mnist";
    FileSystem fs = hdfs.getFileSystem();
    MnistData train = MnistData.train(null);
    MnistData test = MnistData.test(null);
    JavaRDD<Object[]> rows = sc.parallelize(train.rows(), 2);
    try (MnistModel model = MnistModel.softmax(MnistSoftmax.DEFAULT_LEARNING_RATE)) {
      try (DistributedSession session =
          DistributedSession.builder(sc, model.graph(), model.session())
              .modelDir(modelDir)
              .loss(model.loss())
              .combiner(Combiners.byName(MnistSoftmax.DEFAULT_COMBINER))
              .build()) {
        EpochReport report = null;
        for (int epoch = 0; epoch < 5; epoch++) {
          report = session.run(model.trainOp(), rows, model.feedNames(), model.parameters(), true);
        }
        assertEquals(2, report.partitionsPushed());
        float accuracy = model.accuracy(test);
        System.out.printf("HdfsModelDirTest: accuracy with the model on HDFS %.4f%n", accuracy);
        assertTrue(accuracy >= 0.88f, "test accuracy " + accuracy);
        assertEquals(1, countGraphFiles(fs, new Path(modelDir)), "one model version on HDFS");
      }
      assertEquals(
          0, countGraphFiles(fs, new Path(modelDir)), "close() deleted what the session wrote");
      assertFalse(fs.exists(new Path(modelDir + "/model-")));
    }
  }

  private static int countGraphFiles(FileSystem fs, Path dir) throws Exception {
    if (!fs.exists(dir)) {
      return 0;
    }
    int count = 0;
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(dir, true);
    while (files.hasNext()) {
      if (files.next().getPath().getName().equals("graph.pb")) {
        count++;
      }
    }
    return count;
  }
}
