package io.tensoronspark.tps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test support (shared through the tps-server test jar): a self-signed certificate for 127.0.0.1
 * made by the JDK's keytool, as a PKCS12 key store for the TPS and a PKCS12 trust store for its
 * clients.
 *
 * @param keyStore the server's key and certificate
 * @param trustStore the certificate alone
 * @param password both stores' password
 */
public record TestCertificates(Path keyStore, Path trustStore, String password) {

  /** Makes both stores in {@code dir}. */
  public static TestCertificates create(Path dir) throws IOException, InterruptedException {
    String password = "changeit";
    Path keyStore = dir.resolve("tps-key.p12");
    Path trustStore = dir.resolve("tps-trust.p12");
    Path cert = dir.resolve("tps.cer");
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
        password,
        "-keypass",
        password);
    keytool(
        "-exportcert",
        "-alias",
        "tps",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        password,
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
        password);
    return new TestCertificates(keyStore, trustStore, password);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException("keytool " + args[0] + " failed: " + output);
    }
  }
}
