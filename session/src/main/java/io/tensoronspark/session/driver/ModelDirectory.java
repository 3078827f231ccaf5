package io.tensoronspark.session.driver;

import io.tensoronspark.session.SessionConfig;
import io.tensoronspark.session.model.ModelStore;
import io.tensoronspark.session.spec.TrainedParameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;

/**
 * The driver's handle on the model directory: resolves it (a fresh temporary file:// directory by
 * default), publishes model versions through {@link ModelStore}, remembers what it wrote and
 * deletes it (with the TPS checkpoints) on {@link #close()} unless the session keeps it. Used by
 * the driver thread that runs epochs.
 */
public final class ModelDirectory implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModelDirectory.class);

  private final String uri;
  private final boolean createdByUs;
  private final boolean keep;
  private final Configuration conf;
  private final ModelStore store;
  private final Set<String> published = new LinkedHashSet<>();
  private String lastPublished;
  private long operationsAfterLastPublish;

  private ModelDirectory(String uri, boolean createdByUs, boolean keep, Configuration conf) {
    this.uri = uri;
    this.createdByUs = createdByUs;
    this.keep = keep;
    this.conf = conf;
    this.store = new ModelStore(uri, conf);
  }

  /**
   * Resolves the configured directory; warns when a local directory is used with a non-local
   * master.
   */
  public static ModelDirectory open(SessionConfig config, Configuration conf, String master) {
    String dir = config.modelDir();
    boolean created = false;
    if (dir == null) {
      try {
        dir = Files.createTempDirectory("tensoronspark-model-").toUri().toString();
        created = true;
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot create a temporary model directory: " + e.getMessage(), e);
      }
    }
    if (dir.startsWith("file:") && !master.startsWith("local")) {
      LOG.warn(
          "model directory {} is on the driver's local disk but the master is {}: executors on other hosts"
              + " cannot read it; use hdfs:// (or another shared FileSystem)",
          dir,
          master);
    }
    return new ModelDirectory(dir, created, config.keepModelDir(), conf);
  }

  /**
   * Publishes the graph and the variables' current values unless the graph is unchanged since the
   * last publish; returns the graph path (the model version). {@code Graph.toGraphDef()} itself
   * adds an init op to the graph, so the graph's operation count after an export is what
   * "unchanged" compares against.
   */
  public String publish(Graph graph, List<TrainedParameter> params, float[][] values) {
    if (lastPublished != null && operationCount(graph) == operationsAfterLastPublish) {
      return lastPublished;
    }
    byte[] graphDef = graph.toGraphDef().toByteArray();
    lastPublished = publish(graphDef, params, values);
    operationsAfterLastPublish = operationCount(graph);
    return lastPublished;
  }

  private static long operationCount(Graph graph) {
    long count = 0;
    for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); it.next()) {
      count++;
    }
    return count;
  }

  private String publish(byte[] graphDef, List<TrainedParameter> params, float[][] values) {
    try {
      String path = store.publish(graphDef, params, values);
      if (published.add(path)) {
        LOG.info("Model published to {}", path);
      }
      return path;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the model to " + uri + ": " + e.getMessage(), e);
    }
  }

  public String uri() {
    return uri;
  }

  /** Where the TPS writes its checkpoints. */
  public Path checkpointDir() {
    return new Path(store.root(), SessionConfig.CHECKPOINT_SUBDIR);
  }

  @Override
  public void close() {
    if (keep) {
      return;
    }
    try {
      if (createdByUs) {
        store.deleteAll();
        return;
      }
      for (String graphPath : published) {
        Path versionDir = new Path(graphPath).getParent();
        FileSystem fs = versionDir.getFileSystem(conf);
        fs.delete(versionDir, true);
      }
      Path checkpoints = checkpointDir();
      checkpoints.getFileSystem(conf).delete(checkpoints, true);
    } catch (IOException e) {
      LOG.warn("could not delete the model files under {}: {}", uri, e.toString());
    }
  }
}
