package io.tensoronspark.benchmarks;

import io.tensoronspark.tps.ClientTransport;
import io.tensoronspark.tps.ParameterSpec;
import io.tensoronspark.tps.PushHeader;
import io.tensoronspark.tps.TpsClient;
import io.tensoronspark.tps.TpsServer;
import io.tensoronspark.tps.TpsServerConfig;
import io.tensoronspark.tps.wire.FrameFormat;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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

    List<ParameterSpec> specs;
    TpsServer tps;
    TpsEchoServer echo;
    int frameBytes;
    final AtomicLong attempts = new AtomicLong();

    @Setup(Level.Trial)
    public void start() throws IOException {
      specs = List.of(new ParameterSpec("w", new long[] {floats}));
      frameBytes = Math.toIntExact(FrameFormat.denseFrameBytes(specs));
      tps =
          TpsServer.start(
              TpsServerConfig.builder().chunkSizeFloats(chunk).build(),
              specs,
              List.of(new float[floats]));
      echo = new TpsEchoServer();
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
      tps.close();
      echo.close();
    }
  }

  /** One client per benchmark thread (as one Spark task). */
  @State(Scope.Thread)
  public static class Worker {
    TpsClient client;
    float[][] payload;
    float[][] merged;
    long attempt;
    long sequence;
    long base;
    SocketChannel echoChannel;
    ByteBuffer echoOut;
    ByteBuffer echoIn;

    @Setup(Level.Trial)
    public void connect(Servers servers) throws IOException {
      client =
          new TpsClient(
              servers
                  .tps
                  .clientConfig()
                  .transport(ClientTransport.valueOf(servers.transport))
                  .build(),
              servers.specs);
      payload = new float[][] {new float[servers.floats]};
      Random random = new Random(42);
      for (int i = 0; i < servers.floats; i++) {
        payload[0][i] = (random.nextInt(2001) - 1000) * 1e-6f;
      }
      merged = new float[][] {new float[servers.floats]};
      attempt = servers.attempts.incrementAndGet();
      base = client.pull(merged);
      echoChannel =
          SocketChannel.open(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), servers.echo.port()));
      echoChannel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      echoOut = ByteBuffer.allocateDirect(4 + servers.frameBytes);
      echoOut.putInt(servers.frameBytes);
      echoIn = ByteBuffer.allocateDirect(servers.frameBytes);
    }

    long pushAndPull() {
      // Each benchmark thread is its own partition: the TPS lets only the newest attempt of a
      // partition push.
      base =
          client.pushAndPull(
              new PushHeader((int) attempt, attempt, ++sequence, base), payload, merged);
      return base;
    }

    int echo() throws IOException {
      echoOut.clear();
      while (echoOut.hasRemaining()) {
        echoChannel.write(echoOut);
      }
      echoIn.clear();
      TpsEchoServer.readFully(echoChannel, echoIn);
      return echoIn.position();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      client.close();
      echoChannel.close();
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
