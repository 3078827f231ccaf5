package io.tensoronspark.benchmarks;

import io.tensoronspark.tps.TpsClient;
import io.tensoronspark.tps.TpsServer;
import io.tensoronspark.tps.config.ClientTransport;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PushHeader;
import io.tensoronspark.tps.protocol.PushProgress;
import io.tensoronspark.tps.wire.FrameFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the round-trip measurements compare: a TPS serving one parameter of {@code floats} floats
 * (delta sum) and a {@link TpsEchoServer}, both on loopback, plus {@link Client}s that do one TPS
 * push+pull or one echo of the same frame's bytes per call. Shared by {@link TpsRoundTripBenchmark}
 * (JMH) and {@link RoundTripRatio} (paired rounds). Owns both servers; {@link #close} stops them.
 */
final class RoundTripFixture implements AutoCloseable {

  final int floats;
  final List<ParameterSpec> specs;
  final int frameBytes;
  final TpsServer tps;
  final TpsEchoServer echo;
  private final AtomicLong attempts = new AtomicLong();

  /** Starts both servers; the TPS splits the parameter into shards of {@code chunkFloats}. */
  RoundTripFixture(int floats, int chunkFloats) throws IOException {
    this.floats = floats;
    this.specs = List.of(new ParameterSpec("w", new long[] {floats}));
    this.frameBytes = Math.toIntExact(FrameFormat.denseFrameBytes(specs));
    this.tps =
        TpsServer.start(
            TpsServerConfig.builder().chunkSizeFloats(chunkFloats).build(),
            specs,
            List.of(new float[floats]));
    TpsEchoServer started;
    try {
      started = new TpsEchoServer();
    } catch (IOException | RuntimeException e) {
      tps.close();
      throw e;
    }
    this.echo = started;
  }

  /**
   * Floats in the frames {@link #primeJit} sends: 256 KiB, above {@link
   * io.tensoronspark.tps.server.PushHandler#INLINE_MAX_BODY_BYTES}, so they take the same worker
   * path, body reader, reply sender and client reader as multi-MB frames, about ten times as often.
   */
  static final int PRIME_FLOATS = 1 << 16;

  /**
   * Runs TPS round trips and echoes of {@link #PRIME_FLOATS} floats, one client, for {@code
   * millis}, on a fixture of its own; returns the round trips done.
   *
   * <p>Why: the JIT compiles a method fully only after some ten thousand calls, and a 2-core
   * machine has a single C2 compiler thread working through a long queue. A 4 MB round trip takes
   * 2-3 ms here, so without priming the per-request code of the large-frame path (Undertow's parser
   * and dispatch, the body reader, the reply sender, the client) still runs in profiling code, with
   * the compiler taking CPU from both sides, for most of a measurement; even after 10 s of priming
   * {@code -XX:+PrintCompilation} showed such methods reaching C2 38 s into the run (figures per
   * priming time in benchmarks/README.md).
   */
  static long primeJit(long millis) throws IOException {
    try (RoundTripFixture fixture = new RoundTripFixture(PRIME_FLOATS, PRIME_FLOATS);
        Client client = fixture.newClient(ClientTransport.CHANNEL)) {
      long deadline = System.nanoTime() + millis * 1_000_000L;
      long roundTrips = 0;
      while (System.nanoTime() < deadline) {
        client.pushAndPull();
        client.echo();
        roundTrips++;
      }
      return roundTrips;
    }
  }

  /** A new client: a partition of its own at the TPS and a connection of its own to the echo. */
  Client newClient(ClientTransport transport) throws IOException {
    return new Client(this, transport, attempts.incrementAndGet());
  }

  @Override
  public void close() throws IOException {
    tps.close();
    echo.close();
  }

  /** One benchmark thread's connections and arrays (as one Spark task). Used by one thread. */
  static final class Client implements AutoCloseable {
    private final TpsClient client;
    private final float[][] payload;
    private final float[][] merged;
    private final long attempt;
    private final SocketChannel echoChannel;
    private final ByteBuffer echoOut;
    private final ByteBuffer echoIn;
    private long sequence;
    private long base;

    private Client(RoundTripFixture fixture, ClientTransport transport, long attempt)
        throws IOException {
      this.attempt = attempt;
      this.client =
          new TpsClient(fixture.tps.clientConfig().transport(transport).build(), fixture.specs);
      this.payload = new float[][] {new float[fixture.floats]};
      Random random = new Random(42);
      for (int i = 0; i < fixture.floats; i++) {
        payload[0][i] = (random.nextInt(2001) - 1000) * 1e-6f;
      }
      this.merged = new float[][] {new float[fixture.floats]};
      this.base = client.pull(merged);
      this.echoChannel =
          SocketChannel.open(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), fixture.echo.port()));
      echoChannel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      this.echoOut = ByteBuffer.allocateDirect(4 + fixture.frameBytes);
      echoOut.putInt(fixture.frameBytes);
      this.echoIn = ByteBuffer.allocateDirect(fixture.frameBytes);
    }

    /** One push and the merged values back; returns the server's version. */
    long pushAndPull() {
      return pushAndPull(null);
    }

    /**
     * One push carrying {@code progress} (null: none), as a training task's pushes do, and the
     * merged values back; returns the server's version.
     */
    long pushAndPull(PushProgress progress) {
      // Each client is its own partition: the TPS lets only the newest attempt of a partition push.
      base =
          client.pushAndPull(
              new PushHeader((int) attempt, attempt, ++sequence, base, progress), payload, merged);
      return base;
    }

    /** The frame's bytes to the echo and back; returns the bytes received. */
    int echo() throws IOException {
      echoOut.clear();
      while (echoOut.hasRemaining()) {
        echoChannel.write(echoOut);
      }
      echoIn.clear();
      TpsEchoServer.readFully(echoChannel, echoIn);
      return echoIn.position();
    }

    @Override
    public void close() throws IOException {
      client.close();
      echoChannel.close();
    }
  }
}
