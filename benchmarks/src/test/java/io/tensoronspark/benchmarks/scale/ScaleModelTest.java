package io.tensoronspark.benchmarks.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tensoronspark.benchmarks.scale.CostLine.Line;
import io.tensoronspark.benchmarks.scale.ScaleModel.Capacity;
import io.tensoronspark.benchmarks.scale.ScaleModel.Limit;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model's arithmetic on inputs whose answers are known by hand. */
class ScaleModelTest {

  /** 10 GbE: 1.25e9 B/s x goodput. */
  private static final double TEN_GBE = 1.25e9 * ScaleModel.TCP_GOODPUT;

  @Test
  void nicSendSideBoundsWhenTheReplyIsTheLargerDirection() {
    // 40 MB reply, 20 MB push (F16), CPU 10 ms on 16 cores = 1,600/s, merge 1 ms = 1,000/s.
    Capacity c = ScaleModel.capacity(20e6, 40e6, 0.010, 0.001, 10, 16);
    assertEquals(Limit.NIC_OUT, c.limit());
    assertEquals(TEN_GBE / 40e6, c.syncsPerSecond(), 1e-9);
    // 29.4 round trips/s x 0.02 s per step x interval 100 = 58.8 -> 58 workers.
    assertEquals(58, ScaleModel.maxWorkers(c, 0.020, 100));
    assertEquals(0, ScaleModel.maxWorkers(c, 0.020, 1));
  }

  @Test
  void cpuAndMergeLockBoundSmallPushes() {
    // 31 KB each way on 100 GbE: ~380k/s; CPU 100 µs on 2 cores = 20,000/s; merge 10 µs.
    Capacity cpu = ScaleModel.capacity(31_400, 31_400, 100e-6, 10e-6, 100, 2);
    assertEquals(Limit.CPU, cpu.limit());
    assertEquals(20_000, cpu.syncsPerSecond(), 1e-6);
    assertEquals(2_000, ScaleModel.maxWorkers(cpu, 0.010, 10));
    // Same on 64 cores: 640,000/s of CPU, but merges one at a time: 1 / 10 µs = 100,000/s.
    Capacity lock = ScaleModel.capacity(31_400, 31_400, 100e-6, 10e-6, 100, 64);
    assertEquals(Limit.MERGE_LOCK, lock.limit());
    assertEquals(100_000, lock.syncsPerSecond(), 1e-6);
  }

  @Test
  void nicReceiveSideBoundsWhenPushesAreLarger() {
    Capacity c = ScaleModel.capacity(8e6, 4e6, 1e-6, 0, 10, 1);
    assertEquals(Limit.NIC_IN, c.limit());
    assertEquals(TEN_GBE / 8e6, c.syncsPerSecond(), 1e-9);
  }

  @Test
  void capacityFromFittedLinesUsesTheModelSize() {
    // Push 2 B/float + 64, reply 4 B/float + 64, CPU 50 µs + 1 ns/float, merge 0.1 ns/float.
    CostLine line =
        new CostLine(
            PayloadEncoding.F16,
            new Line(50e-6, 1e-9),
            new Line(50e-6, 1e-9),
            new Line(50e-6, 1e-9),
            new Line(0, 1e-9),
            new Line(64, 2),
            new Line(64, 4),
            new Line(0, 5e-9),
            new Line(0, 1e-9));
    // 25M floats (100 MB): reply 100,000,064 B on 100 GbE = 117.7/s; CPU 25.05 ms on 16 = 638/s;
    // serial merge 0.1 ns/float = 2.5 ms = 400/s (the TPS's own wall-clock merge line is ignored).
    Capacity c = ScaleModel.capacity(line, new Line(0, 0.1e-9), 25e6, 100, 16);
    assertEquals(Limit.NIC_OUT, c.limit());
    assertEquals(12.5e9 * ScaleModel.TCP_GOODPUT / 100_000_064.0, c.syncsPerSecond(), 1e-9);
    assertEquals(1, ScaleModel.maxWorkers(c, 0.001, 10));
    Capacity lock = ScaleModel.capacity(line, new Line(0, 1e-9), 25e6, 100, 16);
    assertEquals(Limit.MERGE_LOCK, lock.limit());
    assertEquals(40, lock.syncsPerSecond(), 1e-9);
  }

  @Test
  void sharedMachineRateIsLatencyBoundUntilTheCoresAreFull() {
    // Round trip 50 ms alone, 30 ms of CPU per round trip in all, 2 cores: at most 66.7/s.
    assertEquals(20, ScaleModel.sharedMachineRate(1, 0, 0.050, 0.020, 0.010, 0.005, 2), 1e-9);
    assertEquals(
        200.0 / 3, ScaleModel.sharedMachineRate(4, 0, 0.050, 0.020, 0.010, 0.005, 2), 1e-9);
    // With 200 ms of compute per sync: 4 / 0.25 s = 16/s, under the CPU bound.
    assertEquals(16, ScaleModel.sharedMachineRate(4, 0.200, 0.050, 0.020, 0.010, 0.005, 2), 1e-9);
  }

  @Test
  void fitFindsTheFixedAndPerFloatParts() {
    Line l =
        CostLine.line(
            new double[] {1_000, 100_000, 10_000_000},
            new double[] {50e-6 + 1_000 * 2e-9, 50e-6 + 100_000 * 2e-9, 50e-6 + 10_000_000 * 2e-9});
    assertEquals(50e-6, l.fixed(), 1e-12);
    assertEquals(2e-9, l.perFloat(), 1e-15);
    // A negative intercept is refused in favour of a line through the origin.
    Line origin = CostLine.line(new double[] {1, 2}, new double[] {1, 3});
    assertEquals(0, origin.fixed());
    // Weighted by 1/x^2 it is the mean of y/x: (1 + 1.5) / 2.
    assertEquals(1.25, origin.perFloat(), 1e-12);
    // A negative slope (noise) gives a flat line at the weighted mean.
    Line flat = CostLine.line(new double[] {1, 2}, new double[] {2, 1});
    assertEquals(0, flat.perFloat());
    assertEquals((2 + 1 / 4.0) / (1 + 1 / 4.0), flat.fixed(), 1e-12);
  }

  @Test
  void badInputIsRefusedWithTheValues() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ScaleModel.capacity(0, 1, 1, 0, 10, 1));
    assertEquals(true, e.getMessage().contains("expected positive"));
    assertThrows(IllegalArgumentException.class, () -> CostLine.fit(List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> ScaleModel.maxWorkers(new Capacity(1, Limit.CPU), 0.01, 0));
  }
}
