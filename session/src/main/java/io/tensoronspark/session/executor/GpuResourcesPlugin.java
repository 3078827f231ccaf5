package io.tensoronspark.session.executor;

import java.util.Map;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Declares each executor's whole GPU allocation ({@link PluginContext#resources()}) to {@link
 * ExecutorGpus} when the executor starts, so executors with several GPUs give their TF one visible
 * device list holding all of them and pin each task to its own. Enable it with {@code --conf
 * spark.plugins=io.tensoronspark.session.executor.GpuResourcesPlugin}; not needed with one GPU per
 * executor. No driver half.
 */
public final class GpuResourcesPlugin implements SparkPlugin {

  @Override
  public DriverPlugin driverPlugin() {
    return null;
  }

  @Override
  public ExecutorPlugin executorPlugin() {
    return new ExecutorPlugin() {
      @Override
      public void init(PluginContext context, Map<String, String> extraConf) {
        ExecutorGpus.get().declare(ExecutorGpus.gpus(context.resources()));
      }
    };
  }
}
