package io.tensoronspark.session.driver;

import io.tensoronspark.combiners.Combiner;
import io.tensoronspark.tps.TpsClientConfig;
import io.tensoronspark.tps.TpsServerConfig;
import java.net.URI;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;

/**
 * Turns the user's customisers of the TPS server and client builders into configs, so each TPS
 * option and its default live once, in {@link TpsServerConfig} and {@link TpsClientConfig}. The
 * session sets what it owns first (the bind host default, the combiner, the checkpoint directory;
 * the client's endpoint, token and run id), then runs the customiser, and refuses a customiser that
 * changed a setting the session owns. Used on the driver thread that builds the session.
 */
public final class TpsSettings {

  /** Stands for the endpoint until the server runs; a customiser must leave it alone. */
  private static final URI UNSET_ENDPOINT = URI.create("http://unset.invalid:1");

  private static final String UNSET_TOKEN = "unset";
  private static final long UNSET_RUN_ID = Long.MIN_VALUE;

  private TpsSettings() {}

  /**
   * The server config: bind host {@code driverHost} unless the customiser binds another one, the
   * session's combiner and checkpoint directory.
   *
   * @throws IllegalArgumentException when a value is invalid or the customiser changed the combiner
   *     or the checkpoint directory
   */
  public static TpsServerConfig server(
      Consumer<TpsServerConfig.Builder> customiser,
      String driverHost,
      Combiner combiner,
      Path checkpointDir) {
    TpsServerConfig.Builder b =
        TpsServerConfig.builder()
            .bindHost(driverHost)
            .requireLaunchedAttempts(true) // EpochRunner registers every attempt Spark launches
            .combiner(combiner)
            .checkpointDir(checkpointDir);
    customiser.accept(b);
    TpsServerConfig config = b.build();
    if (config.combiner() != combiner) {
      throw owned("tpsServer", "combiner", "DistributedSession.Builder.combiner(...)");
    }
    if (!config.requireLaunchedAttempts()) {
      throw owned(
          "tpsServer",
          "requireLaunchedAttempts",
          "the session (it registers every task attempt Spark launches)");
    }
    if (!Objects.equals(config.checkpointDir(), checkpointDir)) {
      throw owned(
          "tpsServer", "checkpointDir", "modelDir (checkpoints go to modelDir/tps-checkpoints)");
    }
    return config;
  }

  /**
   * The client settings, checked now; {@link #client(TpsClientConfig, URI, String, long)} fills in
   * the server's endpoint, token and run id once it runs.
   *
   * @throws IllegalArgumentException when a value is invalid or the customiser set the endpoint,
   *     the token or the run id
   */
  public static TpsClientConfig clientTemplate(Consumer<TpsClientConfig.Builder> customiser) {
    TpsClientConfig.Builder b =
        TpsClientConfig.builder().endpoint(UNSET_ENDPOINT).token(UNSET_TOKEN).runId(UNSET_RUN_ID);
    customiser.accept(b);
    TpsClientConfig template = b.build();
    if (!template.endpoint().equals(UNSET_ENDPOINT)
        || !template.token().equals(UNSET_TOKEN)
        || template.runId() != UNSET_RUN_ID) {
      throw owned("tpsClient", "endpoint, token and runId", "the running TPS");
    }
    return template;
  }

  /** The template with the running server's identity. */
  public static TpsClientConfig client(
      TpsClientConfig template, URI endpoint, String token, long runId) {
    return template.toBuilder().endpoint(endpoint).token(token).runId(runId).build();
  }

  private static IllegalArgumentException owned(String customiser, String what, String source) {
    return new IllegalArgumentException(
        customiser + "(...) must not set " + what + ": the session sets them from " + source);
  }
}
