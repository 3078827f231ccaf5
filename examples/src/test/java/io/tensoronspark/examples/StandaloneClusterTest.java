package io.tensoronspark.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.combiners.Combiners;
import io.tensoronspark.session.DistributedSession;
import io.tensoronspark.session.EpochReport;
import io.tensoronspark.session.SessionTestSeam;
import io.tensoronspark.session.TaskStats;
import io.tensoronspark.session.TrainingFailedException;
import io.tensoronspark.session.executor.GpuPlacement;
import io.tensoronspark.session.executor.GpuResourcesPlugin;
import io.tensoronspark.session.executor.TaskOutcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * MNIST softmax on a real multi-JVM Spark standalone cluster (Master and two Workers as separate
 * processes, each executor its own JVM) with the model directory on HDFS; then the same training
 * survives a kill -9 of an executor in the middle of an epoch. Catches state that only works
 * because everything shared one JVM.
 */
@Timeout(900)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterTest {

  private static MiniDFSCluster hdfs;
  private static StandaloneCluster cluster;
  private static JavaSparkContext sc;

  @BeforeAll
  static void start() throws Exception {
    hdfs = MiniHdfs.start();
    cluster = new StandaloneCluster(2);
    sc = new JavaSparkContext(cluster.driverConf("tensoronspark-cluster-test", 2));
    awaitExecutors(2);
  }

  @AfterAll
  static void stop() {
    if (sc != null) {
      sc.stop();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  private static void awaitExecutors(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (sc.sc().getExecutorMemoryStatus().size() < expected + 1) {
      if (sc.sc().isStopped() || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "executors did not register: " + sc.sc().getExecutorMemoryStatus().keySet());
      }
      TimeUnit.MILLISECONDS.sleep(
          200); // executors register asynchronously; Spark offers no latch for it
    }
  }

  @Test
  @Order(1)
  void trainsToTheSeedsAccuracyAcrossExecutorJvmsWithTheModelOnHdfs() throws Exception {
    MnistData train = MnistData.train(null);
    MnistData test = MnistData.test(null);
    JavaRDD<Object[]> rows = sc.parallelize(train.rows(), 2);
    Map<String, Integer> loadsByExecutor = new HashMap<>();
    try (MnistModel model = MnistModel.softmax(MnistSoftmax.DEFAULT_LEARNING_RATE);
        DistributedSession session =
            DistributedSession.builder(sc, model.graph(), model.session())
                .modelDir(hdfs.getURI() + "/models/cluster")
                .loss(model.loss())
                .combiner(Combiners.byName(MnistSoftmax.DEFAULT_COMBINER))
                .build()) {
      for (int epoch = 0; epoch < 5; epoch++) {
        EpochReport report =
            session.run(model.trainOp(), rows, model.feedNames(), model.parameters(), true);
        assertEquals(8000, report.samples());
        assertEquals(2, report.partitionsPushed());
        for (TaskOutcome task : SessionTestSeam.lastTaskOutcomes(session)) {
          String executor = task.stats().executorId();
          assertFalse(executor.equals("driver"), "tasks ran on executors, not in the driver");
          int loads = loadsByExecutor.computeIfAbsent(executor, id -> task.modelLoadsInJvm());
          assertEquals(
              loads, task.modelLoadsInJvm(), "the model is loaded once per executor JVM: " + task);
        }
      }
      float accuracy = model.accuracy(test);
      System.out.printf(
          "StandaloneClusterTest: accuracy on 2 executor JVMs with the model on HDFS %.4f%n",
          accuracy);
      assertTrue(accuracy >= 0.88f, "test accuracy " + accuracy);
    }
    assertEquals(2, loadsByExecutor.size(), "two executor JVMs trained: " + loadsByExecutor);
  }

  @Test
  @Order(2)
  void survivesAnExecutorKilledMidEpoch() throws Exception {
    MnistData train = MnistData.train(null);
    MnistData test = MnistData.test(null);
    JavaRDD<Object[]> rows = sc.parallelize(train.rows(), 4);
    AtomicBoolean armed = new AtomicBoolean(false);
    AtomicLong killedPid = new AtomicLong(-1);
    CountDownLatch killed = new CountDownLatch(1);
    sc.sc().addSparkListener(new KillOnTaskStart(armed, killedPid, killed));
    try (MnistModel model = MnistModel.softmax(MnistSoftmax.DEFAULT_LEARNING_RATE);
        DistributedSession session =
            DistributedSession.builder(sc, model.graph(), model.session())
                .modelDir(hdfs.getURI() + "/models/kill")
                .batchSize(50)
                .loss(model.loss())
                .combiner(Combiners.byName(MnistSoftmax.DEFAULT_COMBINER))
                .build()) {
      session.run(model.trainOp(), rows, model.feedNames(), model.parameters(), true);
      armed.set(true);
      EpochReport survived =
          session.run(model.trainOp(), rows, model.feedNames(), model.parameters(), true);
      assertTrue(killed.await(1, TimeUnit.SECONDS), "an executor was killed during the epoch");
      assertEquals(8000, survived.samples(), "the epoch completed every partition: " + survived);
      assertEquals(4, survived.partitionsPushed());
      for (int epoch = 3; epoch <= 5; epoch++) {
        session.run(model.trainOp(), rows, model.feedNames(), model.parameters(), true);
      }
      float accuracy = model.accuracy(test);
      System.out.printf(
          "StandaloneClusterTest: accuracy after an executor was killed in epoch 2 %.4f%n",
          accuracy);
      assertTrue(accuracy >= 0.88f, "test accuracy after the kill " + accuracy);
    }
    assertTrue(killedPid.get() > 0);
  }

  @Test
  @Order(3)
  void aSpeculativeCopySupersedesItsStragglingOriginal() throws Exception {
    sc.stop();
    sc =
        new JavaSparkContext(
            cluster
                .driverConf("tensoronspark-speculation", 2)
                .set("spark.speculation", "true")
                .set("spark.speculation.interval", "100ms")
                .set("spark.speculation.quantile", "0.5")
                .set("spark.speculation.multiplier", "1.5")
                .set("spark.speculation.minTaskRuntime", "100ms"));
    awaitExecutors(2);
    // partition 0's first attempt waits 10 ms before every row (1 s per step of 100 rows, 27 s for
    // its partition): Spark speculates a copy of it, which wins even on a loaded machine
    JavaRDD<Object[]> rows =
        sc.parallelize(MnistData.train(null).rows(), 3)
            .mapPartitionsWithIndex(FaultyPartitions.slowFirstAttempt(0, 10), true);
    try (MnistModel model = MnistModel.softmax(MnistSoftmax.DEFAULT_LEARNING_RATE);
        DistributedSession session =
            DistributedSession.builder(sc, model.graph(), model.session())
                .modelDir(hdfs.getURI() + "/models/speculation")
                .syncIntervalSteps(1)
                .loss(model.loss())
                .build()) {
      // no shuffle: the straggler reads (and waits) as it trains and pushes
      EpochReport report =
          session.run(model.trainOp(), rows, model.feedNames(), model.parameters(), false);
      System.out.println(
          "StandaloneClusterTest speculation: "
              + report.summary()
              + ", superseded pushes "
              + report.pushesSuperseded());
      assertEquals(8000, report.samples());
      TaskStats partition0 =
          report.tasks().stream().filter(t -> t.partition() == 0).findFirst().orElseThrow();
      assertEquals(
          1, partition0.attemptNumber(), "the speculative copy's result was kept: " + partition0);
      // The straggler stops either at its next push (409 superseded: the copy's pull took the
      // partition over) or
      // when Spark kills it after the copy succeeded, whichever comes first; it never merges its
      // whole partition.
      // That no older attempt merges after a takeover is proven deterministically in
      // SpeculativeAttemptsTest.
      long stragglerPushes = report.pushesFromUnsuccessfulAttempts();
      assertTrue(
          stragglerPushes >= 1 && stragglerPushes < partition0.pushes(),
          "the straggler merged part of its partition only: " + report);
    }
  }

  @Test
  @Order(4)
  void failsClearlyWhenNoExecutorCanTakeTheJob() throws Exception {
    sc.stop();
    // Workers offer 1024 MB each: executors asking for 4 GB are never granted, and Spark would wait
    // forever.
    sc =
        new JavaSparkContext(
            cluster.driverConf("tensoronspark-no-executor", 2).set("spark.executor.memory", "4g"));
    try (MnistModel model = MnistModel.softmax(MnistSoftmax.DEFAULT_LEARNING_RATE);
        DistributedSession session =
            DistributedSession.builder(sc, model.graph(), model.session())
                .modelDir(hdfs.getURI() + "/models/no-executor")
                .taskStartTimeoutMillis(10_000)
                .build()) {
      JavaRDD<Object[]> rows = sc.parallelize(MnistData.test(null).rows(), 2);
      TrainingFailedException e =
          assertThrows(
              TrainingFailedException.class,
              () ->
                  session.run(model.trainOp(), rows, model.feedNames(), model.parameters(), true));
      assertTrue(e.getMessage().contains("no task started within 10000 ms"), e.getMessage());
    }
  }

  /**
   * Each worker offers GPU addresses 0 and 1 (a discovery script, no GPU touched); the application
   * asks for both per executor and one per task, and declares them with {@link GpuResourcesPlugin}:
   * every task's session sees the executor's list "0,1" and its graph is placed on the index of the
   * GPU Spark gave it. The CPU natives ignore the GPU options and soft placement runs the graph on
   * the CPU, so the training still completes.
   */
  @Test
  @Order(5)
  void eachTaskIsPinnedToTheGpuSparkAssignedIt() throws Exception {
    sc.stop();
    sc =
        new JavaSparkContext(
            cluster
                .driverConf("tensoronspark-gpu-pinning", 2)
                .set("spark.executor.resource.gpu.amount", "" + StandaloneCluster.GPUS_PER_WORKER)
                .set("spark.task.resource.gpu.amount", "1")
                .set("spark.plugins", GpuResourcesPlugin.class.getName()));
    awaitExecutors(2);
    JavaRDD<Object[]> rows = sc.parallelize(MnistData.test(null).rows(), 2);
    try (MnistModel model = MnistModel.softmax(MnistSoftmax.DEFAULT_LEARNING_RATE);
        DistributedSession session =
            DistributedSession.builder(sc, model.graph(), model.session())
                .modelDir(hdfs.getURI() + "/models/gpu")
                .loss(model.loss())
                .build()) {
      EpochReport report =
          session.run(model.trainOp(), rows, model.feedNames(), model.parameters(), true);
      assertEquals(2000, report.samples());
      for (TaskOutcome task : SessionTestSeam.lastTaskOutcomes(session)) {
        GpuPlacement gpu = task.gpu();
        assertTrue(gpu.pinned(), "a GPU task: " + task);
        assertEquals("0,1", gpu.visibleDeviceList(), "the executor's whole allocation: " + task);
        assertTrue(
            List.of("/device:GPU:0", "/device:GPU:1").contains(gpu.device()),
            "placed on the task's GPU: " + task);
      }
    }
  }

  /** Kills (SIGKILL) one executor JVM when the first task of the armed epoch starts. */
  private static final class KillOnTaskStart extends SparkListener {
    private final AtomicBoolean armed;
    private final AtomicLong killedPid;
    private final CountDownLatch killed;

    KillOnTaskStart(AtomicBoolean armed, AtomicLong killedPid, CountDownLatch killed) {
      this.armed = armed;
      this.killedPid = killedPid;
      this.killed = killed;
    }

    @Override
    public void onTaskStart(SparkListenerTaskStart taskStart) {
      if (!armed.compareAndSet(true, false)) {
        return;
      }
      List<ProcessHandle> executors = cluster.executors();
      if (!executors.isEmpty()) {
        ProcessHandle victim = executors.get(0);
        killedPid.set(victim.pid());
        victim.destroyForcibly();
        killed.countDown();
      }
    }
  }
}
