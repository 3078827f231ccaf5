package io.tensoronspark.tps;

import io.tensoronspark.tps.client.HttpTransport;
import java.util.function.UnaryOperator;

/**
 * The TPS client's one testing seam: a test may wrap the transport of every {@link TpsClient}
 * created in this JVM afterwards (e.g. to drop requests and replies on purpose and check retries
 * and deduplication, also under Spark local mode, whose tasks run in this JVM). Package-private:
 * production code never installs anything, and tests reach it through the tps-server test jar.
 * Thread-safe (a volatile reference); installs are not nested.
 */
final class ClientTestSeam {

  private static volatile UnaryOperator<HttpTransport> decorator;

  private ClientTestSeam() {}

  static HttpTransport decorate(HttpTransport transport) {
    UnaryOperator<HttpTransport> d = decorator;
    return d == null ? transport : d.apply(transport);
  }

  /** Wraps the transports of clients created from now on; {@code null} stops. */
  static void install(UnaryOperator<HttpTransport> wrapper) {
    decorator = wrapper;
  }
}
