package io.tensoronspark.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * Keeps the examples' console to their own lines. Spark and Hadoop log at WARN from the first line
 * (the jar's {@code log4j2.properties}); TensorFlow's native library logs through its own C++
 * logger, which reads {@value #TF_LOG_LEVEL_VARIABLE} from the process environment once, and a JVM
 * cannot change its own environment. So when the variable is unset, {@link #relaunch} starts the
 * same program again in a child JVM with it set (same JVM options, class path and arguments, input
 * and output inherited; its standard error is forwarded without TensorFlow's native INFO lines,
 * some of which ignore the variable) and the parent only waits for it: about half a second more at
 * start. The child halts when the parent dies (kill -9 included), and the parent stops the child
 * when it is stopped. {@code --verbose} skips all of this and brings the INFO logs back. Not under
 * spark-submit, whose own launcher owns the driver JVM (set the variable in its environment there).
 * Used by the main thread at start.
 */
final class QuietConsole {

  /** TensorFlow's C++ log threshold variable: 1 drops INFO, keeps warnings and errors. */
  static final String TF_LOG_LEVEL_VARIABLE = "TF_CPP_MIN_LOG_LEVEL";

  /** The level set for the relaunched JVM. */
  static final String TF_QUIET_LEVEL = "1";

  /** The option that keeps all logs. */
  static final String VERBOSE_OPTION = "--verbose";

  /** Its help text, the same in every command. */
  static final String VERBOSE_DESCRIPTION =
      "Show Spark's, Hadoop's, TensorFlow's and the library's INFO logs, and a failure's stack"
          + " trace (default: own lines only).";

  /** Set in the relaunched JVM to the parent's pid. */
  static final String PARENT_PID_PROPERTY = "tensoronspark.examples.parentPid";

  private QuietConsole() {}

  /** Whether the arguments ask for all logs. */
  static boolean verbose(String[] args) {
    return Arrays.asList(args).contains(VERBOSE_OPTION);
  }

  /**
   * Relaunches the program quietly when it should; returns the child's exit code, or -1 when this
   * JVM should run the program itself.
   */
  static int relaunch(Class<?> mainClass, String[] args) throws IOException, InterruptedException {
    watchParent();
    if (verbose(args)
        || System.getenv(TF_LOG_LEVEL_VARIABLE) != null
        || System.getProperty(PARENT_PID_PROPERTY) != null
        || String.valueOf(System.getProperty("sun.java.command")).startsWith("org.apache.spark")) {
      return -1;
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.add("-D" + PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid());
    String launched = String.valueOf(System.getProperty("sun.java.command")).split(" ", 2)[0];
    if (launched.endsWith(".jar")) {
      command.add("-jar"); // keeps the jar manifest's Add-Opens, which -cp would lose
      command.add(launched);
    } else {
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(mainClass.getName());
    }
    command.addAll(Arrays.asList(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(ProcessBuilder.Redirect.INHERIT)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put(TF_LOG_LEVEL_VARIABLE, TF_QUIET_LEVEL);
    Process child = builder.start();
    Thread stopChild = new Thread(child::destroy, "stop-quiet-child");
    Runtime.getRuntime().addShutdownHook(stopChild);
    Thread errors = new Thread(() -> forwardErrors(child), "quiet-child-stderr");
    errors.start();
    int code = child.waitFor();
    errors.join();
    Runtime.getRuntime().removeShutdownHook(stopChild);
    return code;
  }

  /**
   * Copies the child's standard error to ours without TensorFlow's native INFO lines: TF 2.18 logs
   * some of them through absl, which ignores {@value #TF_LOG_LEVEL_VARIABLE} (checked with levels 1
   * to 3), e.g. {@code I0000 00:00:1796158445.580085 9968 mlir_graph_optimization_pass.cc:401] MLIR
   * V1 optimization pass is not enabled}, and absl's notice before it.
   */
  private static void forwardErrors(Process child) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!isNativeInfo(line)) {
          System.err.println(line);
        }
      }
    } catch (IOException e) {
      System.err.println("lost the training's error output: " + e);
    }
  }

  /**
   * Whether {@code line} is one of TensorFlow's native INFO lines (absl's format) or its notice.
   */
  static boolean isNativeInfo(String line) {
    return ABSL_INFO.matcher(line).lookingAt() || line.startsWith(ABSL_NOTICE);
  }

  private static final Pattern ABSL_INFO =
      Pattern.compile("I\\d{4} \\d\\d:\\d\\d:\\d+\\.\\d+ +\\d+ [^ \\]]+:\\d+\\] ");

  private static final String ABSL_NOTICE =
      "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR";

  /** In a relaunched JVM: halts when the parent is gone, so no driver outlives a killed launch. */
  private static void watchParent() {
    String parent = System.getProperty(PARENT_PID_PROPERTY);
    if (parent == null) {
      return;
    }
    ProcessHandle.of(Long.parseLong(parent))
        .ifPresentOrElse(
            p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(143)),
            () -> Runtime.getRuntime().halt(143));
  }

  /** With {@code --verbose}: Spark's, Hadoop's and the library's INFO logs back on. */
  static void applyLogLevel(String[] args) {
    if (verbose(args)) {
      Configurator.setRootLevel(Level.INFO);
      Configurator.setLevel("io.tensoronspark", Level.INFO);
    }
  }
}
