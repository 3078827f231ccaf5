package io.tensoronspark.tps.config;

/** Which HTTP client a {@link TpsClient} uses for plain http (https always uses the JDK client). */
public enum ClientTransport {
  /**
   * A lean keep-alive HTTP/1.1 client on a socket channel with direct buffers: the fastest
   * measured.
   */
  CHANNEL,
  /** The JDK {@code java.net.http.HttpClient}: the fallback, and what https uses. */
  JDK
}
