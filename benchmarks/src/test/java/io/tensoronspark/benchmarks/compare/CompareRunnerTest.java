package io.tensoronspark.benchmarks.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CompareRunnerTest {

  @TempDir Path dir;

  @Test
  @Timeout(value = 600, unit = TimeUnit.SECONDS)
  void tinyRunWritesOneWellFormedCsvRowPerConfigurationWithSameRoundRatios() throws Exception {
    Path csv = dir.resolve("compare.csv");
    CompareRunner runner = new CompareRunner();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    runner.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    int exit =
        new CommandLine(runner)
            .execute(
                "--models=softmax",
                "--configs=plain,session-n,session-n-overlap,mllib",
                "--partitions=2",
                "--epochs=2",
                "--train-rows=400",
                "--test-rows=200",
                "--mllib-iterations=2,5",
                "--repartition-every-epoch",
                "--target=softmax=0.5",
                "--csv=" + csv);
    assertEquals(0, exit, printed.toString(StandardCharsets.UTF_8));

    List<String> lines = Files.readAllLines(csv);
    assertEquals(ComparisonRow.CSV_HEADER, lines.get(0));
    int columns = lines.get(0).split(",", -1).length;
    Set<String> configs = new TreeSet<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      assertEquals(columns, f.length, line);
      assertEquals("1", f[0], line);
      assertEquals("softmax", f[1], line);
      configs.add(f[2]);
      for (int i = 3; i < f.length; i++) {
        if (!f[i].isEmpty()) {
          Double.parseDouble(f[i]); // every figure is a number or empty
        }
      }
      double accuracy = Double.parseDouble(f[column("final_accuracy")]);
      assertTrue(accuracy > 0.1 && accuracy <= 1, line);
    }
    assertEquals(Set.of("mllib-lr", "plain", "session-2", "session-2-overlap"), configs);
    String[] plain = row(lines, "plain");
    int steadyRatio = column("steady_ratio");
    assertEquals(1.0, Double.parseDouble(plain[steadyRatio]), 1e-9, "plain is its own baseline");
    assertEquals(1.0, Double.parseDouble(plain[column("whole_run_ratio")]), 1e-9);
    String[] session = row(lines, "session-2");
    assertTrue(
        Double.parseDouble(session[steadyRatio]) > 0, "a same-round ratio to the plain loop");
    double fixed = Double.parseDouble(session[column("fixed_cost_per_epoch_ms")]);
    double parts = 0;
    for (String part : List.of("prepare", "job_start", "task_input", "assign", "checkpoint")) {
      parts += Double.parseDouble(session[column("fixed_" + part + "_ms")]);
    }
    assertTrue(
        parts <= fixed + 5, "the fixed cost's parts (" + parts + ") fit in it (" + fixed + ")");
    assertTrue(
        session[column("fixed_checkpoint_ms")].length() > 0, "every epoch ends with a checkpoint");
    String[] peer = row(lines, "mllib-lr");
    assertEquals("", peer[steadyRatio], "MLlib has no samples/s");
    assertEquals(
        0.0,
        Double.parseDouble(peer[column("accuracy_vs_peer_points")]),
        1e-9,
        "the peer is its own accuracy baseline");
    assertTrue(
        printed.toString(StandardCharsets.UTF_8).contains("softmax  session-2"),
        "the table is printed");
  }

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void cnnRunsInThePlainLoopAndTheSessionAgainstTheMllibMlpPeer() throws Exception {
    Path csv = dir.resolve("cnn.csv");
    CompareRunner runner = new CompareRunner();
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    runner.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
    int exit =
        new CommandLine(runner)
            .execute(
                "--models=cnn",
                "--configs=plain,session-1",
                "--epochs=2",
                "--train-rows=192",
                "--test-rows=64",
                "--csv=" + csv);
    assertEquals(0, exit, printed.toString(StandardCharsets.UTF_8));

    List<String> lines = Files.readAllLines(csv);
    assertEquals(3, lines.size(), "header, plain, session-1: " + lines);
    for (String config : List.of("plain", "session-1")) {
      String[] f = row(lines, config);
      assertEquals("cnn", f[1]);
      assertTrue(Double.parseDouble(f[column("steady_ratio")]) > 0, config);
      double accuracy = Double.parseDouble(f[column("final_accuracy")]);
      assertTrue(accuracy > 0 && accuracy <= 1, String.join(",", f));
    }
  }

  @Test
  void unknownConfigurationIsRefusedNamingTheKnownOnes() {
    CompareRunner runner = new CompareRunner();
    List<String> errors = new ArrayList<>();
    CommandLine cli = new CommandLine(runner);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          errors.add(e.getMessage());
          return 1;
        });
    assertEquals(1, cli.execute("--configs=plain,gpu", "--csv=" + dir.resolve("x.csv")));
    assertEquals(
        List.of(
            "unknown config 'gpu'; expected one of [plain, session-1, session-n,"
                + " session-1-overlap, session-n-overlap, mllib]"),
        errors);
  }

  private static int column(String name) {
    int index = List.of(ComparisonRow.CSV_HEADER.split(",")).indexOf(name);
    assertTrue(index >= 0, "no column " + name);
    return index;
  }

  private static String[] row(List<String> lines, String config) {
    for (String line : lines) {
      String[] f = line.split(",", -1);
      if (f[2].equals(config)) {
        return f;
      }
    }
    throw new AssertionError("no row for " + config + " in " + lines);
  }
}
