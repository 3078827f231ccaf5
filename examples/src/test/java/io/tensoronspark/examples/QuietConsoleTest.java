package io.tensoronspark.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CLI as a user starts it, in a JVM of its own without TF_CPP_MIN_LOG_LEVEL: by default only
 * the program's own lines (no Spark, Hadoop or TensorFlow logs, no large-task warning), with the
 * dashboard link, the TensorBoard directory, progress lines and the epoch summary; {@code
 * --verbose} brings the logs back.
 */
@Timeout(300)
class QuietConsoleTest {

  private static final List<String> OWN_PREFIXES =
      List.of(
          "MNIST (", "TensorBoard logs: ", "Dashboard: http://", "epoch 1", "Final test accuracy");

  /** A finished CLI run: its exit code and its non-blank lines. */
  private record Run(int exitCode, List<String> lines) {}

  private static List<String> runCli(String... extra) throws IOException, InterruptedException {
    Run run = run(extra);
    assertEquals(0, run.exitCode(), String.join("\n", run.lines()));
    return run.lines();
  }

  private static Run run(String... extra) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens")
          || arg.startsWith("-XX:+IgnoreUnrecognized")
          || arg.startsWith("-D")) {
        command.add(arg);
      }
    }
    command.addAll(
        List.of(
            // the jar's own logging configuration, not the tests' log4j2-test.properties
            "-Dlog4j2.configurationFile="
                + Path.of("target", "classes", "log4j2.properties").toAbsolutePath(),
            "-Xmx1g",
            "-cp",
            System.getProperty("java.class.path"),
            Examples.class.getName(),
            "mnist-softmax",
            "--epochs",
            "1",
            "--master",
            "local[2]"));
    command.addAll(List.of(extra));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().remove(QuietConsole.TF_LOG_LEVEL_VARIABLE);
    Process cli = builder.start();
    String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(cli.waitFor(120, TimeUnit.SECONDS));
    return new Run(cli.exitValue(), output.lines().filter(l -> !l.isBlank()).toList());
  }

  @Test
  void tensorFlowsNativeInfoLinesAreRecognisedAndNothingElse() {
    assertTrue(
        QuietConsole.isNativeInfo(
            "I0000 00:00:1796158445.580085    9968 mlir_graph_optimization_pass.cc:401] MLIR V1"
                + " optimization pass is not enabled"));
    assertTrue(
        QuietConsole.isNativeInfo(
            "WARNING: All log messages before absl::InitializeLog() is called are written to"
                + " STDERR"));
    assertTrue(!QuietConsole.isNativeInfo("W0000 00:00:1.5 12 x.cc:3] a warning stays"));
    assertTrue(!QuietConsole.isNativeInfo("20:52:44 WARN Utils: Set SPARK_LOCAL_IP"));
    assertTrue(!QuietConsole.isNativeInfo("Exception in thread \"main\" I0000"));
  }

  @Test
  void aFailedRunEndsInOneErrorLineAndVerboseAddsTheStackTrace() throws Exception {
    String missing = Path.of("target", "no-such-data").toAbsolutePath().toUri().toString();
    String expected = CliFailure.PREFIX + "no data files at " + missing + "/train";
    Run quiet = run("--format", "tfrecord", "--data", missing);
    assertEquals(1, quiet.exitCode(), quiet.lines().toString());
    assertTrue(quiet.lines().contains(expected), quiet.lines().toString());
    assertTrue(
        quiet.lines().stream().noneMatch(l -> l.startsWith("\tat ")), quiet.lines().toString());

    Run verbose = run("--format", "tfrecord", "--data", missing, "--verbose");
    assertEquals(1, verbose.exitCode(), verbose.lines().toString());
    assertTrue(verbose.lines().contains(expected), verbose.lines().toString());
    assertTrue(
        verbose.lines().stream().anyMatch(l -> l.startsWith("\tat io.tensoronspark.")),
        "the stack trace: " + verbose.lines());
  }

  @Test
  void aFailuresCausesAreNamedOnceEach() {
    Exception root = new IllegalArgumentException("feed 'x' expects float[784], got int[3]");
    Exception wrapped = new IllegalStateException("task 2 failed: " + root.getMessage(), root);
    Exception outer = new RuntimeException("epoch 1 failed", wrapped);
    assertEquals(
        "epoch 1 failed: task 2 failed: feed 'x' expects float[784], got int[3]",
        CliFailure.describe(outer));
    assertEquals("java.lang.NullPointerException", CliFailure.describe(new NullPointerException()));
  }

  @Test
  void theCliPrintsItsOwnLinesOnlyAndVerboseBringsTheLogsBack() throws Exception {
    Path logDir = Files.createTempDirectory(Path.of("target"), "cli-tensorboard");
    List<String> lines = runCli("--logdir", logDir.toUri().toString());
    for (String line : lines) {
      assertTrue(
          OWN_PREFIXES.stream().anyMatch(line::startsWith), "not the program's own: " + line);
    }
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("Dashboard: http://")), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("epoch 1 100%")), "a progress line");
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("epoch 1: 8000 samples")), "the summary");
    try (Stream<Path> files = Files.list(logDir)) {
      assertTrue(
          files.anyMatch(f -> f.getFileName().toString().startsWith("events.out.tfevents.")),
          "an event file in " + logDir);
    }

    List<String> verbose = runCli("--verbose");
    assertTrue(verbose.stream().anyMatch(l -> l.contains(" INFO ")), "Spark's INFO lines");
    assertTrue(
        verbose.stream().anyMatch(l -> l.contains("TpsServer") && l.contains("INFO")),
        "the library's INFO lines");
  }
}
