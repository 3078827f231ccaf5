package io.tensoronspark.tps;

import io.tensoronspark.tps.checkpoint.PeriodicCheckpoints;
import io.tensoronspark.tps.checkpoint.TpsCheckpoint;
import io.tensoronspark.tps.checkpoint.TpsCheckpointer;
import io.tensoronspark.tps.config.TpsClientConfig;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.HttpProtocol;
import io.tensoronspark.tps.protocol.MergeRefusedException;
import io.tensoronspark.tps.protocol.ParameterSnapshot;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PushHeader;
import io.tensoronspark.tps.protocol.PushLog;
import io.tensoronspark.tps.protocol.SupersededAttemptException;
import io.tensoronspark.tps.protocol.TpsStats;
import io.tensoronspark.tps.server.AttemptOwnership;
import io.tensoronspark.tps.server.DashboardAccess;
import io.tensoronspark.tps.server.DedupWindow;
import io.tensoronspark.tps.server.HandlerChain;
import io.tensoronspark.tps.server.HttpEndpoint;
import io.tensoronspark.tps.server.LaunchedAttempts;
import io.tensoronspark.tps.server.ParameterStore;
import io.tensoronspark.tps.server.PushProcessor;
import io.tensoronspark.tps.server.ShardMerger;
import io.tensoronspark.tps.server.StatusReport;
import io.tensoronspark.tps.server.TpsCounters;
import io.tensoronspark.tps.wire.FrameFormat;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Tensor Parameter Server: holds the parameters in a {@link ParameterStore}, merges pushes with
 * the configured combiner and serves the HTTP API (POST /v1/push, GET /v1/pull, GET /v1/status, GET
 * /) on Undertow.
 *
 * <h2>Attempt ownership: the newest attempt of a partition wins</h2>
 *
 * Spark may run two attempts of one partition at once (speculation) or leave a zombie attempt
 * running after a retry started. Every push names its partition (worker id) and its Spark task
 * attempt id, which is unique within the application and increases. Per partition the server keeps
 * the highest attempt id seen on a push, or on a pull that names its attempt ({@code GET
 * /v1/pull?worker=P&attempt=A}, as {@link TpsClient#pull(int, long, float[][])} sends it), so a
 * speculative copy takes over as soon as it pulls. A push or identified pull from an older attempt
 * is refused with 409, {@code X-TPS-Error: superseded} and the reason "superseded: partition P is
 * owned by attempt A, this is attempt B"; nothing is merged, {@link TpsStats#pushesSuperseded()}
 * (or {@code pullsSuperseded}) counts it, and the client throws {@link SupersededAttemptException}
 * without retrying. A newer attempt simply takes over. The check and the claim are atomic with the
 * merge: once a newer attempt has claimed a partition, no push of an older attempt merges. A retry
 * of an already applied (attempt, sequence) is still answered as a duplicate, even from a
 * superseded attempt (it merges nothing). No worker id skips ownership; worker ids outside 0 ..
 * {@link PushHeader#MAX_WORKER_ID} are refused with 400 (the table holds one long per id). With
 * {@link TpsServerConfig#requireLaunchedAttempts} (as {@code DistributedSession} runs it), only
 * attempts the host registered ({@link #registerLaunchedAttempt}) may push or claim: others get 409
 * {@code unknown-attempt}. Duplicates are keyed by (worker, attempt, sequence) and sequences may
 * advance at most {@link TpsServerConfig#MAX_SEQUENCE_GAP} per push.
 *
 * <p>Lifecycle: {@link #start} binds and serves; {@link #close} stops serving and is idempotent.
 * The driver owns the server. Threads: every public method is thread-safe. The server owns its
 * Undertow threads and its merge threads, and releases them on close.
 */
public final class TpsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TpsServer.class);

  private final TpsServerConfig config;
  private final List<ParameterSpec> specs;
  private final long runId;
  private final ParameterStore store;
  private final TpsCounters counters = new TpsCounters();
  private final PushLog pushLog = new PushLog(PushLog.DEFAULT_CAPACITY);
  private final DashboardAccess dashboard = new DashboardAccess();
  private final ShardMerger merger;
  private final HttpEndpoint endpoint;
  private final long maxBodyBytes;
  private final TpsCheckpointer checkpointer;
  private final PeriodicCheckpoints periodicCheckpoints;
  private final PushProcessor processor;
  private final HandlerChain chain;
  private final LaunchedAttempts launched;
  private boolean closed;

  private TpsServer(
      TpsServerConfig config, List<ParameterSpec> specs, ParameterStore store, ShardMerger merger) {
    this.config = config;
    this.specs = specs;
    this.store = store;
    this.merger = merger;
    this.runId = newRunId();
    this.maxBodyBytes = FrameFormat.maxPushFrameBytes(specs);
    AttemptOwnership ownership = new AttemptOwnership();
    this.launched = config.requireLaunchedAttempts() ? new LaunchedAttempts() : null;
    this.processor =
        new PushProcessor(
            store,
            new DedupWindow(config.dedupAttempts(), TpsServerConfig.MAX_SEQUENCE_GAP),
            ownership,
            config.maxStaleness(),
            config.stalenessPolicy(),
            counters,
            pushLog,
            runId,
            launched);
    this.chain =
        new HandlerChain(
            config,
            specs,
            store,
            ownership,
            this.processor,
            launched,
            counters,
            runId,
            maxBodyBytes,
            this::status,
            pushLog,
            dashboard);
    this.endpoint = HttpEndpoint.start(config, maxBodyBytes, chain.root());
    this.checkpointer =
        new TpsCheckpointer(
            store,
            config.chunkSizeFloats(),
            config.combiner().name(),
            config.checkpointsToKeep(),
            config.hadoopConfiguration());
    this.periodicCheckpoints =
        config.checkpointIntervalSeconds() > 0
            ? new PeriodicCheckpoints(
                checkpointer,
                config.checkpointDir(),
                config.checkpointIntervalSeconds(),
                store::version)
            : null;
  }

  /**
   * Starts a server holding copies of {@code initialValues}.
   *
   * @param params at least one parameter, names unique
   * @param initialValues one array per parameter, exactly its size, all values finite
   * @throws IllegalArgumentException naming the offending parameter
   */
  public static TpsServer start(
      TpsServerConfig config, List<ParameterSpec> params, List<float[]> initialValues) {
    return start(config, params, initialValues, 0L);
  }

  /**
   * Starts a server from the newest checkpoint in {@code dir} (any Hadoop FileSystem): its values,
   * its version and, when the combiner and {@code chunkSizeFloats} match, the combiner's state. The
   * new server has a new run id.
   *
   * @param params must equal the checkpoint's parameters (names and shapes, in order)
   * @throws IOException when no checkpoint can be read in {@code dir}
   * @throws IllegalArgumentException when the parameters differ
   */
  public static TpsServer startFromCheckpoint(
      TpsServerConfig config, List<ParameterSpec> params, Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem(config.hadoopConfiguration());
    TpsCheckpoint checkpoint =
        TpsCheckpoint.latest(fs, dir)
            .orElseThrow(() -> new IOException("no TPS checkpoint in " + dir));
    return startFromCheckpoint(config, params, checkpoint);
  }

  /**
   * Starts a server from a checkpoint already read; see {@link
   * #startFromCheckpoint(TpsServerConfig, List, Path)}.
   */
  public static TpsServer startFromCheckpoint(
      TpsServerConfig config, List<ParameterSpec> params, TpsCheckpoint checkpoint) {
    if (!List.copyOf(params).equals(checkpoint.specs())) {
      throw new IllegalArgumentException(
          "checkpoint at version "
              + checkpoint.version()
              + " holds "
              + checkpoint.specs()
              + ", expected "
              + params);
    }
    List<float[]> values = new java.util.ArrayList<>();
    for (int p = 0; p < params.size(); p++) {
      values.add(checkpoint.snapshot().values(p));
    }
    TpsServer server = start(config, params, values, checkpoint.version());
    TpsCheckpointer.restore(
        server.store, checkpoint, config.chunkSizeFloats(), config.combiner().name());
    LOG.info("TPS resumed from checkpoint at version {}", checkpoint.version());
    return server;
  }

  private static TpsServer start(
      TpsServerConfig config,
      List<ParameterSpec> params,
      List<float[]> initialValues,
      long initialVersion) {
    List<ParameterSpec> specs = List.copyOf(params);
    InitialValues.check(specs, initialValues);
    ShardMerger merger =
        ShardMerger.parallel(config.mergeThreads(), config.parallelMergeMinFloats());
    ParameterStore store =
        new ParameterStore(
            specs,
            initialValues,
            config.chunkSizeFloats(),
            config.combiner(),
            config.workerCount(),
            initialVersion,
            merger);
    TpsServer server;
    try {
      server = new TpsServer(config, specs, store, merger);
    } catch (RuntimeException e) {
      merger.close();
      throw e;
    }
    LOG.info(
        "TPS serving {} parameters ({} floats, max body {} bytes, body buffers at most {} bytes) at {}"
            + " with combiner {}, run id {}",
        specs.size(),
        specs.stream().mapToLong(ParameterSpec::size).sum(),
        server.maxBodyBytes,
        server.bodyBufferCeilingBytes(),
        server.endpoint(),
        config.combiner().name(),
        server.runId);
    return server;
  }

  private static long newRunId() {
    SecureRandom random = new SecureRandom();
    long id;
    do {
      id = random.nextLong();
    } while (id == 0);
    return id;
  }

  /** The endpoint clients use, with the real bound port, e.g. {@code http://127.0.0.1:41234}. */
  public URI endpoint() {
    return endpoint.uri();
  }

  /** The bearer token every request must carry. */
  public String token() {
    return config.token();
  }

  /** This server's random run id, carried in every frame. */
  public long runId() {
    return runId;
  }

  /** The global version: pushes applied so far (plus the version a checkpoint was restored at). */
  public long version() {
    return store.version();
  }

  /** The parameters served, in id order. */
  public List<ParameterSpec> params() {
    return specs;
  }

  /** The config the server runs with. */
  public TpsServerConfig config() {
    return config;
  }

  /**
   * Registers task attempt {@code taskAttemptId} as launched by the scheduler for partition {@code
   * partition}: with {@link TpsServerConfig#requireLaunchedAttempts} on, only registered attempts
   * may push, pull with an identity and claim their partition (others get 409 {@code
   * unknown-attempt}). The session's SparkListener calls it for every attempt Spark launches. Plain
   * Java: the TPS knows nothing of Spark.
   *
   * <p>Ignored when launched attempts are not required.
   */
  public void registerLaunchedAttempt(int partition, long taskAttemptId) {
    if (launched != null) {
      launched.register(partition, taskAttemptId);
    }
  }

  /** Sets N for combiners (the driver sets it per epoch to the number of partitions). */
  public void setWorkerCount(int n) {
    store.setWorkerCount(n);
  }

  /** The current N. */
  public int workerCount() {
    return store.workerCount();
  }

  /** A consistent copy of all values and the version (waits for merges in progress). */
  public ParameterSnapshot snapshot() {
    return store.snapshot();
  }

  /**
   * The latest push refused at merge time since the server started (the combiner threw, or a merged
   * value would have been NaN or infinite), if any. The driver, which hosts the server, attaches it
   * to the training failure: the task's own failure carries only its message.
   */
  public Optional<MergeRefusedException> lastMergeRefusal() {
    return processor.lastRefusal();
  }

  /**
   * The most direct memory the server's request and reply buffers can hold: {@link
   * TpsServerConfig#BODY_BUFFER_SETS_PER_SLOT} x {@link TpsServerConfig#maxConcurrentRequests}
   * times (the largest valid push frame + its reply frame + a pull's reply frame). Undertow's
   * connection buffers come on top: {@link TpsServerConfig#maxConnections} connections of {@link
   * HttpEndpoint#BUFFER_BYTES} each while reading.
   */
  public long bodyBufferCeilingBytes() {
    return chain.bodyBufferCeilingBytes();
  }

  /** The direct bytes the request and reply buffers hold now; for tests of the ceiling. */
  long bodyBufferBytes() {
    return chain.bodyBufferBytes();
  }

  /** An immutable snapshot of the counters. */
  public TpsStats stats() {
    return counters.snapshot();
  }

  /**
   * The applied pushes and the progress they carried: totals since start and the latest {@link
   * PushLog#DEFAULT_CAPACITY} pushes.
   */
  public PushLog pushLog() {
    return pushLog;
  }

  /**
   * A new one-time login URL of the live dashboard ({@code /dashboard}: charts of loss, samples/s,
   * pushes per worker, staleness and bytes, updated every second). Opening it sets an HttpOnly,
   * SameSite=Strict session cookie for the read-only pages and redirects to the dashboard; the link
   * then stops working (at most {@link DashboardAccess#MAX_OUTSTANDING} unused links are valid,
   * each for {@link DashboardAccess#LOGIN_KEY_TTL_MILLIS}). Push and pull still need the bearer
   * token. Treat the URL like the token until it is used.
   */
  public URI dashboardLoginUrl() {
    return endpoint()
        .resolve(
            HttpProtocol.LOGIN_PATH
                + "?"
                + HttpProtocol.LOGIN_KEY_PARAM
                + "="
                + dashboard.newLoginKey());
  }

  /** A client config for this server (endpoint, token, run id) with the client defaults. */
  public TpsClientConfig.Builder clientConfig() {
    return TpsClientConfig.builder().endpoint(endpoint()).token(token()).runId(runId);
  }

  private StatusReport status() {
    return new StatusReport(
        store.version(),
        runId,
        store.workerCount(),
        config.combiner().name(),
        maxBodyBytes,
        specs.stream().map(StatusReport.Param::of).collect(Collectors.toList()),
        counters.snapshot());
  }

  /**
   * Writes a checkpoint of the values, version and combiner state into {@code dir} (any Hadoop
   * FileSystem URI) as {@code tps-checkpoint-<version>.bin}, atomically, keeping the newest {@code
   * checkpointsToKeep}. Pushes pause only while the state is copied in memory, not during the
   * write.
   *
   * @return the file written
   */
  public Path checkpoint(Path dir) throws IOException {
    return checkpointer.checkpoint(dir);
  }

  /**
   * A consistent in-memory copy of the values, version and combiner state: what {@link #checkpoint}
   * would write, for {@link #startFromCheckpoint(TpsServerConfig, List, TpsCheckpoint)} later.
   * Pushes pause only while the state is copied.
   */
  public TpsCheckpoint capture() {
    return checkpointer.capture();
  }

  /**
   * Waits until periodic checkpoints have written one at {@code version} or later. A testing seam
   * (package-private): production code never waits for a periodic checkpoint.
   *
   * @return false on timeout
   * @throws IllegalStateException when periodic checkpoints are off
   */
  boolean awaitPeriodicCheckpoint(long version, long timeoutMillis) throws InterruptedException {
    if (periodicCheckpoints == null) {
      throw new IllegalStateException(
          "periodic checkpoints are off (checkpointIntervalSeconds = 0)");
    }
    return periodicCheckpoints.awaitVersion(version, timeoutMillis);
  }

  /** Stops serving and releases the threads. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (periodicCheckpoints != null) {
      periodicCheckpoints.close();
    }
    endpoint.close();
    merger.close();
    LOG.info(
        "TPS at {} stopped at version {}: {}",
        endpoint.uri(),
        store.version(),
        counters.snapshot());
  }
}
