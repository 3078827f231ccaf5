package io.tensoronspark.benchmarks.scale;

import io.tensoronspark.tps.protocol.PayloadEncoding;
import java.util.Arrays;
import java.util.Locale;

/** Builds {@link ScaleSettings} from {@code name=value} arguments. Used by one thread. */
final class ScaleSettingsParser {

  private int[] floats = ScaleSettings.DEFAULT_FLOATS;
  private PayloadEncoding[] encodings = PayloadEncoding.values();
  private int warmupRounds = ScaleSettings.DEFAULT_WARMUP_ROUNDS;
  private int rounds = ScaleSettings.DEFAULT_ROUNDS;
  private long roundMillis = ScaleSettings.DEFAULT_ROUND_MILLIS;
  private long primeMillis = ScaleSettings.DEFAULT_PRIME_MILLIS;
  private double topK = ScaleSettings.DEFAULT_TOP_K_FRACTION;
  private int checkFloats = ScaleSettings.DEFAULT_CHECK_FLOATS;
  private int[] checkWorkers = ScaleSettings.DEFAULT_CHECK_WORKERS;
  private long[] checkCompute = ScaleSettings.DEFAULT_CHECK_COMPUTE_MILLIS;
  private int checkRounds = ScaleSettings.DEFAULT_CHECK_ROUNDS;
  private long checkRoundMillis = ScaleSettings.DEFAULT_CHECK_ROUND_MILLIS;
  private int stepHidden = ScaleSettings.DEFAULT_STEP_HIDDEN;
  private int stepBatch = ScaleSettings.DEFAULT_STEP_BATCH;
  private double stepMillis = ScaleSettings.DEFAULT_STEP_MILLIS;
  private double gpuStepMillis = ScaleSettings.DEFAULT_GPU_STEP_MILLIS;
  private int driverCores = ScaleSettings.DEFAULT_DRIVER_CORES;
  private double[] nics = ScaleSettings.DEFAULT_NIC_GBPS;
  private int[] intervals = ScaleSettings.DEFAULT_INTERVALS;
  private double[] megabytes = ScaleSettings.DEFAULT_MODEL_MEGABYTES;

  void accept(String arg) {
    int eq = arg.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("expected name=value, got '" + arg + "'");
    }
    String name = arg.substring(0, eq);
    String value = arg.substring(eq + 1);
    try {
      set(name, value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "expected a number (or comma-separated numbers) for " + name + ", got '" + value + "'");
    }
  }

  private void set(String name, String value) {
    switch (name) {
      case "floats" -> floats = ints(value);
      case "encodings" -> encodings = encodings(value);
      case "warmupRounds" -> warmupRounds = Integer.parseInt(value);
      case "rounds" -> rounds = Integer.parseInt(value);
      case "roundMillis" -> roundMillis = Long.parseLong(value);
      case "primeMillis" -> primeMillis = Long.parseLong(value);
      case "topK" -> topK = Double.parseDouble(value);
      case "checkFloats" -> checkFloats = Integer.parseInt(value);
      case "checkWorkers" -> checkWorkers = ints(value);
      case "checkComputeMillis" ->
          checkCompute = Arrays.stream(ints(value)).asLongStream().toArray();
      case "checkRounds" -> checkRounds = Integer.parseInt(value);
      case "checkRoundMillis" -> checkRoundMillis = Long.parseLong(value);
      case "stepHidden" -> stepHidden = Integer.parseInt(value);
      case "stepBatch" -> stepBatch = Integer.parseInt(value);
      case "stepMillis" -> stepMillis = Double.parseDouble(value);
      case "gpuStepMillis" -> gpuStepMillis = Double.parseDouble(value);
      case "driverCores" -> driverCores = Integer.parseInt(value);
      case "nicGbps" -> nics = doubles(value);
      case "intervals" -> intervals = ints(value);
      case "modelMB" -> megabytes = doubles(value);
      default ->
          throw new IllegalArgumentException(
              "unknown setting '"
                  + name
                  + "'; expected one of floats, encodings, warmupRounds, rounds, roundMillis,"
                  + " primeMillis, topK, checkFloats, checkWorkers, checkComputeMillis,"
                  + " checkRounds, checkRoundMillis, stepHidden, stepBatch, stepMillis,"
                  + " gpuStepMillis, driverCores, nicGbps, intervals, modelMB");
    }
  }

  ScaleSettings build() {
    if (Arrays.stream(floats).distinct().count() < 2
        || Arrays.stream(floats).min().getAsInt() < 1) {
      throw new IllegalArgumentException(
          "expected floats= at least two different sizes >= 1, got " + Arrays.toString(floats));
    }
    if (rounds < 1
        || warmupRounds < 0
        || roundMillis < 1
        || primeMillis < 0
        || checkRounds < 1
        || checkRoundMillis < 1
        || stepHidden < 0
        || stepBatch < 1
        || !(stepMillis > 0)
        || !(gpuStepMillis > 0)
        || driverCores < 1
        || !(topK > 0 && topK <= 1)) {
      throw new IllegalArgumentException(
          "expected rounds, roundMillis, checkRounds, checkRoundMillis, stepBatch, driverCores >= 1,"
              + " warmupRounds, primeMillis, stepHidden >= 0, stepMillis, gpuStepMillis > 0 and"
              + " 0 < topK <= 1");
    }
    return new ScaleSettings(
        floats,
        encodings,
        warmupRounds,
        rounds,
        roundMillis,
        primeMillis,
        topK,
        checkFloats,
        checkWorkers,
        checkCompute,
        checkRounds,
        checkRoundMillis,
        stepHidden,
        stepBatch,
        stepMillis,
        gpuStepMillis,
        driverCores,
        nics,
        intervals,
        megabytes);
  }

  private static int[] ints(String value) {
    return Arrays.stream(value.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
  }

  private static double[] doubles(String value) {
    return Arrays.stream(value.split(",")).mapToDouble(s -> Double.parseDouble(s.trim())).toArray();
  }

  private static PayloadEncoding[] encodings(String value) {
    String[] names = value.split(",");
    PayloadEncoding[] out = new PayloadEncoding[names.length];
    for (int i = 0; i < names.length; i++) {
      try {
        out[i] = PayloadEncoding.valueOf(names[i].trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "expected encodings from "
                + Arrays.toString(PayloadEncoding.values())
                + ", got '"
                + names[i]
                + "'");
      }
    }
    return out;
  }
}
