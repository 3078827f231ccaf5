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
import org.junit.jupiter.api.io.TempDir;

/** The quality table's summaries (means and ranges over seeds), Markdown and CSV. */
class QualityTableTest {

  @TempDir Path dir;

  private static QualityTable table() {
    QualityTable t = new QualityTable(20, 4);
    t.add(new QualityTable.Run("delta-sum", 1, 0.9650f, 0.9600f));
    t.add(new QualityTable.Run("delta-sum", 2, 0.9700f, 0.9710f));
    t.add(new QualityTable.Run("dynsgd", 1, 0.9600f, 0.9400f));
    return t;
  }

  @Test
  void summarisesEachCombinerOverItsSeedsInOrder() {
    List<QualityTable.Summary> s = table().summaries();
    assertEquals(2, s.size());
    QualityTable.Summary delta = s.get(0);
    assertEquals("delta-sum", delta.combiner());
    assertEquals(2, delta.seeds());
    assertEquals(0.9675, delta.baseline().mean(), 1e-6);
    assertEquals(0.9650, delta.baseline().min(), 1e-6);
    assertEquals(0.9700, delta.baseline().max(), 1e-6);
    assertEquals(0.9655, delta.async().mean(), 1e-6);
    // Gaps per seed: +0.50 and -0.10 points.
    assertEquals(0.20, delta.gapPoints().mean(), 1e-4);
    assertEquals(-0.10, delta.gapPoints().min(), 1e-4);
    assertEquals(0.50, delta.gapPoints().max(), 1e-4);
    assertEquals("dynsgd", s.get(1).combiner());
    assertEquals(2.00, s.get(1).gapPoints().mean(), 1e-4);
  }

  @Test
  void printsMarkdownAndWritesOneCsvLinePerRun() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      table().print(out);
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(
        printed.startsWith("| combiner | 1 partition | 4 partitions | gap (points) |"), printed);
    assertTrue(
        printed.contains(
            "| delta-sum | 0.9675 (0.9650-0.9700) | 0.9655 (0.9600-0.9710) | 0.20 (-0.10 to 0.50) |"),
        printed);
    Path csv = dir.resolve("q.csv");
    table().writeCsv(csv);
    List<String> lines = Files.readAllLines(csv);
    assertEquals(
        List.of(
            QualityTable.CSV_HEADER,
            "delta-sum,1,20,4,0.9650,0.9600,0.50",
            "delta-sum,2,20,4,0.9700,0.9710,-0.10",
            "dynsgd,1,20,4,0.9600,0.9400,2.00"),
        lines);
  }
}
