package io.tensoronspark.tps.client;

import io.tensoronspark.tps.config.TpsClientConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Makes the client's {@link SSLContext} from the trust store named in a {@link TpsClientConfig}.
 * Stateless.
 */
public final class TrustStoreContext {

  private TrustStoreContext() {}

  /**
   * The context trusting the config's trust store, or null when it names none (the JDK's default
   * trust applies).
   *
   * @throws IllegalArgumentException naming the file when it cannot be read
   */
  public static SSLContext forConfig(TpsClientConfig config) {
    if (config.trustStorePath() == null) {
      return null;
    }
    char[] password =
        config.trustStorePassword() == null ? null : config.trustStorePassword().toCharArray();
    try (InputStream in = Files.newInputStream(Paths.get(config.trustStorePath()))) {
      KeyStore store = KeyStore.getInstance(config.trustStoreType());
      store.load(in, password);
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot load the "
              + config.trustStoreType()
              + " trust store "
              + config.trustStorePath()
              + ": "
              + e.getMessage(),
          e);
    }
  }
}
