package io.tensoronspark.session.driver;

import io.tensoronspark.combiners.Combiner;
import io.tensoronspark.tps.config.TpsClientConfig;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import java.net.URI;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
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
   * session's combiner, checkpoint directory and Hadoop configuration (so checkpoints are written
   * with the settings they are read with, {@code spark.hadoop.*} included).
   *
   * @throws IllegalArgumentException when a value is invalid or the customiser changed the combiner
   *     or the checkpoint directory
   */
  public static TpsServerConfig server(
      Consumer<TpsServerConfig.Builder> customiser,
      String driverHost,
      Combiner combiner,
      Path checkpointDir,
      Configuration hadoopConf) {
    TpsServerConfig.Builder b =
        TpsServerConfig.builder()
            .bindHost(driverHost)
            .requireLaunchedAttempts(true) // EpochRunner registers every attempt Spark launches
            .combiner(combiner)
            .checkpointDir(checkpointDir)
            .hadoopConfiguration(hadoopConf);
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
    if (config.hadoopConfiguration() != hadoopConf) {
      throw owned(
          "tpsServer", "hadoopConfiguration", "the Spark context (sc.hadoopConfiguration())");
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

  /**
   * Refuses {@link PayloadEncoding#TOP_K} with a combiner whose workers send their values rather
   * than an update (moving-mean, replace, ...): top-k sends a few elements and zeros for the rest,
   * which is a small update but would wipe values. Probed with the combiner's worker half: with
   * nothing changed locally (W = B), an update-sending combiner sends zeros.
   *
   * @throws IllegalArgumentException naming the combiner and the encodings that fit
   */
  public static void checkEncodingFits(TpsClientConfig client, Combiner combiner) {
    if (client.encoding() != PayloadEncoding.TOP_K) {
      return;
    }
    float[] unchanged = {1f, -2f, 3f, 0.5f};
    float[] payload = new float[unchanged.length];
    combiner.preparePayload(unchanged, unchanged.clone(), payload);
    for (float p : payload) {
      if (p != 0f) {
        throw new IllegalArgumentException(
            "encoding TOP_K needs a combiner whose workers send updates (e.g. delta-sum,"
                + " model-averaging, dynsgd, easgd, server-momentum); "
                + combiner.name()
                + " sends its values, which top-k would zero: use F32, F16 or BF16 with it");
      }
    }
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
