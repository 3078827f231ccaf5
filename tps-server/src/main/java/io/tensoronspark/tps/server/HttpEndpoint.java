package io.tensoronspark.tps.server;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLContext;
import org.xnio.Options;

/**
 * The Undertow listener: one HTTP (or HTTPS, given an {@link SSLContext}) listener on a host and
 * port (0 = ephemeral), the entity size limit set explicitly (Undertow's default is 2 MiB), and the
 * handler chain. Owns the Undertow server and its threads; {@link #close} stops them and is
 * idempotent. Thread-safe.
 */
public final class HttpEndpoint implements AutoCloseable {

  /**
   * Undertow's per-connection buffer size; larger buffers mean fewer syscalls for multi-MB bodies.
   */
  public static final int BUFFER_BYTES = 64 * 1024;

  private final Undertow undertow;
  private final URI uri;
  private boolean closed;

  private HttpEndpoint(Undertow undertow, URI uri) {
    this.undertow = undertow;
    this.uri = uri;
  }

  /**
   * Starts the listener.
   *
   * @param sslContext null for plain HTTP
   */
  public static HttpEndpoint start(
      String host,
      int port,
      SSLContext sslContext,
      int ioThreads,
      int workerThreads,
      long maxEntityBytes,
      HttpHandler handler) {
    Undertow.Builder builder =
        Undertow.builder()
            .setIoThreads(ioThreads)
            .setWorkerThreads(workerThreads)
            .setBufferSize(BUFFER_BYTES)
            .setDirectBuffers(true)
            .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, maxEntityBytes)
            .setSocketOption(Options.TCP_NODELAY, true)
            .setHandler(handler);
    if (sslContext != null) {
      builder.addHttpsListener(port, host, sslContext);
    } else {
      builder.addHttpListener(port, host);
    }
    Undertow undertow = builder.build();
    undertow.start();
    InetSocketAddress bound = (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
    String scheme = sslContext != null ? "https" : "http";
    try {
      URI uri = new URI(scheme, null, hostForUri(bound), bound.getPort(), null, null, null);
      return new HttpEndpoint(undertow, uri);
    } catch (URISyntaxException e) {
      undertow.stop();
      throw new IllegalStateException("cannot form a URI for " + bound, e);
    }
  }

  /**
   * The bound address, or this machine's address when bound to the wildcard (clients cannot dial
   * 0.0.0.0).
   */
  private static String hostForUri(InetSocketAddress bound) {
    InetAddress address = bound.getAddress();
    if (address == null) {
      return bound.getHostString();
    }
    if (address.isAnyLocalAddress()) {
      try {
        return InetAddress.getLocalHost().getHostAddress();
      } catch (UnknownHostException e) {
        throw new IllegalStateException(
            "bound to the wildcard address and cannot resolve the local host", e);
      }
    }
    return address.getHostAddress();
  }

  /** The bound endpoint, e.g. {@code http://127.0.0.1:41234}. */
  public URI uri() {
    return uri;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      undertow.stop();
    }
  }
}
