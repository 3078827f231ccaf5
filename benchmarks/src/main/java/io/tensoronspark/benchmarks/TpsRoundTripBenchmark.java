package io.tensoronspark.benchmarks;

import io.tensoronspark.tps.config.ClientTransport;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One TPS push+pull round trip (client encode, HTTP, server decode + delta-sum merge + reply,
 * client decode) for one parameter of {@code floats} floats, with 1, 2 and 4 concurrent clients,
 * against a raw loopback echo of the same number of bytes each way ({@link TpsEchoServer}) in the
 * same run. One operation = one round trip; bytes per operation = 2 x the frame size, so MB/s =
 * ops/s x 2 x frameBytes / 1e6 for both, and the ratio of the two throughputs is the TPS's share of
 * what loopback TCP allows. {@code transport} compares the lean channel client with the JDK
 * HttpClient.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar TpsRoundTripBenchmark -f 1 -wi 2 -i 3
 * -w 2s -r 2s}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx4g", "-XX:MaxDirectMemorySize=4g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class TpsRoundTripBenchmark {

  /** How long each trial primes the JIT before its warm-up iterations. */
  static final long PRIME_MILLIS = 15_000;

  /** The servers, shared by every benchmark thread. */
  @State(Scope.Benchmark)
  public static class Servers {
    @Param({"7850", "1048576", "4194304"})
    public int floats;

    @Param({"CHANNEL"})
    public String transport;

    /** The server's shard size (TpsServerConfig.chunkSizeFloats); the default is 1 << 20. */
    @Param({"1048576"})
    public int chunk;

    RoundTripFixture fixture;

    /** Primes the JIT ({@link RoundTripFixture#primeJit}), then starts the servers. */
    @Setup(Level.Trial)
    public void start() throws IOException {
      RoundTripFixture.primeJit(PRIME_MILLIS);
      fixture = new RoundTripFixture(floats, chunk);
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
      fixture.close();
    }
  }

  /** One client per benchmark thread (as one Spark task). */
  @State(Scope.Thread)
  public static class Worker {
    RoundTripFixture.Client client;

    @Setup(Level.Trial)
    public void connect(Servers servers) throws IOException {
      client = servers.fixture.newClient(ClientTransport.valueOf(servers.transport));
    }

    long pushAndPull() {
      return client.pushAndPull();
    }

    int echo() throws IOException {
      return client.echo();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      client.close();
    }
  }

  @Benchmark
  @Threads(1)
  public long tps1(Worker worker) {
    return worker.pushAndPull();
  }

  @Benchmark
  @Threads(2)
  public long tps2(Worker worker) {
    return worker.pushAndPull();
  }

  @Benchmark
  @Threads(4)
  public long tps4(Worker worker) {
    return worker.pushAndPull();
  }

  @Benchmark
  @Threads(1)
  public int echo1(Worker worker) throws IOException {
    return worker.echo();
  }

  @Benchmark
  @Threads(2)
  public int echo2(Worker worker) throws IOException {
    return worker.echo();
  }

  @Benchmark
  @Threads(4)
  public int echo4(Worker worker) throws IOException {
    return worker.echo();
  }
}
