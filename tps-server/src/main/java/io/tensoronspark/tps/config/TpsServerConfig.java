package io.tensoronspark.tps.config;

import io.tensoronspark.combiners.Combiner;
import io.tensoronspark.combiners.DeltaSum;
import io.tensoronspark.tps.protocol.StalenessPolicy;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * How a {@link TpsServer} runs. Immutable; made with {@link #builder()}; every default is a named
 * constant and every value is checked once, in {@link Builder#build()}. Not serializable (it holds
 * an {@link SSLContext}): it stays on the driver; executors get a {@link TpsClientConfig}.
 */
public final class TpsServerConfig {

  /** Loopback only by default: exposing the TPS is a decision. */
  public static final String DEFAULT_BIND_HOST = "127.0.0.1";

  /** 0 = an ephemeral port; read the real one from {@link TpsServer#endpoint()}. */
  public static final int DEFAULT_PORT = 0;

  /** Random bytes in a generated token (base64url-encoded). */
  public static final int DEFAULT_TOKEN_BYTES = 32;

  /** N before the driver sets it per epoch. */
  public static final int DEFAULT_WORKER_COUNT = 1;

  /** Floats per shard: 4 MiB of values, merged by one thread at a time. */
  public static final int DEFAULT_CHUNK_SIZE_FLOATS = 1 << 20;

  /**
   * Undertow I/O threads: more than cores, because small pushes are handled wholly on their
   * connection's I/O thread and XNIO gives each new connection a thread at random, so two busy
   * executors on one thread take turns while a core idles (benchmarks/README.md, "Small pushes and
   * I/O threads").
   */
  public static final int DEFAULT_IO_THREADS =
      Math.max(8, 2 * Runtime.getRuntime().availableProcessors());

  /** Requests handled at once; more wait in a queue. */
  public static final int DEFAULT_MAX_CONCURRENT_REQUESTS =
      Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

  /** Requests waiting for a slot; beyond them the server answers 503 with Retry-After. */
  public static final int DEFAULT_MAX_QUEUED_REQUESTS = 1024;

  /** The Retry-After of a 503. */
  public static final int DEFAULT_RETRY_AFTER_SECONDS = 1;

  /**
   * How long a push body may go without a byte arriving before the server gives up on it (answers
   * 408 and closes the connection), so a stalled client does not keep a request slot and its
   * buffers.
   */
  public static final long DEFAULT_BODY_STALL_TIMEOUT_MILLIS = 60_000;

  /**
   * How long a whole request body may take (a healthy worker sends even a 400 MB push in seconds);
   * past it the push is answered 408 and nothing is merged.
   */
  public static final long DEFAULT_BODY_DEADLINE_MILLIS = 600_000;

  /**
   * The slowest average rate a request body may arrive at: a body gets {@link
   * #DEFAULT_BODY_STALL_TIMEOUT_MILLIS bodyStallTimeoutMillis} plus one second per this many bytes,
   * so a client trickling bytes is cut off (408) instead of holding a push slot; far below any
   * working link (1 Mbit/s is 125,000 bytes/s).
   */
  public static final long DEFAULT_MIN_BODY_BYTES_PER_SECOND = 16 * 1024;

  /** How long a connection may take to send a request's line and headers before it is closed. */
  public static final int DEFAULT_REQUEST_HEADER_TIMEOUT_MILLIS = 30_000;

  /** How long a connection may idle between requests before the server closes it. */
  public static final int DEFAULT_IDLE_CONNECTION_TIMEOUT_MILLIS = 300_000;

  /**
   * Open connections per server; past it new connections wait in the kernel's backlog until some
   * close. Each executor task keeps one.
   */
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;

  /**
   * Whether only task attempts registered with {@link TpsServer#registerLaunchedAttempt} may push,
   * pull with an identity and claim their partition. Off for a bare server (nothing registers);
   * {@code DistributedSession} turns it on and registers every attempt Spark launches.
   */
  public static final boolean DEFAULT_REQUIRE_LAUNCHED_ATTEMPTS = false;

  /**
   * How long an identified pull of an attempt not registered yet waits for its registration (it
   * travels Spark's listener bus and may come a moment after the task started) before 409.
   */
  public static final long DEFAULT_LAUNCH_REGISTRATION_WAIT_MILLIS = 10_000;

  /**
   * Log lines a minute about requests refused for a missing or wrong token (anyone who reaches the
   * port can cause them); the rest are counted on the next line. Not an option.
   */
  public static final int UNAUTHENTICATED_LOG_LINES_PER_MINUTE = 10;

  /** Characters of a refused request's path that go into its log line, escaped. Not an option. */
  public static final int MAX_LOGGED_PATH_CHARS = 128;

  /**
   * Pooled body buffer sets (a push's request and reply buffers; a pull's reply buffer) per request
   * slot, pushes and pulls each: a slot may be freed (its connection closed) a moment before the
   * thread reading its body gives the buffers back. Bounds the direct memory for bodies: see {@link
   * TpsServer#bodyBufferCeilingBytes}. Not an option.
   */
  public static final int BODY_BUFFER_SETS_PER_SLOT = 2;

  /** No staleness bound. */
  public static final long DEFAULT_MAX_STALENESS = Long.MAX_VALUE;

  /** What happens to a push staler than maxStaleness. */
  public static final StalenessPolicy DEFAULT_STALENESS_POLICY = StalenessPolicy.REJECT;

  /**
   * How far past the highest applied sequence of its attempt a push's sequence may be (a new
   * attempt starts below this): sequences advance one per push, so only a client skipping this many
   * (or forging its sequences) is refused. Not an option.
   */
  public static final long MAX_SEQUENCE_GAP = 1 << 16;

  /** Task attempts remembered for deduplicating retried pushes. */
  public static final int DEFAULT_DEDUP_ATTEMPTS = 65_536;

  /** Pushes of at least this many floats (over several shards) merge their shards in parallel. */
  public static final int DEFAULT_PARALLEL_MERGE_MIN_FLOATS = 1 << 21;

  /** Threads merging shards of one large push in parallel. */
  public static final int DEFAULT_MERGE_THREADS =
      Math.max(1, Runtime.getRuntime().availableProcessors());

  /** Periodic checkpoints: off. */
  public static final long DEFAULT_CHECKPOINT_INTERVAL_SECONDS = 0;

  /** Checkpoints kept in the checkpoint directory. */
  public static final int DEFAULT_CHECKPOINTS_TO_KEEP = 3;

  /** Key store type when a key store path is given. */
  public static final String DEFAULT_KEY_STORE_TYPE = "PKCS12";

  private final String bindHost;
  private final int port;
  private final String token;
  private final Combiner combiner;
  private final int workerCount;
  private final int chunkSizeFloats;
  private final int ioThreads;
  private final int workerThreads;
  private final int workerThreadsSetting;
  private final int maxConcurrentRequests;
  private final int maxQueuedRequests;
  private final int retryAfterSeconds;
  private final long bodyStallTimeoutMillis;
  private final long bodyDeadlineMillis;
  private final long minBodyBytesPerSecond;
  private final int requestHeaderTimeoutMillis;
  private final int idleConnectionTimeoutMillis;
  private final int maxConnections;
  private final boolean requireLaunchedAttempts;
  private final long launchRegistrationWaitMillis;
  private final long maxStaleness;
  private final StalenessPolicy stalenessPolicy;
  private final int dedupAttempts;
  private final int parallelMergeMinFloats;
  private final int mergeThreads;
  private final SSLContext sslContext;
  private final SSLContext givenSslContext;
  private final String keyStorePath;
  private final String keyStorePassword;
  private final String keyStoreType;
  private final Path checkpointDir;
  private final Configuration hadoopConf;
  private final long checkpointIntervalSeconds;
  private final int checkpointsToKeep;

  private TpsServerConfig(Builder b) {
    this.bindHost = requireNonEmpty(b.bindHost, "bindHost");
    this.port = check(b.port, b.port >= 0 && b.port <= 65535, "port", "in 0..65535");
    this.token = b.token != null ? requireNonEmpty(b.token, "token") : randomToken();
    this.combiner = Objects.requireNonNull(b.combiner, "combiner");
    this.workerCount = check(b.workerCount, b.workerCount >= 1, "workerCount", ">= 1");
    this.chunkSizeFloats =
        check(b.chunkSizeFloats, b.chunkSizeFloats >= 1, "chunkSizeFloats", ">= 1");
    this.ioThreads = check(b.ioThreads, b.ioThreads >= 1, "ioThreads", ">= 1");
    this.maxConcurrentRequests =
        check(
            b.maxConcurrentRequests, b.maxConcurrentRequests >= 1, "maxConcurrentRequests", ">= 1");
    this.workerThreadsSetting =
        check(b.workerThreads, b.workerThreads >= 0, "workerThreads", ">= 0 (0 = derived)");
    // Pushes and pulls have a limit each, and a worker thread may wait on a slow body.
    this.workerThreads = b.workerThreads > 0 ? b.workerThreads : 2 * maxConcurrentRequests + 2;
    this.maxQueuedRequests =
        check(b.maxQueuedRequests, b.maxQueuedRequests >= 0, "maxQueuedRequests", ">= 0");
    this.retryAfterSeconds =
        check(b.retryAfterSeconds, b.retryAfterSeconds >= 0, "retryAfterSeconds", ">= 0");
    this.bodyStallTimeoutMillis =
        check(
            b.bodyStallTimeoutMillis,
            b.bodyStallTimeoutMillis > 0,
            "bodyStallTimeoutMillis",
            "> 0");
    this.bodyDeadlineMillis =
        check(b.bodyDeadlineMillis, b.bodyDeadlineMillis > 0, "bodyDeadlineMillis", "> 0");
    this.minBodyBytesPerSecond =
        check(b.minBodyBytesPerSecond, b.minBodyBytesPerSecond > 0, "minBodyBytesPerSecond", "> 0");
    this.requestHeaderTimeoutMillis =
        check(
            b.requestHeaderTimeoutMillis,
            b.requestHeaderTimeoutMillis > 0,
            "requestHeaderTimeoutMillis",
            "> 0");
    this.idleConnectionTimeoutMillis =
        check(
            b.idleConnectionTimeoutMillis,
            b.idleConnectionTimeoutMillis > 0,
            "idleConnectionTimeoutMillis",
            "> 0");
    this.maxConnections = check(b.maxConnections, b.maxConnections >= 1, "maxConnections", ">= 1");
    this.requireLaunchedAttempts = b.requireLaunchedAttempts;
    this.launchRegistrationWaitMillis =
        check(
            b.launchRegistrationWaitMillis,
            b.launchRegistrationWaitMillis >= 0,
            "launchRegistrationWaitMillis",
            ">= 0");
    if (b.maxStaleness < 0) {
      throw new IllegalArgumentException("maxStaleness must be >= 0, got " + b.maxStaleness);
    }
    this.maxStaleness = b.maxStaleness;
    this.stalenessPolicy = Objects.requireNonNull(b.stalenessPolicy, "stalenessPolicy");
    this.dedupAttempts = check(b.dedupAttempts, b.dedupAttempts >= 1, "dedupAttempts", ">= 1");
    this.parallelMergeMinFloats =
        check(
            b.parallelMergeMinFloats,
            b.parallelMergeMinFloats >= 1,
            "parallelMergeMinFloats",
            ">= 1");
    this.mergeThreads = check(b.mergeThreads, b.mergeThreads >= 1, "mergeThreads", ">= 1");
    this.givenSslContext = b.sslContext;
    this.keyStorePath = b.keyStorePath;
    this.keyStorePassword = b.keyStorePassword;
    this.keyStoreType = Objects.requireNonNull(b.keyStoreType, "keyStoreType");
    if (b.keyStorePath != null && b.sslContext != null) {
      throw new IllegalArgumentException(
          "TLS needs either a keyStore or an sslContext, got both (keyStore "
              + b.keyStorePath
              + ")");
    }
    this.sslContext =
        b.keyStorePath != null
            ? KeyStoreContext.load(b.keyStorePath, b.keyStorePassword, keyStoreType)
            : b.sslContext;
    this.checkpointDir = b.checkpointDir;
    this.hadoopConf = b.hadoopConf != null ? b.hadoopConf : new Configuration();
    if (b.checkpointIntervalSeconds < 0) {
      throw new IllegalArgumentException(
          "checkpointIntervalSeconds must be >= 0 (0 = off), got " + b.checkpointIntervalSeconds);
    }
    if (b.checkpointIntervalSeconds > 0 && b.checkpointDir == null) {
      throw new IllegalArgumentException(
          "periodic checkpoints (every "
              + b.checkpointIntervalSeconds
              + " s) need a checkpointDir");
    }
    this.checkpointIntervalSeconds = b.checkpointIntervalSeconds;
    this.checkpointsToKeep =
        check(b.checkpointsToKeep, b.checkpointsToKeep >= 1, "checkpointsToKeep", ">= 1");
  }

  private static int check(int value, boolean ok, String name, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(name + " must be " + expected + ", got " + value);
    }
    return value;
  }

  private static long check(long value, boolean ok, String name, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(name + " must be " + expected + ", got " + value);
    }
    return value;
  }

  private static String requireNonEmpty(String value, String name) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException(name + " must be non-empty");
    }
    return value;
  }

  private static String randomToken() {
    byte[] bytes = new byte[DEFAULT_TOKEN_BYTES];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A builder with every default. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder starting from this config's settings (the token included). Derived defaults stay
   * derived: a worker-thread count that was not set follows a new maxConcurrentRequests.
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.bindHost = bindHost;
    b.port = port;
    b.token = token;
    b.combiner = combiner;
    b.workerCount = workerCount;
    b.chunkSizeFloats = chunkSizeFloats;
    b.ioThreads = ioThreads;
    b.workerThreads = workerThreadsSetting;
    b.maxConcurrentRequests = maxConcurrentRequests;
    b.maxQueuedRequests = maxQueuedRequests;
    b.retryAfterSeconds = retryAfterSeconds;
    b.bodyStallTimeoutMillis = bodyStallTimeoutMillis;
    b.bodyDeadlineMillis = bodyDeadlineMillis;
    b.minBodyBytesPerSecond = minBodyBytesPerSecond;
    b.requestHeaderTimeoutMillis = requestHeaderTimeoutMillis;
    b.idleConnectionTimeoutMillis = idleConnectionTimeoutMillis;
    b.maxConnections = maxConnections;
    b.requireLaunchedAttempts = requireLaunchedAttempts;
    b.launchRegistrationWaitMillis = launchRegistrationWaitMillis;
    b.maxStaleness = maxStaleness;
    b.stalenessPolicy = stalenessPolicy;
    b.dedupAttempts = dedupAttempts;
    b.parallelMergeMinFloats = parallelMergeMinFloats;
    b.mergeThreads = mergeThreads;
    b.sslContext = givenSslContext;
    b.keyStorePath = keyStorePath;
    b.keyStorePassword = keyStorePassword;
    b.keyStoreType = keyStoreType;
    b.checkpointDir = checkpointDir;
    b.hadoopConf = hadoopConf;
    b.checkpointIntervalSeconds = checkpointIntervalSeconds;
    b.checkpointsToKeep = checkpointsToKeep;
    return b;
  }

  public String bindHost() {
    return bindHost;
  }

  public int port() {
    return port;
  }

  /** The bearer token every request must carry. */
  public String token() {
    return token;
  }

  public Combiner combiner() {
    return combiner;
  }

  public int workerCount() {
    return workerCount;
  }

  public int chunkSizeFloats() {
    return chunkSizeFloats;
  }

  public int ioThreads() {
    return ioThreads;
  }

  public int workerThreads() {
    return workerThreads;
  }

  public int maxConcurrentRequests() {
    return maxConcurrentRequests;
  }

  public int maxQueuedRequests() {
    return maxQueuedRequests;
  }

  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public long bodyStallTimeoutMillis() {
    return bodyStallTimeoutMillis;
  }

  public long bodyDeadlineMillis() {
    return bodyDeadlineMillis;
  }

  public long minBodyBytesPerSecond() {
    return minBodyBytesPerSecond;
  }

  public int requestHeaderTimeoutMillis() {
    return requestHeaderTimeoutMillis;
  }

  public int idleConnectionTimeoutMillis() {
    return idleConnectionTimeoutMillis;
  }

  public int maxConnections() {
    return maxConnections;
  }

  public boolean requireLaunchedAttempts() {
    return requireLaunchedAttempts;
  }

  public long launchRegistrationWaitMillis() {
    return launchRegistrationWaitMillis;
  }

  public long maxStaleness() {
    return maxStaleness;
  }

  public StalenessPolicy stalenessPolicy() {
    return stalenessPolicy;
  }

  public int dedupAttempts() {
    return dedupAttempts;
  }

  public int parallelMergeMinFloats() {
    return parallelMergeMinFloats;
  }

  public int mergeThreads() {
    return mergeThreads;
  }

  /** The TLS context of an HTTPS listener, or null for plain HTTP. */
  public SSLContext sslContext() {
    return sslContext;
  }

  /** Where periodic checkpoints go, or null. */
  /** The Hadoop configuration of every checkpoint read and write. */
  public Configuration hadoopConfiguration() {
    return hadoopConf;
  }

  public Path checkpointDir() {
    return checkpointDir;
  }

  /** Seconds between periodic checkpoints; 0 = off. */
  public long checkpointIntervalSeconds() {
    return checkpointIntervalSeconds;
  }

  public int checkpointsToKeep() {
    return checkpointsToKeep;
  }

  @Override
  public String toString() {
    return "TpsServerConfig["
        + bindHost
        + ":"
        + port
        + ", combiner="
        + combiner
        + ", workers="
        + workerCount
        + ", chunk="
        + chunkSizeFloats
        + ", io="
        + ioThreads
        + ", workerThreads="
        + workerThreads
        + ", maxConcurrent="
        + maxConcurrentRequests
        + ", maxQueued="
        + maxQueuedRequests
        + ", maxStaleness="
        + maxStaleness
        + ", policy="
        + stalenessPolicy
        + ", tls="
        + (sslContext != null)
        + ", checkpoints="
        + checkpointDir
        + " every "
        + checkpointIntervalSeconds
        + " s keep "
        + checkpointsToKeep
        + "]";
  }

  /** Collects settings; not thread-safe. */
  public static final class Builder {
    private String bindHost = DEFAULT_BIND_HOST;
    private int port = DEFAULT_PORT;
    private String token;
    private Combiner combiner = new DeltaSum();
    private int workerCount = DEFAULT_WORKER_COUNT;
    private int chunkSizeFloats = DEFAULT_CHUNK_SIZE_FLOATS;
    private int ioThreads = DEFAULT_IO_THREADS;
    private int workerThreads;
    private int maxConcurrentRequests = DEFAULT_MAX_CONCURRENT_REQUESTS;
    private int maxQueuedRequests = DEFAULT_MAX_QUEUED_REQUESTS;
    private int retryAfterSeconds = DEFAULT_RETRY_AFTER_SECONDS;
    private long bodyStallTimeoutMillis = DEFAULT_BODY_STALL_TIMEOUT_MILLIS;
    private long bodyDeadlineMillis = DEFAULT_BODY_DEADLINE_MILLIS;
    private long minBodyBytesPerSecond = DEFAULT_MIN_BODY_BYTES_PER_SECOND;
    private int requestHeaderTimeoutMillis = DEFAULT_REQUEST_HEADER_TIMEOUT_MILLIS;
    private int idleConnectionTimeoutMillis = DEFAULT_IDLE_CONNECTION_TIMEOUT_MILLIS;
    private int maxConnections = DEFAULT_MAX_CONNECTIONS;
    private boolean requireLaunchedAttempts = DEFAULT_REQUIRE_LAUNCHED_ATTEMPTS;
    private long launchRegistrationWaitMillis = DEFAULT_LAUNCH_REGISTRATION_WAIT_MILLIS;
    private long maxStaleness = DEFAULT_MAX_STALENESS;
    private StalenessPolicy stalenessPolicy = DEFAULT_STALENESS_POLICY;
    private int dedupAttempts = DEFAULT_DEDUP_ATTEMPTS;
    private int parallelMergeMinFloats = DEFAULT_PARALLEL_MERGE_MIN_FLOATS;
    private int mergeThreads = DEFAULT_MERGE_THREADS;
    private SSLContext sslContext;
    private String keyStorePath;
    private String keyStorePassword;
    private String keyStoreType = DEFAULT_KEY_STORE_TYPE;
    private Path checkpointDir;
    private Configuration hadoopConf;
    private long checkpointIntervalSeconds = DEFAULT_CHECKPOINT_INTERVAL_SECONDS;
    private int checkpointsToKeep = DEFAULT_CHECKPOINTS_TO_KEEP;

    private Builder() {}

    /** The address to listen on; default "127.0.0.1". */
    public Builder bindHost(String host) {
      this.bindHost = host;
      return this;
    }

    /** The port; 0 (default) = ephemeral. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * The bearer token; default: {@value #DEFAULT_TOKEN_BYTES} random bytes from SecureRandom,
     * base64url.
     */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /** The merge rule; default {@link DeltaSum}. */
    public Builder combiner(Combiner combiner) {
      this.combiner = combiner;
      return this;
    }

    /**
     * N for combiners until {@link TpsServer#setWorkerCount}; default {@value
     * #DEFAULT_WORKER_COUNT}.
     */
    public Builder workerCount(int n) {
      this.workerCount = n;
      return this;
    }

    /** Floats per shard; default 1 << 20. */
    public Builder chunkSizeFloats(int floats) {
      this.chunkSizeFloats = floats;
      return this;
    }

    /** Undertow I/O threads; default {@link #DEFAULT_IO_THREADS}: max(8, 2 x cores). */
    public Builder ioThreads(int threads) {
      this.ioThreads = threads;
      return this;
    }

    /**
     * Undertow worker threads (blocking handlers); default 0: derived, 2 * maxConcurrentRequests +
     * 2.
     */
    public Builder workerThreads(int threads) {
      this.workerThreads = threads;
      return this;
    }

    /**
     * Requests handled at once; default {@link #DEFAULT_MAX_CONCURRENT_REQUESTS}: max(4, 2 x
     * cores).
     */
    public Builder maxConcurrentRequests(int n) {
      this.maxConcurrentRequests = n;
      return this;
    }

    /** Requests queued for a slot before 503; default {@value #DEFAULT_MAX_QUEUED_REQUESTS}. */
    public Builder maxQueuedRequests(int n) {
      this.maxQueuedRequests = n;
      return this;
    }

    /** Retry-After seconds on 503; default {@value #DEFAULT_RETRY_AFTER_SECONDS}. */
    public Builder retryAfterSeconds(int seconds) {
      this.retryAfterSeconds = seconds;
      return this;
    }

    /**
     * Milliseconds a push body may go without a byte before it is answered 408; default {@value
     * #DEFAULT_BODY_STALL_TIMEOUT_MILLIS}.
     */
    public Builder bodyStallTimeoutMillis(long millis) {
      this.bodyStallTimeoutMillis = millis;
      return this;
    }

    /**
     * Milliseconds a whole push body may take before it is answered 408; default {@value
     * #DEFAULT_BODY_DEADLINE_MILLIS}.
     */
    public Builder bodyDeadlineMillis(long millis) {
      this.bodyDeadlineMillis = millis;
      return this;
    }

    /**
     * The slowest average body rate (after the first bodyStallTimeoutMillis) before 408; default
     * {@value #DEFAULT_MIN_BODY_BYTES_PER_SECOND}.
     */
    public Builder minBodyBytesPerSecond(long bytesPerSecond) {
      this.minBodyBytesPerSecond = bytesPerSecond;
      return this;
    }

    /**
     * Milliseconds a connection may take to send a request head; default {@value
     * #DEFAULT_REQUEST_HEADER_TIMEOUT_MILLIS}.
     */
    public Builder requestHeaderTimeoutMillis(int millis) {
      this.requestHeaderTimeoutMillis = millis;
      return this;
    }

    /**
     * Milliseconds a connection may idle between requests; default {@value
     * #DEFAULT_IDLE_CONNECTION_TIMEOUT_MILLIS}.
     */
    public Builder idleConnectionTimeoutMillis(int millis) {
      this.idleConnectionTimeoutMillis = millis;
      return this;
    }

    /** Open connections at most; default {@value #DEFAULT_MAX_CONNECTIONS}. */
    public Builder maxConnections(int connections) {
      this.maxConnections = connections;
      return this;
    }

    /**
     * Only registered task attempts may push and claim partitions; default {@value
     * #DEFAULT_REQUIRE_LAUNCHED_ATTEMPTS}.
     */
    public Builder requireLaunchedAttempts(boolean required) {
      this.requireLaunchedAttempts = required;
      return this;
    }

    /**
     * Milliseconds an identified pull waits for its attempt's registration; default {@value
     * #DEFAULT_LAUNCH_REGISTRATION_WAIT_MILLIS}.
     */
    public Builder launchRegistrationWaitMillis(long millis) {
      this.launchRegistrationWaitMillis = millis;
      return this;
    }

    /** The largest staleness merged as is; default unbounded. */
    public Builder maxStaleness(long maxStaleness) {
      this.maxStaleness = maxStaleness;
      return this;
    }

    /** What to do with staler pushes; default {@link StalenessPolicy#REJECT}. */
    public Builder stalenessPolicy(StalenessPolicy policy) {
      this.stalenessPolicy = policy;
      return this;
    }

    /** Task attempts remembered for deduplication; default {@value #DEFAULT_DEDUP_ATTEMPTS}. */
    public Builder dedupAttempts(int attempts) {
      this.dedupAttempts = attempts;
      return this;
    }

    /** Pushes of at least this many floats merge shards in parallel; default 1 << 21. */
    public Builder parallelMergeMinFloats(int floats) {
      this.parallelMergeMinFloats = floats;
      return this;
    }

    /** Threads for parallel shard merges; default the core count. */
    public Builder mergeThreads(int threads) {
      this.mergeThreads = threads;
      return this;
    }

    /** Serve HTTPS with this context; default null (plain HTTP). */
    public Builder sslContext(SSLContext context) {
      this.sslContext = context;
      return this;
    }

    /**
     * Serve HTTPS with the key and certificate in this key store file (read when the config is
     * built); default none. Clients trust it through {@code TpsClientConfig.Builder#trustStore}.
     */
    public Builder keyStore(String path, String password) {
      this.keyStorePath = path;
      this.keyStorePassword = password;
      return this;
    }

    /** The key store's type; default {@value #DEFAULT_KEY_STORE_TYPE}. */
    public Builder keyStoreType(String type) {
      this.keyStoreType = type;
      return this;
    }

    /**
     * The Hadoop configuration of every checkpoint read and write (file systems, credentials, HA
     * name services); default a fresh {@code new Configuration()}. Not copied: leave it unchanged
     * while the server runs. A DistributedSession passes its Spark context's.
     */
    public Builder hadoopConfiguration(Configuration conf) {
      this.hadoopConf = conf;
      return this;
    }

    /** Where periodic checkpoints go (any Hadoop FileSystem URI); default none. */
    public Builder checkpointDir(Path dir) {
      this.checkpointDir = dir;
      return this;
    }

    /** Seconds between periodic checkpoints; default 0 = off. */
    public Builder checkpointIntervalSeconds(long seconds) {
      this.checkpointIntervalSeconds = seconds;
      return this;
    }

    /** Checkpoints kept; default {@value #DEFAULT_CHECKPOINTS_TO_KEEP}. */
    public Builder checkpointsToKeep(int count) {
      this.checkpointsToKeep = count;
      return this;
    }

    /** Checks every value and makes the config (generating a token when none was set). */
    public TpsServerConfig build() {
      return new TpsServerConfig(this);
    }
  }
}
