package io.tensoronspark.session.executor;

import io.tensoronspark.session.model.ModelStore;
import io.tensoronspark.session.spec.RunSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one executor-side cache of this JVM: loaded models keyed by model path (the path names the
 * version, see {@link ModelStore}). A model is read from the model directory and imported once per
 * JVM and version, however many tasks and epochs use it. Thread-safe. Models live until the JVM
 * exits (a shutdown hook closes them) or {@link #closeAll()} is called; models are small next to an
 * executor and a session reuses them across epochs.
 */
public final class ExecutorModelCache {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorModelCache.class);
  private static final ExecutorModelCache INSTANCE = new ExecutorModelCache();

  private final Map<String, LoadedModel> models = new ConcurrentHashMap<>();
  private final AtomicInteger loads = new AtomicInteger();

  private ExecutorModelCache() {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(this::closeAll, "tensoronspark-model-cache-close"));
  }

  /** The cache of this JVM. */
  public static ExecutorModelCache get() {
    return INSTANCE;
  }

  /** The model of {@code spec}, loaded on first use in this JVM. */
  LoadedModel model(RunSpec spec) {
    return models.computeIfAbsent(spec.modelPath(), path -> load(path, spec));
  }

  private LoadedModel load(String path, RunSpec spec) {
    try {
      byte[] graphDef = ModelStore.readGraph(path, spec.hadoopConf().get());
      LoadedModel model = new LoadedModel(path, graphDef);
      int n = loads.incrementAndGet();
      LOG.info("Loaded model {} ({} bytes), load #{} in this JVM", path, graphDef.length, n);
      return model;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * How many times this JVM read and imported a model: one per model version when the cache works.
   */
  public int loadCount() {
    return loads.get();
  }

  /**
   * TF sessions created for {@code modelPath} in this JVM (the peak number of concurrent tasks), or
   * 0.
   */
  public int sessionsCreated(String modelPath) {
    LoadedModel model = models.get(modelPath);
    return model == null ? 0 : model.sessionsCreated();
  }

  /** Closes and forgets every model; later tasks load again. */
  public void closeAll() {
    for (String key : models.keySet()) {
      LoadedModel model = models.remove(key);
      if (model != null) {
        model.close();
      }
    }
  }
}
