package io.tensoronspark.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The combiner-quality command end to end on a tiny slice of the bundled MNIST (real Spark
 * local[2], TF and TPS): the table has one row per combiner, the CSV one line per combiner and
 * seed, and the accuracies are those of a model that learned something. The summary over several
 * seeds is {@link QualityTableTest}'s.
 */
@Timeout(300)
@ExtendWith(NoLargeTasks.class)
class CombinerQualityTest {

  private static final int TRAIN_ROWS = 640;
  private static final int TEST_ROWS = 200;

  @TempDir Path dir;

  @Test
  void printsOneRowPerCombinerAndWritesOneCsvLinePerSeed() throws Exception {
    MnistSlice.write(dir, TRAIN_ROWS, TEST_ROWS);
    Path csv = dir.resolve("quality.csv");
    CombinerQuality command = new CombinerQuality();
    new CommandLine(command)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs(
            "--master=local[2]",
            "--partitions=2",
            "--epochs=2",
            "--hidden=32",
            "--combiners=delta-sum,model-averaging",
            "--seeds=5",
            "--data=" + dir,
            "--report-csv=" + csv);
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    QualityTable table;
    try (PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8)) {
      table = command.run(out);
    }
    String printed = console.toString(StandardCharsets.UTF_8);
    assertTrue(
        printed.contains("| combiner | 1 partition | 2 partitions | gap (points) |"), printed);
    assertTrue(printed.contains("| delta-sum | 0."), printed);
    assertTrue(printed.contains("| model-averaging | 0."), printed);

    List<QualityTable.Summary> summaries = table.summaries();
    assertEquals(
        List.of("delta-sum", "model-averaging"),
        summaries.stream().map(s -> s.combiner()).toList());
    for (QualityTable.Summary s : summaries) {
      assertEquals(1, s.seeds());
      // Ten classes: chance is 0.1; two epochs over 640 rows get well above it.
      assertTrue(s.baseline().min() > 0.5 && s.baseline().max() <= 1.0, s.toString());
      assertTrue(s.async().min() > 0.3 && s.async().max() <= 1.0, s.toString());
      assertTrue(
          s.baseline().min() <= s.baseline().mean() && s.baseline().mean() <= s.baseline().max());
      assertEquals(
          100 * (s.baseline().mean() - s.async().mean()), s.gapPoints().mean(), 1e-3, s.toString());
    }

    List<String> lines = Files.readAllLines(csv);
    assertEquals(QualityTable.CSV_HEADER, lines.get(0));
    assertEquals(3, lines.size(), lines.toString());
    String[] first = lines.get(1).split(",");
    assertEquals("delta-sum", first[0]);
    assertEquals("5", first[1]);
    assertEquals("2", first[2]);
    assertEquals("2", first[3]);
  }
}
