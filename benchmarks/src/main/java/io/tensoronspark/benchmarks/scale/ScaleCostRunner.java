package io.tensoronspark.benchmarks.scale;

import io.tensoronspark.tps.protocol.PayloadEncoding;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures what one push-and-pull costs the TPS on this machine, fits the costs to lines in the
 * model size, prints (Markdown) how many workers one driver TPS carries per model size, NIC,
 * encoding and sync interval ({@link ScaleModel}), and checks the model against a local run of 1, 2
 * and 4 looping clients ({@link LoadCheck}).
 *
 * <p>Run: {@code java -Xmx6g -cp benchmarks/target/compare.jar
 * io.tensoronspark.benchmarks.scale.ScaleCostRunner [name=value...]} (settings in {@link
 * ScaleSettings}). Used by one thread.
 */
public final class ScaleCostRunner {

  /** Floats of the pushes that prime the JIT: 256 KiB, the large-frame path. */
  static final int PRIME_FLOATS = 1 << 16;

  private ScaleCostRunner() {}

  public static void main(String[] args) throws Exception {
    run(ScaleSettings.parse(args), System.out);
  }

  /** Measures, fits and prints everything {@code s} asks for to {@code out}. */
  static void run(ScaleSettings s, PrintStream out) throws InterruptedException {
    int cores = Runtime.getRuntime().availableProcessors();
    out.printf(
        Locale.ROOT,
        "# Scale costs: %d cores, load average %.2f at start, %s%n%n",
        cores,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        s);
    if (s.primeMillis() > 0) {
      new PushCostMeter(0, 1, s.primeMillis(), s.topKFraction())
          .measure(PRIME_FLOATS, PayloadEncoding.F32, 0);
    }
    PushCostMeter meter =
        new PushCostMeter(s.warmupRounds(), s.rounds(), s.roundMillis(), s.topKFraction());
    List<PushCost> costs = new ArrayList<>();
    List<CostLine> lines = new ArrayList<>();
    for (PayloadEncoding e : s.encodings()) {
      List<PushCost> ofEncoding = new ArrayList<>();
      for (int floats : s.floats()) {
        ofEncoding.add(meter.measure(floats, e, 0));
      }
      costs.addAll(ofEncoding);
      lines.add(CostLine.fit(ofEncoding));
    }
    costs.add(meter.measure(s.checkFloats(), PayloadEncoding.F32, 1));
    out.println("## Measured per push-and-pull (one client, median (min-max) of rounds)\n");
    MeasuredTables.costs(out, costs);
    out.println("\n## Fitted: cost = fixed + per float x floats\n");
    MeasuredTables.lines(out, lines);
    CostLine.Line serialMerge = new MergeCostMeter(s.rounds(), s.roundMillis()).fit(s.floats());
    out.printf(
        Locale.ROOT,
        "%nSerial merge section (delta sum, every shard locked, one thread, thread CPU): %.0f µs"
            + " + %.3f ns/float%n",
        serialMerge.fixed() * 1e6,
        serialMerge.perFloat() * 1e9);
    double cpuStep = cpuStepSeconds(s, out);
    long cpuStepParams = s.stepHidden() > 0 ? StepTimeProbe.parameters(s.stepHidden()) : 0;
    out.printf(
        Locale.ROOT,
        "%n## Capacity of one TPS with %d driver cores (round trips/s, bound: in/out = NIC"
            + " receive/send, cpu, lock = one merge at a time)%n%n",
        s.driverCores());
    ScaleTables.capacity(out, s, lines, serialMerge);
    out.printf(
        Locale.ROOT,
        "%n## Max workers, GPU-class worker: %s ms per step at every size%n%n",
        ScaleTables.number(s.gpuStepMillis()));
    ScaleTables.workers(out, s, lines, serialMerge, floats -> s.gpuStepMillis() / 1e3);
    double perParam = cpuStepParams > 0 ? cpuStep / cpuStepParams : cpuStep / s.checkFloats();
    out.printf(
        Locale.ROOT,
        "%n## Max workers, CPU-class worker: %.1f ms per step at %,d parameters, scaled with"
            + " the parameter count%n%n",
        cpuStep * 1e3,
        cpuStepParams > 0 ? cpuStepParams : s.checkFloats());
    ScaleTables.workers(out, s, lines, serialMerge, floats -> perParam * floats);
    check(s, out, lines, serialMerge, cores);
  }

  private static double cpuStepSeconds(ScaleSettings s, PrintStream out) {
    if (s.stepHidden() == 0) {
      out.printf(Locale.ROOT, "%nCPU step time: %s ms (given)%n", s.stepMillis());
      return s.stepMillis() / 1e3;
    }
    Range step = StepTimeProbe.stepSeconds(s.stepHidden(), s.stepBatch(), 5, 10, 3);
    out.printf(
        Locale.ROOT,
        "%nCPU step time of the 784-%d-10 MLP (%,d parameters), batch %d, TF Java on this"
            + " machine: %s ms%n",
        s.stepHidden(),
        StepTimeProbe.parameters(s.stepHidden()),
        s.stepBatch(),
        step.times(1e3).format("%.1f"));
    return step.median();
  }

  private static void check(
      ScaleSettings s, PrintStream out, List<CostLine> lines, CostLine.Line serialMerge, int cores)
      throws InterruptedException {
    CostLine f32 =
        lines.stream().filter(l -> l.encoding() == PayloadEncoding.F32).findFirst().orElse(null);
    if (f32 == null || s.checkWorkers().length == 0) {
      out.println("\n(no local check: it needs F32 among the encodings and checkWorkers)");
      return;
    }
    LoadCheck load = new LoadCheck(s.checkFloats(), s.checkRounds(), s.checkRoundMillis());
    List<LoadCheck.Result> results = new ArrayList<>();
    for (long compute : s.checkComputeMillis()) {
      for (int workers : s.checkWorkers()) {
        results.add(load.run(workers, compute));
      }
    }
    out.printf(
        Locale.ROOT,
        "%n## Check: %,d floats (F32), looping clients on this machine's %d cores, shared with the"
            + " TPS (load average now %.2f)%n%n",
        s.checkFloats(),
        cores,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    MeasuredTables.check(out, results, f32, serialMerge, s.checkFloats(), cores);
  }
}
