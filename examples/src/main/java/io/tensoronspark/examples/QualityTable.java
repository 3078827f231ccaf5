package io.tensoronspark.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The results of {@link CombinerQuality}: per combiner and seed the final test accuracy of a
 * 1-partition run and of an N-partition run at the same epochs, summarised per combiner as means
 * and ranges over the seeds, printed as Markdown and written as CSV. Filled by one thread, then
 * read.
 */
public final class QualityTable {

  /** The CSV header, one line per combiner and seed. */
  public static final String CSV_HEADER =
      "combiner,seed,epochs,partitions,accuracy_1_partition,accuracy_n_partitions,gap_points";

  /** One paired measurement: the same combiner, seed and epochs on 1 and on N partitions. */
  public record Run(String combiner, long seed, float baseline, float async) {
    /** The 1-partition accuracy minus the N-partition one, in percentage points. */
    public double gapPoints() {
      return 100.0 * (baseline - async);
    }
  }

  /** Mean, smallest and largest of a figure over the seeds. */
  public record Range(double mean, double min, double max) {
    static Range of(List<Double> values) {
      double sum = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (double v : values) {
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      return new Range(sum / values.size(), min, max);
    }
  }

  /** One combiner's summary over its seeds. */
  public record Summary(String combiner, int seeds, Range baseline, Range async, Range gapPoints) {}

  private final int epochs;
  private final int partitions;
  private final List<Run> runs = new ArrayList<>();

  public QualityTable(int epochs, int partitions) {
    this.epochs = epochs;
    this.partitions = partitions;
  }

  public void add(Run run) {
    runs.add(run);
  }

  public List<Run> runs() {
    return List.copyOf(runs);
  }

  /** One summary per combiner, in the order the combiners were first added. */
  public List<Summary> summaries() {
    Map<String, List<Run>> byCombiner = new LinkedHashMap<>();
    for (Run r : runs) {
      byCombiner.computeIfAbsent(r.combiner(), k -> new ArrayList<>()).add(r);
    }
    List<Summary> out = new ArrayList<>();
    byCombiner.forEach(
        (combiner, rs) ->
            out.add(
                new Summary(
                    combiner,
                    rs.size(),
                    Range.of(rs.stream().map(r -> (double) r.baseline()).toList()),
                    Range.of(rs.stream().map(r -> (double) r.async()).toList()),
                    Range.of(rs.stream().map(Run::gapPoints).toList()))));
    return out;
  }

  /** The Markdown table: combiner, 1 partition, N partitions, gap (mean, range over seeds). */
  public void print(PrintStream out) {
    out.printf(
        Locale.ROOT,
        "| combiner | 1 partition | %d partitions | gap (points) |%n|---|---|---|---|%n",
        partitions);
    for (Summary s : summaries()) {
      out.printf(
          Locale.ROOT,
          "| %s | %.4f (%.4f-%.4f) | %.4f (%.4f-%.4f) | %.2f (%.2f to %.2f) |%n",
          s.combiner(),
          s.baseline().mean(),
          s.baseline().min(),
          s.baseline().max(),
          s.async().mean(),
          s.async().min(),
          s.async().max(),
          s.gapPoints().mean(),
          s.gapPoints().min(),
          s.gapPoints().max());
    }
  }

  /** Writes one CSV line per combiner and seed, after {@link #CSV_HEADER}. */
  public void writeCsv(Path file) throws IOException {
    try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(file))) {
      csv.println(CSV_HEADER);
      for (Run r : runs) {
        csv.printf(
            Locale.ROOT,
            "%s,%d,%d,%d,%.4f,%.4f,%.2f%n",
            r.combiner(),
            r.seed(),
            epochs,
            partitions,
            r.baseline(),
            r.async(),
            r.gapPoints());
      }
    }
  }
}
