package io.tensoronspark.session.executor;

import io.tensoronspark.session.model.ModelStore;
import io.tensoronspark.session.spec.RunSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one executor-side cache of this JVM: loaded models keyed by model path (the path names the
 * version, see {@link ModelStore}). A model is read from the model directory and imported once per
 * JVM and version, however many tasks and epochs use it. At most {@link #MAX_MODELS} versions stay
 * loaded (least recently used evicted first, see {@link BoundedResourceCache}): an evicted model's
 * graph and sessions are closed as soon as no task holds it, so new sessions and graph changes (in
 * local mode: in the user's driver JVM) do not pile up native graphs. Thread-safe. A shutdown hook
 * closes what is left.
 */
public final class ExecutorModelCache {

  /** Model versions kept loaded per JVM (a few sessions or graph versions in flight). */
  public static final int MAX_MODELS = 4;

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorModelCache.class);
  private static final ExecutorModelCache INSTANCE = new ExecutorModelCache(MAX_MODELS);

  private final BoundedResourceCache<String, LoadedModel> models;

  ExecutorModelCache(int maxModels) {
    this.models = new BoundedResourceCache<>("model", maxModels);
    if (maxModels == MAX_MODELS) {
      Runtime.getRuntime()
          .addShutdownHook(new Thread(this::closeAll, "tensoronspark-model-cache-close"));
    }
  }

  /** The cache of this JVM. */
  public static ExecutorModelCache get() {
    return INSTANCE;
  }

  /**
   * A lease on the model of {@code spec} placed as {@code gpu} says, loaded on first use; the task
   * closes it when done.
   */
  BoundedResourceCache.Lease<LoadedModel> model(RunSpec spec, GpuPlacement gpu) {
    return model(spec.modelPath(), spec.hadoopConf()::get, gpu);
  }

  /** A lease on the model at {@code path}, read with the configuration {@code conf} gives. */
  BoundedResourceCache.Lease<LoadedModel> model(String path, Supplier<Configuration> conf) {
    return model(path, conf, GpuPlacement.CPU);
  }

  /**
   * A lease on the model at {@code path} placed as {@code gpu} says: a graph placed on a GPU of
   * several is a graph of its own (TF places nodes per graph), so it is cached per device.
   */
  BoundedResourceCache.Lease<LoadedModel> model(
      String path, Supplier<Configuration> conf, GpuPlacement gpu) {
    String key = gpu.device() == null ? path : path + " on " + gpu.device();
    return models.acquire(key, k -> load(path, conf.get(), gpu));
  }

  private LoadedModel load(String path, Configuration conf, GpuPlacement gpu) {
    try {
      byte[] graphDef = ModelStore.readGraph(path, conf);
      LoadedModel model = new LoadedModel(path, graphDef, gpu);
      LOG.info(
          "Loaded model {} ({} bytes, {}), load #{} in this JVM",
          path,
          graphDef.length,
          gpu,
          models.loadCount() + 1);
      return model;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * How many times this JVM read and imported a model: one per model version when the cache works.
   */
  public int loadCount() {
    return models.loadCount();
  }

  /** Models closed so far (evicted and released, or cleared). */
  public int closeCount() {
    return models.closeCount();
  }

  /** Models loaded now; never more than the bound. */
  public int size() {
    return models.size();
  }

  /** Closes and forgets every model; later tasks load again. */
  public void closeAll() {
    models.clear();
  }
}
