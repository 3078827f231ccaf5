package io.tensoronspark.session.executor;

import java.io.Serializable;
import java.util.List;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GPUOptions;

/**
 * Where one task's TF session runs: the GPUs the executor JVM's TF sees ({@code
 * gpu_options.visible_device_list}, one list per process: TF fixes it at the first session and
 * refuses a different one later) and, when that list holds several GPUs, the device the task's
 * graph is placed on ({@code /device:GPU:k}, k being the task's GPU's index in the list, since TF
 * numbers the visible GPUs 0, 1, ... in list order). {@link #CPU} leaves the session as it was
 * without GPUs. A pure value: {@link #forTask} maps plain addresses, so it is tested without Spark
 * or a GPU. Immutable; serializable, so a task reports where it ran.
 */
public final class GpuPlacement implements Serializable {

  private static final long serialVersionUID = 1L;

  /** No GPU assigned: the session's ConfigProto has no GPU options, the graph is not re-placed. */
  public static final GpuPlacement CPU = new GpuPlacement(List.of(), -1);

  private final List<String> visible; // an immutable List.of / List.copyOf list
  private final int index;

  private GpuPlacement(List<String> visible, int index) {
    this.visible = visible;
    this.index = index;
  }

  /**
   * The placement of a task Spark assigned {@code taskGpus} (its {@code TaskContext.resources()}
   * "gpu" addresses) in an executor JVM whose TF sessions see {@code executorGpus}.
   *
   * @throws IllegalArgumentException when the task has several GPUs, an address is not a CUDA
   *     device ordinal, or the task's GPU is not among the executor's
   */
  public static GpuPlacement forTask(List<String> taskGpus, List<String> executorGpus) {
    if (taskGpus.isEmpty()) {
      return CPU;
    }
    if (taskGpus.size() > 1) {
      throw new IllegalArgumentException(
          "a task trains on one GPU (spark.task.resource.gpu.amount <= 1) but Spark assigned this"
              + " task GPUs "
              + taskGpus);
    }
    for (String address : executorGpus) {
      ordinal(address);
    }
    String task = taskGpus.get(0);
    ordinal(task);
    int index = executorGpus.indexOf(task);
    if (index < 0) {
      throw new IllegalArgumentException(
          "Spark assigned this task GPU "
              + task
              + " but this executor JVM's TensorFlow sees GPUs "
              + executorGpus
              + " (TF allows one visible device list per process, fixed at its first session)");
    }
    return new GpuPlacement(List.copyOf(executorGpus), index);
  }

  private static void ordinal(String address) {
    if (address == null || !address.matches("\\d{1,4}")) {
      throw new IllegalArgumentException(
          "GPU addresses must be CUDA device ordinals such as \"0\" (what nvidia-smi's index and"
              + " Spark's getGpusResources.sh report) for TF's visible_device_list, got \""
              + address
              + "\"");
    }
  }

  /** Whether the task has a GPU. */
  public boolean pinned() {
    return index >= 0;
  }

  /** The {@code visible_device_list} of the JVM ("3,5"), empty on CPU. */
  public String visibleDeviceList() {
    return String.join(",", visible);
  }

  /**
   * The device the task's graph is placed on, or null when TF's default placement is right (CPU, or
   * the only visible GPU, which TF prefers for every op with a GPU kernel).
   */
  public String device() {
    return visible.size() > 1 ? "/device:GPU:" + index : null;
  }

  /**
   * Adds the GPU settings to a session's config: the visible device list and soft placement (ops
   * without a GPU kernel run on the CPU). Leaves {@code config} untouched on CPU.
   */
  public ConfigProto.Builder applyTo(ConfigProto.Builder config) {
    if (pinned()) {
      config
          .setGpuOptions(GPUOptions.newBuilder().setVisibleDeviceList(visibleDeviceList()))
          .setAllowSoftPlacement(true);
    }
    return config;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GpuPlacement other && index == other.index && visible.equals(other.visible);
  }

  @Override
  public int hashCode() {
    return 31 * visible.hashCode() + index;
  }

  @Override
  public String toString() {
    return pinned() ? "GPUs [" + visibleDeviceList() + "] device " + device() : "CPU";
  }
}
