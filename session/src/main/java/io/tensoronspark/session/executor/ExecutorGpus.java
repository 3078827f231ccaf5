package io.tensoronspark.session.executor;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The GPUs this executor JVM's TensorFlow sees, committed once per JVM (TF takes one {@code
 * visible_device_list} per process, at its first session). The list is the executor's whole GPU
 * allocation when {@link GpuResourcesPlugin} declared it at executor start, else the first GPU
 * task's own address: right when each executor has one GPU ({@code
 * spark.executor.resource.gpu.amount=1}); with several, a task given another GPU fails with an
 * error that names the plugin. Thread-safe.
 */
public final class ExecutorGpus {

  /** Spark's resource name for GPUs. */
  public static final String GPU = "gpu";

  private static final ExecutorGpus INSTANCE = new ExecutorGpus();

  private final AtomicReference<List<String>> declared = new AtomicReference<>();
  private final AtomicReference<List<String>> committed = new AtomicReference<>();

  ExecutorGpus() {}

  /** The GPUs of this JVM. */
  public static ExecutorGpus get() {
    return INSTANCE;
  }

  /** Records the executor's GPU allocation (from {@link GpuResourcesPlugin}); first one wins. */
  void declare(List<String> executorGpus) {
    if (!executorGpus.isEmpty()) {
      declared.compareAndSet(null, List.copyOf(executorGpus));
    }
  }

  /** The placement of the running Spark task (CPU outside a task or without a GPU). */
  public GpuPlacement forCurrentTask() {
    return placementFor(taskGpus(TaskContext.get()));
  }

  /**
   * The placement of a task assigned {@code taskGpus}; the first GPU task commits this JVM's list.
   */
  GpuPlacement placementFor(List<String> taskGpus) {
    if (taskGpus.isEmpty()) {
      return GpuPlacement.CPU;
    }
    List<String> candidate = declared.get() != null ? declared.get() : taskGpus;
    committed.compareAndSet(null, List.copyOf(candidate));
    List<String> visible = committed.get();
    if (!visible.containsAll(taskGpus)) {
      throw new IllegalArgumentException(
          "Spark assigned this task GPU "
              + taskGpus
              + " but this executor JVM's TensorFlow was fixed to GPUs "
              + visible
              + " at its first GPU session (TF allows one visible device list per process): give"
              + " each executor one GPU (spark.executor.resource.gpu.amount=1) or declare the"
              + " executor's GPUs with --conf spark.plugins="
              + GpuResourcesPlugin.class.getName());
    }
    return GpuPlacement.forTask(taskGpus, visible);
  }

  /** The "gpu" addresses Spark assigned {@code task}; empty without a task or GPUs (local mode). */
  static List<String> taskGpus(TaskContext task) {
    if (task == null) {
      return List.of();
    }
    return gpus(task.resourcesJMap());
  }

  static List<String> gpus(Map<String, ResourceInformation> resources) {
    ResourceInformation gpu = resources == null ? null : resources.get(GPU);
    return gpu == null ? List.of() : Arrays.asList(gpu.addresses());
  }
}
