package io.tensoronspark.benchmarks.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.protocol.PayloadEncoding;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The runner end to end on tiny sizes: real TPS on loopback, real TF step, real clients. */
class ScaleCostRunnerTest {

  @Test
  @Timeout(120)
  void measuresFitsAndPrintsEveryTable() throws Exception {
    ScaleSettings s =
        ScaleSettings.parse(
            "floats=1000,20000",
            "encodings=F32,TOP_K",
            "warmupRounds=1",
            "rounds=2",
            "roundMillis=50",
            "primeMillis=0",
            "checkFloats=20000",
            "checkWorkers=1,2",
            "checkComputeMillis=0",
            "checkRounds=2",
            "checkRoundMillis=100",
            "stepHidden=16",
            "modelMB=1,10",
            "nicGbps=10",
            "intervals=1,10");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ScaleCostRunner.run(s, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.contains("| 20,000 | F32 | 1 |"), out);
    assertTrue(out.contains("| 1 MB | TOP_K |"), out);
    assertTrue(out.contains("| 10 GbE, every 10 |"), out);
    assertTrue(out.contains("CPU step time of the 784-16-10 MLP"), out);
    assertEquals(2, out.lines().filter(l -> l.matches("\\| [12] \\| 0 \\| .*")).count(), out);
  }

  @Test
  @Timeout(60)
  void pushCostsCountTheBytesOfEachEncoding() {
    PushCostMeter meter = new PushCostMeter(1, 2, 20, 0.01);
    PushCost f32 = meter.measure(10_000, PayloadEncoding.F32, 0);
    PushCost f16 = meter.measure(10_000, PayloadEncoding.F16, 0);
    PushCost topK = meter.measure(10_000, PayloadEncoding.TOP_K, 0);
    // Dense F32 body: 4 bytes per float plus headers; F16 half the payload; replies always F32.
    assertTrue(f32.bytesIn().median() >= 40_000 && f32.bytesIn().median() < 41_000, "" + f32);
    assertTrue(f16.bytesIn().median() >= 20_000 && f16.bytesIn().median() < 21_000, "" + f16);
    assertTrue(topK.bytesIn().median() < 2_000, "" + topK);
    assertEquals(f32.bytesOut().median(), topK.bytesOut().median());
    assertTrue(f32.serverCpuSeconds().min() > 0 && f32.clientCpuSeconds().min() > 0, "" + f32);
    assertTrue(f32.pushes() >= 2 * PushCostMeter.MIN_PUSHES_PER_ROUND);
    assertEquals(10_000, f32.floats());
    assertEquals(new Range(1, 2, 3), Range.of(3, 1, 2));
    assertEquals(new Range(1, 1.5, 2), Range.of(2, 1));
  }

  @Test
  void badSettingsNameWhatWasExpected() {
    IllegalArgumentException unknown =
        assertThrows(IllegalArgumentException.class, () -> ScaleSettings.parse("flaots=1"));
    assertTrue(unknown.getMessage().contains("unknown setting 'flaots'"));
    IllegalArgumentException one =
        assertThrows(IllegalArgumentException.class, () -> ScaleSettings.parse("floats=5"));
    assertTrue(one.getMessage().contains("at least two different sizes"));
    IllegalArgumentException enc =
        assertThrows(IllegalArgumentException.class, () -> ScaleSettings.parse("encodings=F8"));
    assertTrue(enc.getMessage().contains("got 'F8'"));
    IllegalArgumentException num =
        assertThrows(IllegalArgumentException.class, () -> ScaleSettings.parse("rounds=x"));
    assertTrue(num.getMessage().contains("for rounds, got 'x'"));
  }
}
