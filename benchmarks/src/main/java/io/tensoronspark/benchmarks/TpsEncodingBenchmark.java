package io.tensoronspark.benchmarks;

import io.tensoronspark.tps.client.PushFrameEncoder;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import io.tensoronspark.tps.wire.FrameHeader;
import io.tensoronspark.tps.wire.FrameReader;
import io.tensoronspark.tps.wire.FrameRejectedException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode (worker: floats to a push frame) and decode (server: frame to floats, finiteness checked)
 * of one 1M-float parameter in each {@link PayloadEncoding}. One operation = one parameter; float
 * MB/s = ops/s x 4 MiB / 1e6. TOP_K sends 1% of the elements and its encode includes the
 * error-feedback selection.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar TpsEncodingBenchmark -f 1 -wi 2 -i 3 -w
 * 1s -r 1s}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@State(Scope.Thread)
public class TpsEncodingBenchmark {

  /** Floats per parameter. */
  public static final int FLOATS = 1 << 20;

  @Param({"F32", "F16", "BF16", "TOP_K"})
  public String encoding;

  private List<ParameterSpec> specs;
  private PushFrameEncoder encoder;
  private FrameReader reader;
  private float[][] payload;
  private float[][] decoded;
  private ByteBuffer frame;
  private FrameHeader header;

  @Setup(Level.Trial)
  public void setUp() {
    specs = List.of(new ParameterSpec("w", new long[] {FLOATS}));
    encoder = new PushFrameEncoder(specs, PayloadEncoding.valueOf(encoding), 0.01, true);
    reader = new FrameReader(specs);
    payload = new float[][] {new float[FLOATS]};
    Random random = new Random(1);
    for (int i = 0; i < FLOATS; i++) {
      payload[0][i] = (float) random.nextGaussian() * 0.01f;
    }
    decoded = new float[][] {new float[FLOATS]};
    header = new FrameHeader((short) 0, 1, 0, 1, 1, 0, 1);
    ByteBuffer encoded = encoder.encode(header, payload);
    frame = ByteBuffer.allocateDirect(encoded.remaining());
    frame.put(encoded).flip();
  }

  @Benchmark
  public int encode() {
    return encoder.encode(header, payload).remaining();
  }

  @Benchmark
  public float decode() throws FrameRejectedException {
    reader.readParameters(frame, decoded);
    return decoded[0][7];
  }
}
