package io.tensoronspark.session.inference;

import io.tensoronspark.session.executor.BoundedResourceCache;

/**
 * The executor JVM's cache of loaded SavedModels, keyed by model version ({@link
 * PredictSpec#versionKey()}: URI and the time saved_model.pb was written): each version is copied
 * and loaded once per JVM however many tasks use it, at most {@value #MAX_MODELS} versions stay
 * loaded, and an evicted one is closed when its last task releases it. Thread-safe; a shutdown hook
 * closes what is left.
 */
public final class SavedModelCache {

  /** Model versions kept loaded per executor JVM. */
  public static final int MAX_MODELS = 2;

  private static final BoundedResourceCache<String, LoadedSavedModel> CACHE =
      new BoundedResourceCache<>("SavedModel", MAX_MODELS);

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(CACHE::close, "tensoronspark-savedmodel-cache-close"));
  }

  private SavedModelCache() {}

  /** A lease on the loaded model of {@code spec}; the caller closes it when its task ends. */
  static BoundedResourceCache.Lease<LoadedSavedModel> acquire(PredictSpec spec) {
    return CACHE.acquire(spec.versionKey(), key -> LoadedSavedModel.load(spec));
  }

  /** SavedModel loads in this JVM so far: one per version when the cache works. */
  public static int loadCount() {
    return CACHE.loadCount();
  }

  /** Loaded SavedModels closed in this JVM so far (evicted and released). */
  public static int closeCount() {
    return CACHE.closeCount();
  }

  /** Versions loaded now. */
  public static int size() {
    return CACHE.size();
  }
}
