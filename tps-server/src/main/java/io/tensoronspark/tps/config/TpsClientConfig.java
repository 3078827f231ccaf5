package io.tensoronspark.tps.config;

import io.tensoronspark.tps.protocol.PayloadEncoding;
import java.io.Serializable;
import java.net.URI;
import java.util.Objects;

/**
 * How a {@link TpsClient} reaches the server and retries. Immutable and {@link Serializable} (it
 * travels to Spark executors in the run spec); made with {@link #builder()}; every default is a
 * named constant and every value is checked once, in {@link Builder#build()}. TLS trust is given as
 * a trust store path (readable on every executor) because an {@code SSLContext} is not
 * serializable.
 */
public final class TpsClientConfig implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Connect timeout per attempt. */
  public static final int DEFAULT_CONNECT_TIMEOUT_MILLIS = 5_000;

  /** Timeout of one whole request (send, server work, reply) per attempt. */
  public static final int DEFAULT_REQUEST_TIMEOUT_MILLIS = 60_000;

  /** Attempts per operation, the first included. */
  public static final int DEFAULT_MAX_ATTEMPTS = 4;

  /** Backoff before the second attempt; doubles per attempt, with jitter. */
  public static final int DEFAULT_INITIAL_BACKOFF_MILLIS = 100;

  /** Upper bound of one backoff (a server's Retry-After is honoured up to this too). */
  public static final int DEFAULT_MAX_BACKOFF_MILLIS = 10_000;

  /** Payload encoding of pushes. */
  public static final PayloadEncoding DEFAULT_ENCODING = PayloadEncoding.F32;

  /** Fraction of each parameter's elements sent under {@link PayloadEncoding#TOP_K}. */
  public static final double DEFAULT_TOP_K_FRACTION = 0.01;

  /** The HTTP client for plain http. */
  public static final ClientTransport DEFAULT_TRANSPORT = ClientTransport.CHANNEL;

  /** Trust store type when a trust store path is given. */
  public static final String DEFAULT_TRUST_STORE_TYPE = "PKCS12";

  private final URI endpoint;
  private final String token;
  private final long runId;
  private final int connectTimeoutMillis;
  private final int requestTimeoutMillis;
  private final int maxAttempts;
  private final int initialBackoffMillis;
  private final int maxBackoffMillis;
  private final PayloadEncoding encoding;
  private final double topKFraction;
  private final ClientTransport transport;
  private final String trustStorePath;
  private final String trustStorePassword;
  private final String trustStoreType;

  private TpsClientConfig(Builder b) {
    this.endpoint = Objects.requireNonNull(b.endpoint, "endpoint");
    String scheme = endpoint.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)
        || endpoint.getHost() == null
        || endpoint.getPort() < 0) {
      throw new IllegalArgumentException("endpoint must be http(s)://host:port, got " + endpoint);
    }
    if (b.token == null || b.token.isEmpty()) {
      throw new IllegalArgumentException("token must be non-empty");
    }
    this.token = b.token;
    this.runId = b.runId;
    this.connectTimeoutMillis = positive(b.connectTimeoutMillis, "connectTimeoutMillis");
    this.requestTimeoutMillis = positive(b.requestTimeoutMillis, "requestTimeoutMillis");
    this.maxAttempts = positive(b.maxAttempts, "maxAttempts");
    if (b.initialBackoffMillis < 0 || b.maxBackoffMillis < b.initialBackoffMillis) {
      throw new IllegalArgumentException(
          "backoff needs 0 <= initialBackoffMillis <= maxBackoffMillis, got "
              + b.initialBackoffMillis
              + " and "
              + b.maxBackoffMillis);
    }
    this.initialBackoffMillis = b.initialBackoffMillis;
    this.maxBackoffMillis = b.maxBackoffMillis;
    this.encoding = Objects.requireNonNull(b.encoding, "encoding");
    if (!(b.topKFraction > 0 && b.topKFraction <= 0.5)) {
      throw new IllegalArgumentException("topKFraction must be in (0, 0.5], got " + b.topKFraction);
    }
    this.topKFraction = b.topKFraction;
    this.transport = Objects.requireNonNull(b.transport, "transport");
    this.trustStorePath = b.trustStorePath;
    this.trustStorePassword = b.trustStorePassword;
    this.trustStoreType = Objects.requireNonNull(b.trustStoreType, "trustStoreType");
  }

  private static int positive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
    return value;
  }

  /** A builder with every default (endpoint, token and run id must be set). */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.endpoint = endpoint;
    b.token = token;
    b.runId = runId;
    b.connectTimeoutMillis = connectTimeoutMillis;
    b.requestTimeoutMillis = requestTimeoutMillis;
    b.maxAttempts = maxAttempts;
    b.initialBackoffMillis = initialBackoffMillis;
    b.maxBackoffMillis = maxBackoffMillis;
    b.encoding = encoding;
    b.topKFraction = topKFraction;
    b.transport = transport;
    b.trustStorePath = trustStorePath;
    b.trustStorePassword = trustStorePassword;
    b.trustStoreType = trustStoreType;
    return b;
  }

  /** The server, e.g. {@code http://10.0.0.5:41234}. */
  public URI endpoint() {
    return endpoint;
  }

  /** The bearer token. */
  public String token() {
    return token;
  }

  /** The server's run id; replies from another run are refused. */
  public long runId() {
    return runId;
  }

  public int connectTimeoutMillis() {
    return connectTimeoutMillis;
  }

  public int requestTimeoutMillis() {
    return requestTimeoutMillis;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public int initialBackoffMillis() {
    return initialBackoffMillis;
  }

  public int maxBackoffMillis() {
    return maxBackoffMillis;
  }

  /** The encoding of push payloads. */
  public PayloadEncoding encoding() {
    return encoding;
  }

  /** The fraction of elements sent per parameter under TOP_K. */
  public double topKFraction() {
    return topKFraction;
  }

  /** The HTTP client used for plain http. */
  public ClientTransport transport() {
    return transport;
  }

  /** A trust store file (local path) for HTTPS, or null for the JDK's default trust. */
  public String trustStorePath() {
    return trustStorePath;
  }

  /** The trust store's password, or null. */
  public String trustStorePassword() {
    return trustStorePassword;
  }

  public String trustStoreType() {
    return trustStoreType;
  }

  @Override
  public String toString() {
    return "TpsClientConfig["
        + endpoint
        + ", run="
        + runId
        + ", connect="
        + connectTimeoutMillis
        + " ms, request="
        + requestTimeoutMillis
        + " ms, attempts="
        + maxAttempts
        + ", backoff="
        + initialBackoffMillis
        + ".."
        + maxBackoffMillis
        + " ms, encoding="
        + encoding
        + ", trustStore="
        + trustStorePath
        + "]";
  }

  /** Collects settings; not thread-safe. */
  public static final class Builder {
    private URI endpoint;
    private String token;
    private long runId;
    private int connectTimeoutMillis = DEFAULT_CONNECT_TIMEOUT_MILLIS;
    private int requestTimeoutMillis = DEFAULT_REQUEST_TIMEOUT_MILLIS;
    private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
    private int initialBackoffMillis = DEFAULT_INITIAL_BACKOFF_MILLIS;
    private int maxBackoffMillis = DEFAULT_MAX_BACKOFF_MILLIS;
    private PayloadEncoding encoding = DEFAULT_ENCODING;
    private double topKFraction = DEFAULT_TOP_K_FRACTION;
    private ClientTransport transport = DEFAULT_TRANSPORT;
    private String trustStorePath;
    private String trustStorePassword;
    private String trustStoreType = DEFAULT_TRUST_STORE_TYPE;

    private Builder() {}

    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    public Builder token(String token) {
      this.token = token;
      return this;
    }

    public Builder runId(long runId) {
      this.runId = runId;
      return this;
    }

    /** Default {@value #DEFAULT_CONNECT_TIMEOUT_MILLIS}. */
    public Builder connectTimeoutMillis(int millis) {
      this.connectTimeoutMillis = millis;
      return this;
    }

    /** Default {@value #DEFAULT_REQUEST_TIMEOUT_MILLIS}. */
    public Builder requestTimeoutMillis(int millis) {
      this.requestTimeoutMillis = millis;
      return this;
    }

    /** Default {@value #DEFAULT_MAX_ATTEMPTS}. */
    public Builder maxAttempts(int attempts) {
      this.maxAttempts = attempts;
      return this;
    }

    /** Default {@value #DEFAULT_INITIAL_BACKOFF_MILLIS}. */
    public Builder initialBackoffMillis(int millis) {
      this.initialBackoffMillis = millis;
      return this;
    }

    /** Default {@value #DEFAULT_MAX_BACKOFF_MILLIS}. */
    public Builder maxBackoffMillis(int millis) {
      this.maxBackoffMillis = millis;
      return this;
    }

    /** Default F32. */
    public Builder encoding(PayloadEncoding encoding) {
      this.encoding = encoding;
      return this;
    }

    /** Default {@value #DEFAULT_TOP_K_FRACTION}. */
    public Builder topKFraction(double fraction) {
      this.topKFraction = fraction;
      return this;
    }

    /** Default CHANNEL (https always uses the JDK client). */
    public Builder transport(ClientTransport transport) {
      this.transport = transport;
      return this;
    }

    /** A trust store file for HTTPS (e.g. the server's self-signed certificate). */
    public Builder trustStore(String path, String password) {
      this.trustStorePath = path;
      this.trustStorePassword = password;
      return this;
    }

    /** Default {@value #DEFAULT_TRUST_STORE_TYPE}. */
    public Builder trustStoreType(String type) {
      this.trustStoreType = type;
      return this;
    }

    public TpsClientConfig build() {
      return new TpsClientConfig(this);
    }
  }
}
