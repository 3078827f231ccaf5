package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a self-signed certificate made at test time by the JDK's keytool. */
@Timeout(60)
class TlsTest {

  private static final String PASSWORD = "changeit";

  @TempDir static Path dir;
  private static Path keyStore;
  private static Path trustStore;

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "keytool finished");
    assertEquals(0, process.exitValue(), output);
  }

  @BeforeAll
  static void makeCertificate() throws Exception {
    keyStore = dir.resolve("server.p12");
    trustStore = dir.resolve("trust.p12");
    Path cert = dir.resolve("server.cer");
    keytool(
        "-genkeypair",
        "-alias",
        "tps",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=127.0.0.1",
        "-ext",
        "SAN=ip:127.0.0.1",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        PASSWORD,
        "-keypass",
        PASSWORD);
    keytool(
        "-exportcert",
        "-alias",
        "tps",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        PASSWORD,
        "-file",
        cert.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "tps",
        "-file",
        cert.toString(),
        "-storetype",
        "PKCS12",
        "-keystore",
        trustStore.toString(),
        "-storepass",
        PASSWORD);
  }

  private static SSLContext serverContext() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  @Test
  void pushAndPullOverHttpsWithATrustStore() throws Exception {
    TpsServerConfig config = TpsServerConfig.builder().sslContext(serverContext()).build();
    try (TpsServer server = TpsServer.start(config, TwoParams.SPECS, TwoParams.initial())) {
      assertEquals("https", server.endpoint().getScheme());
      TpsClientConfig trusted =
          server.clientConfig().trustStore(trustStore.toString(), PASSWORD).build();
      try (TpsClient client = new TpsClient(trusted, TwoParams.SPECS)) {
        float[][] merged = TwoParams.arrays();
        assertEquals(
            1,
            client.pushAndPull(
                new PushHeader(0, 1, 1, client.pull(merged)), TwoParams.filled(1f), merged));
        assertArrayEquals(server.snapshot().values(0), merged[0]);
      }
      try (TpsClient untrusting =
          new TpsClient(server.clientConfig().maxAttempts(1).build(), TwoParams.SPECS)) {
        TpsException e =
            assertThrows(TpsException.class, () -> untrusting.pull(TwoParams.arrays()));
        assertTrue(e.getMessage().contains("SSL"), e.getMessage());
      }
      assertEquals(1, server.version());
    }
  }
}
