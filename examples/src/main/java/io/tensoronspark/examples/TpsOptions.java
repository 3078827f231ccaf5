package io.tensoronspark.examples;

import io.tensoronspark.tps.config.TpsClientConfig;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import io.tensoronspark.tps.protocol.StalenessPolicy;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The command-line options of the TPS (a picocli mixin inside {@link TrainingOptions}): where it
 * listens, the push encoding, TLS and the staleness bound. Filled by picocli, then read only; each
 * default is the TPS config's own constant.
 */
public final class TpsOptions {

  @Option(names = "--tps-host", description = "Host the TPS binds (default: spark.driver.host).")
  String host;

  @Option(
      names = "--tps-port",
      description = "Port the TPS binds (default: ${DEFAULT-VALUE}, ephemeral).")
  int port = TpsServerConfig.DEFAULT_PORT;

  @Option(
      names = "--encoding",
      converter = EncodingConverter.class,
      description = "Push payload encoding: f32, f16, bf16 or topk (default: f32).")
  PayloadEncoding encoding = TpsClientConfig.DEFAULT_ENCODING;

  @Option(
      names = "--top-k-fraction",
      description =
          "Share of each parameter's elements a topk push sends (default: ${DEFAULT-VALUE}).")
  double topKFraction = TpsClientConfig.DEFAULT_TOP_K_FRACTION;

  @Option(
      names = "--tls-keystore",
      description = "Serve the TPS over HTTPS with the key and certificate in this PKCS12 file.")
  String keyStore;

  @Option(names = "--tls-keystore-password", description = "The key store's password.")
  String keyStorePassword;

  @Option(
      names = "--tls-truststore",
      description =
          "PKCS12 trust store the executors check the TPS's certificate with (a path readable on"
              + " every executor; default: the JDK's trust).")
  String trustStore;

  @Option(names = "--tls-truststore-password", description = "The trust store's password.")
  String trustStorePassword;

  @Option(
      names = "--max-staleness",
      description =
          "Largest staleness (TPS version minus the push's base version) merged as is (default:"
              + " unbounded).")
  Long maxStaleness;

  @Option(
      names = "--staleness-policy",
      converter = PolicyConverter.class,
      description = "reject (re-pull and carry on) or scale a staler push (default: reject).")
  StalenessPolicy stalenessPolicy = TpsServerConfig.DEFAULT_STALENESS_POLICY;

  /** Sets the server options given on the command line. */
  void applyTo(TpsServerConfig.Builder server) {
    if (host != null) {
      server.bindHost(host);
    }
    server.port(port).stalenessPolicy(stalenessPolicy);
    if (maxStaleness != null) {
      server.maxStaleness(maxStaleness);
    }
    if (keyStore != null) {
      server.keyStore(keyStore, keyStorePassword);
    }
  }

  /** Sets the executors' client options given on the command line. */
  void applyTo(TpsClientConfig.Builder client) {
    client.encoding(encoding).topKFraction(topKFraction);
    if (trustStore != null) {
      client.trustStore(trustStore, trustStorePassword);
    }
  }

  /** f32, f16, bf16, topk (any case; top-k and top_k too). */
  static final class EncodingConverter implements ITypeConverter<PayloadEncoding> {
    @Override
    public PayloadEncoding convert(String value) {
      String name = value.toUpperCase(Locale.ROOT).replace("-", "_");
      if (name.equals("TOPK")) {
        return PayloadEncoding.TOP_K;
      }
      try {
        return PayloadEncoding.valueOf(name);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("expected f32, f16, bf16 or topk, got '" + value + "'");
      }
    }
  }

  /** reject or scale (any case). */
  static final class PolicyConverter implements ITypeConverter<StalenessPolicy> {
    @Override
    public StalenessPolicy convert(String value) {
      try {
        return StalenessPolicy.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("expected reject or scale, got '" + value + "'");
      }
    }
  }
}
