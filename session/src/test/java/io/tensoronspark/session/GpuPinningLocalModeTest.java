package io.tensoronspark.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tensoronspark.session.executor.ExecutorGpus;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tensorflow.proto.ConfigProto;

/**
 * Spark local mode assigns tasks no GPUs ({@code TaskContext.resources()} is empty): every task
 * session keeps the CPU config it had before GPU pinning existed.
 */
@Timeout(120)
class GpuPinningLocalModeTest {

  @Test
  void localModeTasksHaveNoGpuAndAnUnchangedConfig() {
    JavaSparkContext sc = SparkTestContext.local("local[2]");
    try {
      List<String> seen =
          sc.parallelize(List.of(1, 2, 3, 4), 2)
              .mapPartitions(
                  rows -> {
                    ConfigProto config =
                        ExecutorGpus.get()
                            .forCurrentTask()
                            .applyTo(ConfigProto.newBuilder().setInterOpParallelismThreads(3))
                            .build();
                    boolean unchanged =
                        config.equals(
                            ConfigProto.newBuilder().setInterOpParallelismThreads(3).build());
                    return List.of(ExecutorGpus.get().forCurrentTask() + " unchanged=" + unchanged)
                        .iterator();
                  })
              .collect();
      assertEquals(List.of("CPU unchanged=true", "CPU unchanged=true"), seen);
    } finally {
      sc.stop();
    }
  }
}
