package io.tensoronspark.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.config.TpsClientConfig;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import io.tensoronspark.tps.protocol.StalenessPolicy;
import java.net.URI;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class TpsOptionsTest {

  @Command(name = "probe")
  static final class Probe {
    @Mixin TrainingOptions options = new TrainingOptions();
  }

  private static TrainingOptions parse(String... args) {
    Probe probe = new Probe();
    new CommandLine(probe).parseArgs(args);
    return probe.options;
  }

  private static TpsClientConfig client(TrainingOptions options) {
    TpsClientConfig.Builder b =
        TpsClientConfig.builder().endpoint(URI.create("http://127.0.0.1:1")).token("t");
    options.tps.applyTo(b);
    return b.build();
  }

  @Test
  void theTpsFlagsReachTheServerAndClientBuilders() {
    TrainingOptions options =
        parse(
            "--encoding",
            "topk",
            "--top-k-fraction",
            "0.05",
            "--max-staleness",
            "3",
            "--staleness-policy",
            "scale",
            "--tps-port",
            "7077");
    TpsServerConfig.Builder server = TpsServerConfig.builder();
    options.tps.applyTo(server);
    TpsServerConfig built = server.build();
    assertEquals(3, built.maxStaleness());
    assertEquals(StalenessPolicy.SCALE, built.stalenessPolicy());
    assertEquals(7077, built.port());
    TpsClientConfig client = client(options);
    assertEquals(PayloadEncoding.TOP_K, client.encoding());
    assertEquals(0.05, client.topKFraction());
    assertEquals(PayloadEncoding.BF16, client(parse("--encoding", "BF16")).encoding());
  }

  @Test
  void withoutFlagsEveryDefaultIsTheConfigsOwn() {
    TrainingOptions options = parse();
    TpsServerConfig.Builder server = TpsServerConfig.builder();
    options.tps.applyTo(server);
    TpsServerConfig built = server.build();
    assertEquals(TpsServerConfig.DEFAULT_MAX_STALENESS, built.maxStaleness());
    assertEquals(TpsServerConfig.DEFAULT_STALENESS_POLICY, built.stalenessPolicy());
    assertEquals(null, built.sslContext());
    TpsClientConfig client = client(options);
    assertEquals(TpsClientConfig.DEFAULT_ENCODING, client.encoding());
    assertEquals(TpsClientConfig.DEFAULT_TOP_K_FRACTION, client.topKFraction());
    assertEquals(null, client.trustStorePath());
  }

  @Test
  void aWrongEncodingOrPolicyIsNamed() {
    CommandLine.ParameterException encoding =
        assertThrows(CommandLine.ParameterException.class, () -> parse("--encoding", "f8"));
    assertTrue(
        encoding.getMessage().contains("expected f32, f16, bf16 or topk, got 'f8'"),
        encoding.getMessage());
    CommandLine.ParameterException policy =
        assertThrows(
            CommandLine.ParameterException.class, () -> parse("--staleness-policy", "wait"));
    assertTrue(
        policy.getMessage().contains("expected reject or scale, got 'wait'"), policy.getMessage());
  }

  @Test
  void anUnreadableKeyStoreIsNamedWhenTheServerConfigIsBuilt() {
    TrainingOptions options =
        parse("--tls-keystore", "/nonexistent/tps.p12", "--tls-keystore-password", "x");
    TpsServerConfig.Builder server = TpsServerConfig.builder();
    options.tps.applyTo(server);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, server::build);
    assertTrue(e.getMessage().contains("/nonexistent/tps.p12"), e.getMessage());
  }
}
