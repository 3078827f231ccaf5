package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.config.TpsClientConfig;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.PushHeader;
import io.tensoronspark.tps.protocol.TpsException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a self-signed certificate made at test time ({@link TestCertificates}). */
@Timeout(60)
class TlsTest {

  @TempDir static Path dir;
  private static TestCertificates certificates;

  @BeforeAll
  static void makeCertificate() throws Exception {
    certificates = TestCertificates.create(dir);
  }

  private static SSLContext serverContext() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(certificates.keyStore())) {
      store.load(in, certificates.password().toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, certificates.password().toCharArray());
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
          server
              .clientConfig()
              .trustStore(certificates.trustStore().toString(), certificates.password())
              .build();
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
