package io.tensoronspark.session.inference;

import io.tensoronspark.session.executor.ExecutorGpus;
import io.tensoronspark.session.export.SavedModelFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;

/**
 * One SavedModel version loaded in an executor JVM: copied from its Hadoop FileSystem URI to a
 * local temporary directory, loaded with TF Java's {@link SavedModelBundle} (variables restored
 * into memory), and the local copy deleted. Thread-safe: TF sessions run concurrently, so several
 * tasks share the one session. Owns the bundle; {@link #close()} closes it (the {@link
 * SavedModelCache} does, once no task uses it).
 */
final class LoadedSavedModel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LoadedSavedModel.class);

  private final SavedModelBundle bundle;

  private LoadedSavedModel(SavedModelBundle bundle) {
    this.bundle = bundle;
  }

  static LoadedSavedModel load(PredictSpec spec) {
    long start = System.nanoTime();
    Path local;
    try {
      local = SavedModelFiles.download(spec.modelUri(), spec.hadoopConf().get());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot copy the SavedModel " + spec.modelUri() + " to this executor: " + e.getMessage(),
          e);
    }
    try {
      ConfigProto config = // the JVM's one GPU list; the shared session runs on its first GPU
          ExecutorGpus.get()
              .forCurrentTask()
              .applyTo(
                  ConfigProto.newBuilder()
                      .setIntraOpParallelismThreads(spec.intraOpThreads())
                      .setInterOpParallelismThreads(1))
              .build();
      SavedModelBundle bundle =
          SavedModelBundle.loader(local.toString())
              .withTags(SavedModelFiles.SERVE_TAG)
              .withConfigProto(config)
              .load();
      LOG.info(
          "Loaded SavedModel {} in {} ms",
          spec.versionKey(),
          (System.nanoTime() - start) / 1_000_000);
      return new LoadedSavedModel(bundle);
    } finally {
      SavedModelFiles.deleteLocal(local.getParent());
    }
  }

  Session session() {
    return bundle.session();
  }

  org.tensorflow.Output<?> output(String tensorName) {
    return bundle.graph().outputOrThrow(tensorName);
  }

  @Override
  public void close() {
    bundle.close();
  }
}
