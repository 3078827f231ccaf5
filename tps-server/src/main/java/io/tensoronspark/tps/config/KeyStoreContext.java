package io.tensoronspark.tps.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** Makes the server's {@link SSLContext} from a key store file (its key and certificate). */
final class KeyStoreContext {

  private KeyStoreContext() {}

  /**
   * @throws IllegalArgumentException naming the file when it cannot be read or holds no usable key
   */
  static SSLContext load(String path, String password, String type) {
    char[] secret = password == null ? null : password.toCharArray();
    try (InputStream in = Files.newInputStream(Paths.get(path))) {
      KeyStore store = KeyStore.getInstance(type);
      store.load(in, secret);
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, secret);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot load the " + type + " key store " + path + ": " + e.getMessage(), e);
    }
  }
}
