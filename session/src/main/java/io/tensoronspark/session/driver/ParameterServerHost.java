package io.tensoronspark.session.driver;

import io.tensoronspark.session.SessionConfig;
import io.tensoronspark.session.spec.TrainedParameter;
import io.tensoronspark.tps.TpsServer;
import io.tensoronspark.tps.checkpoint.TpsCheckpoint;
import io.tensoronspark.tps.config.TpsClientConfig;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.ParameterSnapshot;
import io.tensoronspark.tps.protocol.ParameterSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts the Tensor Parameter Server inside the driver for one {@code DistributedSession}: starts it
 * once, with the first run's parameters and their current values, and reuses it for every later
 * epoch. Owns the server and closes it. Called from the driver thread that runs epochs.
 */
public final class ParameterServerHost implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ParameterServerHost.class);

  private final SessionConfig config;
  private final TpsServerConfig serverConfig;
  private final TpsClientConfig clientTemplate;
  private final Path checkpointDir;
  private final Configuration hadoopConf;
  private TpsServer server;
  private List<ParameterSpec> parameters;
  private URI advertisedEndpoint;

  /**
   * @param serverConfig the server to start (from {@link TpsSettings#server}); its checkpoint
   *     directory is where epoch-end checkpoints go and resumes read from
   * @param clientTemplate the executors' client settings (from {@link TpsSettings#clientTemplate}),
   *     completed with the server's identity once it runs
   * @param hadoopConf the session's Hadoop configuration, for every checkpoint read and write
   */
  public ParameterServerHost(
      SessionConfig config,
      TpsServerConfig serverConfig,
      TpsClientConfig clientTemplate,
      Configuration hadoopConf) {
    this.config = config;
    this.serverConfig = serverConfig;
    this.clientTemplate = clientTemplate;
    this.checkpointDir = serverConfig.checkpointDir();
    this.hadoopConf = hadoopConf;
  }

  /** Starts the TPS on first use; later calls check that the run trains the same parameters. */
  public void ensureStarted(List<TrainedParameter> trained, float[][] initialValues) {
    List<ParameterSpec> specs = trained.stream().map(TrainedParameter::toParameterSpec).toList();
    if (server != null) {
      if (!sameParameters(specs)) {
        throw new IllegalArgumentException(
            "this session's TPS serves parameters "
                + describe(parameters)
                + "; a run cannot switch to "
                + describe(specs)
                + " (open a new DistributedSession)");
      }
      return;
    }
    Optional<TpsCheckpoint> checkpoint = config.resume() ? latestCheckpoint() : Optional.empty();
    if (checkpoint.isPresent()) {
      server = TpsServer.startFromCheckpoint(serverConfig, specs, checkpoint.get());
      LOG.info(
          "TPS resumed from the checkpoint at version {} in {}",
          checkpoint.get().version(),
          checkpointDir);
    } else {
      if (config.resume()) {
        LOG.warn(
            "resume requested but {} holds no TPS checkpoint: starting from the graph's values",
            checkpointDir);
      }
      server = TpsServer.start(serverConfig, specs, Arrays.asList(initialValues));
    }
    parameters = specs;
    advertisedEndpoint = advertise(server.endpoint());
    LOG.info(
        "TPS listening on {} (advertised {}), combiner {}",
        server.endpoint(),
        advertisedEndpoint,
        config.combiner());
  }

  private Optional<TpsCheckpoint> latestCheckpoint() {
    try {
      return TpsCheckpoint.latest(checkpointDir.getFileSystem(hadoopConf), checkpointDir);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read TPS checkpoints in " + checkpointDir + ": " + e.getMessage(), e);
    }
  }

  /** Checkpoints the TPS into the model directory (values, version, combiner state), atomically. */
  public void checkpoint() {
    try {
      server().checkpoint(checkpointDir);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write a TPS checkpoint to " + checkpointDir + ": " + e.getMessage(), e);
    }
  }

  /** The server's state now (values, version, combiner state), in memory; see {@link #rollBack}. */
  public TpsCheckpoint capture() {
    return server().capture();
  }

  /**
   * Rolls the TPS back to {@code state} (from {@link #capture}) between epochs: the server restarts
   * from it (values, version and combiner state; a new port unless one is configured, token, run id
   * and dashboard link), and the checkpoints written after it are deleted and it is written in
   * their place, so a resume starts from it too.
   */
  public void rollBack(TpsCheckpoint state) {
    TpsServer old = server();
    long from = old.version();
    try {
      FileSystem fs = checkpointDir.getFileSystem(hadoopConf);
      for (Path file : TpsCheckpoint.list(fs, checkpointDir)) {
        if (TpsCheckpoint.versionOf(file.getName()) > state.version()) {
          fs.delete(file, false);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot remove the TPS checkpoints after version "
              + state.version()
              + " in "
              + checkpointDir
              + ": "
              + e.getMessage(),
          e);
    }
    old.close();
    server = TpsServer.startFromCheckpoint(serverConfig, parameters, state);
    advertisedEndpoint = advertise(server.endpoint());
    checkpoint();
    LOG.info(
        "TPS rolled back from version {} to version {}, now on {}",
        from,
        state.version(),
        server.endpoint());
  }

  private URI advertise(URI bound) {
    String host = config.tpsAdvertisedHost();
    if (host == null) {
      return bound;
    }
    try {
      return new URI(bound.getScheme(), null, host, bound.getPort(), null, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("tpsAdvertisedHost '" + host + "' is not a valid host", e);
    }
  }

  private boolean sameParameters(List<ParameterSpec> specs) {
    if (specs.size() != parameters.size()) {
      return false;
    }
    for (int i = 0; i < specs.size(); i++) {
      if (!specs.get(i).name().equals(parameters.get(i).name())
          || !Arrays.equals(specs.get(i).shape(), parameters.get(i).shape())) {
        return false;
      }
    }
    return true;
  }

  private static String describe(List<ParameterSpec> specs) {
    return specs.stream().map(p -> p.name() + Arrays.toString(p.shape())).toList().toString();
  }

  /** The started server. */
  public TpsServer server() {
    if (server == null) {
      throw new IllegalStateException("the TPS starts with the first run");
    }
    return server;
  }

  /** What executors need to reach the server. */
  public TpsClientConfig clientConfig() {
    TpsServer s = server();
    return TpsSettings.client(clientTemplate, advertisedEndpoint, s.token(), s.runId());
  }

  /** The server's values now, in parameter order. */
  public float[][] values() {
    ParameterSnapshot snapshot = server().snapshot();
    float[][] values = new float[snapshot.parameterCount()][];
    for (int i = 0; i < values.length; i++) {
      values[i] = snapshot.values(i);
    }
    return values;
  }

  public boolean started() {
    return server != null;
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
