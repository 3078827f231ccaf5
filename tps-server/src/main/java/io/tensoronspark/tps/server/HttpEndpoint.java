package io.tensoronspark.tps.server;

import io.tensoronspark.tps.config.TpsServerConfig;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
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
 * port (0 = ephemeral), and the handler chain. The TPS enforces the body limit itself and answers
 * 413 naming it: {@link BodySizeLimitHandler} for a declared Content-Length, the push handler's
 * body reader (whose buffer holds exactly the largest valid frame) for chunked bodies. Undertow's
 * own limit is only a backstop at {@link #transportLimit}: for a chunked body it counts the chunk
 * framing too, and when it trips it closes the connection without an answer, so at the frame limit
 * itself it refused valid chunked pushes; it still cuts off an endless chunked body sent to any
 * path. Owns the Undertow server and its threads; {@link #close} stops them and is idempotent.
 * Thread-safe.
 */
public final class HttpEndpoint implements AutoCloseable {

  /**
   * Undertow's per-connection buffer size; larger buffers mean fewer syscalls for multi-MB bodies.
   */
  public static final int BUFFER_BYTES = 64 * 1024;

  /**
   * Room for chunk framing in {@link #transportLimit}: chunks of 1 KiB or more add well under 1%.
   */
  static final long CHUNK_FRAMING_ALLOWANCE_BYTES = 64 * 1024;

  /**
   * Buffers each I/O or worker thread keeps for itself before returning them to the shared pool.
   */
  static final int THREAD_CACHED_BUFFERS = 4;

  /** Buffers the shared pool keeps per I/O thread; past that, freed buffers are deallocated. */
  static final int POOLED_BUFFERS_PER_IO_THREAD = 8;

  private final Undertow undertow;
  private final DefaultByteBufferPool buffers;
  private final URI uri;
  private boolean closed;

  private HttpEndpoint(Undertow undertow, DefaultByteBufferPool buffers, URI uri) {
    this.undertow = undertow;
    this.buffers = buffers;
    this.uri = uri;
  }

  /**
   * Starts the listener with {@code config}'s address, TLS context, threads and connection limits:
   * a connection that takes longer than {@link TpsServerConfig#requestHeaderTimeoutMillis} to send
   * a request's head, or idles longer than {@link TpsServerConfig#idleConnectionTimeoutMillis}
   * between requests, is closed; past {@link TpsServerConfig#maxConnections} open connections, XNIO
   * stops accepting new ones until some close (they wait in the kernel's backlog).
   */
  public static HttpEndpoint start(TpsServerConfig config, long maxBodyBytes, HttpHandler handler) {
    String host = config.bindHost();
    int port = config.port();
    SSLContext sslContext = config.sslContext();
    DefaultByteBufferPool buffers = newBufferPool(config.ioThreads());
    Undertow.Builder builder =
        Undertow.builder()
            .setIoThreads(config.ioThreads())
            .setWorkerThreads(config.workerThreads())
            .setByteBufferPool(buffers)
            .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, transportLimit(maxBodyBytes))
            .setServerOption(
                UndertowOptions.REQUEST_PARSE_TIMEOUT, config.requestHeaderTimeoutMillis())
            .setServerOption(
                UndertowOptions.NO_REQUEST_TIMEOUT, config.idleConnectionTimeoutMillis())
            .setSocketOption(Options.TCP_NODELAY, true)
            .setSocketOption(Options.CONNECTION_HIGH_WATER, config.maxConnections())
            .setSocketOption(Options.CONNECTION_LOW_WATER, config.maxConnections())
            .setHandler(handler);
    if (sslContext != null) {
      builder.addHttpsListener(port, host, sslContext);
    } else {
      builder.addHttpListener(port, host);
    }
    Undertow undertow = builder.build();
    try {
      undertow.start();
    } catch (RuntimeException e) {
      buffers.close();
      throw e;
    }
    InetSocketAddress bound = (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
    String scheme = sslContext != null ? "https" : "http";
    try {
      URI uri = new URI(scheme, null, hostForUri(bound), bound.getPort(), null, null, null);
      return new HttpEndpoint(undertow, buffers, uri);
    } catch (URISyntaxException e) {
      undertow.stop();
      buffers.close();
      throw new IllegalStateException("cannot form a URI for " + bound, e);
    }
  }

  /**
   * Undertow's entity size limit for bodies of at most {@code maxBodyBytes}: twice that plus {@link
   * #CHUNK_FRAMING_ALLOWANCE_BYTES}, far enough above the TPS's own limit that the TPS always
   * answers first.
   */
  static long transportLimit(long maxBodyBytes) {
    return 2 * maxBodyBytes + CHUNK_FRAMING_ALLOWANCE_BYTES;
  }

  /**
   * Undertow's connection buffers ({@link #BUFFER_BYTES}, direct), pooled across threads. The pool
   * {@code Undertow.builder()} makes by itself keeps a few buffers per thread and no shared pool
   * (its maximum of -1 frees every buffer that does not fit a thread's cache), so a request read on
   * an I/O thread and finished on a worker thread allocated, zeroed and freed a 64 KiB direct
   * buffer each time (seen with async-profiler on 4 MB pushes: {@code
   * DefaultByteBufferPool.allocate} then {@code Unsafe.setMemory}, and the cleaner freeing it on
   * the worker).
   */
  static DefaultByteBufferPool newBufferPool(int ioThreads) {
    return new DefaultByteBufferPool(
        true, BUFFER_BYTES, POOLED_BUFFERS_PER_IO_THREAD * ioThreads, THREAD_CACHED_BUFFERS);
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
      buffers.close();
    }
  }
}
