package io.tensoronspark.session.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;

/** The mapping from Spark's GPU addresses to a task session's TF settings, on plain data. */
class GpuPlacementTest {

  @Test
  void noGpuLeavesTheConfigAsItWas() {
    GpuPlacement cpu = GpuPlacement.forTask(List.of(), List.of());
    assertSame(GpuPlacement.CPU, cpu);
    assertFalse(cpu.pinned());
    assertNull(cpu.device());
    ConfigProto.Builder config = ConfigProto.newBuilder().setInterOpParallelismThreads(2);
    assertEquals(
        ConfigProto.newBuilder().setInterOpParallelismThreads(2).build(),
        cpu.applyTo(config).build());
  }

  @Test
  void oneGpuPerExecutorIsTheVisibleListWithDefaultPlacement() {
    GpuPlacement gpu = GpuPlacement.forTask(List.of("3"), List.of("3"));
    assertTrue(gpu.pinned());
    assertEquals("3", gpu.visibleDeviceList());
    assertNull(gpu.device(), "TF places on its only visible GPU by itself");
    ConfigProto config = gpu.applyTo(ConfigProto.newBuilder()).build();
    assertEquals("3", config.getGpuOptions().getVisibleDeviceList());
    assertTrue(config.getAllowSoftPlacement());
  }

  @Test
  void severalGpusPerExecutorPlaceTheTaskOnItsIndexInTheList() {
    List<String> executor = List.of("3", "5", "6");
    assertEquals("/device:GPU:0", GpuPlacement.forTask(List.of("3"), executor).device());
    GpuPlacement task = GpuPlacement.forTask(List.of("5"), executor);
    assertEquals("/device:GPU:1", task.device());
    assertEquals("3,5,6", task.visibleDeviceList());
    assertEquals(
        "3,5,6",
        task.applyTo(ConfigProto.newBuilder()).build().getGpuOptions().getVisibleDeviceList());
    assertEquals("/device:GPU:2", GpuPlacement.forTask(List.of("6"), executor).device());
  }

  @Test
  void refusalsNameWhatWasExpectedAndWhatCame() {
    String several =
        assertThrows(
                IllegalArgumentException.class,
                () -> GpuPlacement.forTask(List.of("0", "1"), List.of("0", "1")))
            .getMessage();
    assertTrue(several.contains("one GPU") && several.contains("[0, 1]"), several);
    String elsewhere =
        assertThrows(
                IllegalArgumentException.class,
                () -> GpuPlacement.forTask(List.of("2"), List.of("0", "1")))
            .getMessage();
    assertTrue(elsewhere.contains("GPU 2") && elsewhere.contains("[0, 1]"), elsewhere);
    String uuid =
        assertThrows(
                IllegalArgumentException.class,
                () -> GpuPlacement.forTask(List.of("GPU-8f1c"), List.of("GPU-8f1c")))
            .getMessage();
    assertTrue(uuid.contains("CUDA device ordinals") && uuid.contains("GPU-8f1c"), uuid);
  }

  @Test
  void theFirstGpuTaskCommitsTheJvmsListWithoutThePlugin() {
    ExecutorGpus gpus = new ExecutorGpus();
    assertSame(GpuPlacement.CPU, gpus.placementFor(List.of()));
    assertEquals("1", gpus.placementFor(List.of("1")).visibleDeviceList());
    assertEquals("1", gpus.placementFor(List.of("1")).visibleDeviceList());
    String other =
        assertThrows(IllegalArgumentException.class, () -> gpus.placementFor(List.of("0")))
            .getMessage();
    assertTrue(
        other.contains("[0]")
            && other.contains("[1]")
            && other.contains("spark.executor.resource.gpu.amount=1")
            && other.contains("spark.plugins=" + GpuResourcesPlugin.class.getName()),
        other);
  }

  @Test
  void aDeclaredExecutorListPinsEachTaskToItsOwnGpu() {
    ExecutorGpus gpus = new ExecutorGpus();
    gpus.declare(
        ExecutorGpus.gpus(Map.of("gpu", new ResourceInformation("gpu", new String[] {"0", "1"}))));
    assertEquals("/device:GPU:1", gpus.placementFor(List.of("1")).device());
    assertEquals("/device:GPU:0", gpus.placementFor(List.of("0")).device());
    assertEquals("0,1", gpus.placementFor(List.of("0")).visibleDeviceList());
    assertEquals(List.of(), ExecutorGpus.gpus(Map.of()));
    assertEquals(List.of(), ExecutorGpus.taskGpus(null));
  }
}
