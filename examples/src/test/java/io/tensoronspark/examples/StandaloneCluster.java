package io.tensoronspark.examples;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;

/**
 * A real Spark standalone cluster for tests: a Master on 127.0.0.1 and {@code workers} Workers on
 * 127.0.0.2, .3, ..., each its own JVM started from the test classpath, so executors run in
 * separate JVMs on distinct hosts as on a real cluster. Each worker offers {@link #GPUS_PER_WORKER}
 * GPU addresses found by a discovery script (no GPU is touched: an application that asks for GPUs
 * gets addresses, one that does not is unaffected). Owns the processes and destroys them (workers
 * first) on {@link #close()}.
 */
final class StandaloneCluster implements AutoCloseable {

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

  /** GPU addresses each worker offers: "0" and "1". */
  static final int GPUS_PER_WORKER = 2;

  private final Path home;
  private final int masterPort;
  private final int webUiPort;
  private final Process master;
  private final List<Process> workers = new ArrayList<>();

  StandaloneCluster(int workerCount) throws IOException, InterruptedException {
    home =
        Path.of(System.getenv().getOrDefault("SPARK_HOME", "target/spark-home")).toAbsolutePath();
    Files.createDirectories(home.resolve("jars"));
    masterPort = freePort();
    webUiPort = freePort();
    Path gpuScript = gpuDiscoveryScript(home.resolve("gpus-" + masterPort + ".sh"));
    master =
        launch(
            "master",
            "127.0.0.1",
            List.of(
                "org.apache.spark.deploy.master.Master",
                "--host",
                "127.0.0.1",
                "--port",
                "" + masterPort,
                "--webui-port",
                "" + webUiPort));
    for (int i = 0; i < workerCount; i++) {
      Path work = Files.createDirectories(home.resolve("work-" + masterPort + "-" + i));
      // Each worker (and so its executors) has its own loopback address: Spark never runs a
      // speculative copy on a
      // host where the original attempt runs, so one shared host would make speculation impossible
      // to test.
      String host = "127.0.0." + (2 + i);
      workers.add(
          launch(
              "worker-" + i,
              host,
              List.of(
                  "-Dspark.worker.resource.gpu.amount=" + GPUS_PER_WORKER,
                  "-Dspark.worker.resource.gpu.discoveryScript=" + gpuScript,
                  "org.apache.spark.deploy.worker.Worker",
                  "--host",
                  host,
                  "--port",
                  "0",
                  "--webui-port",
                  "0",
                  "--cores",
                  "1",
                  "--memory",
                  "1024M",
                  "--work-dir",
                  work.toString(),
                  masterUrl())));
    }
    awaitWorkers(workerCount);
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /**
   * A driver configuration for this cluster: one 1-core executor per worker, test classpath on
   * executors.
   */
  SparkConf driverConf(String appName, int executors) {
    Path cache =
        Path.of(
            System.getProperty(
                "org.bytedeco.javacpp.cachedir",
                System.getProperty("user.home") + "/.javacpp/cache"));
    return new SparkConf()
        .setMaster(masterUrl())
        .setAppName(appName)
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.cores.max", "" + executors)
        .set("spark.executor.cores", "1")
        .set("spark.executor.memory", "1g")
        .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
        .set(
            "spark.executor.extraJavaOptions",
            "-Dorg.bytedeco.javacpp.cachedir="
                + cache
                + " -Djava.io.tmpdir="
                + System.getProperty("java.io.tmpdir"))
        .set("spark.executorEnv.SPARK_SCALA_VERSION", "2.12")
        .set("spark.executorEnv.TF_CPP_MIN_LOG_LEVEL", "1");
  }

  /**
   * The process ids of the executor JVMs the workers started (children of the worker processes).
   */
  List<ProcessHandle> executors() {
    List<ProcessHandle> executors = new ArrayList<>();
    for (Process worker : workers) {
      worker.children().forEach(executors::add);
    }
    return executors;
  }

  private Process launch(String name, String host, List<String> mainAndArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.addAll(mainAndArgs);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("SPARK_HOME", home.toString());
    builder.environment().put("SPARK_SCALA_VERSION", "2.12");
    builder.environment().put("SPARK_LOCAL_IP", host);
    File log = home.resolve(name + "-" + masterPort + ".log").toFile();
    builder.redirectErrorStream(true).redirectOutput(log);
    return builder.start();
  }

  private void awaitWorkers(int expected) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      if (!master.isAlive()) {
        throw new IllegalStateException("the Spark master exited; see " + home);
      }
      try {
        HttpRequest request =
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webUiPort + "/json/"))
                .timeout(Duration.ofSeconds(2))
                .build();
        last = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        if (last.replace(" ", "").contains("\"aliveworkers\":" + expected)) {
          return;
        }
      } catch (IOException e) {
        last = e.toString();
      }
      TimeUnit.MILLISECONDS.sleep(250); // polling an external process: there is nothing to wait on
    }
    close();
    throw new IllegalStateException(
        "the standalone cluster did not get "
            + expected
            + " workers in "
            + READY_TIMEOUT
            + ": "
            + last);
  }

  /** A Spark resource discovery script that reports GPU addresses 0 .. GPUS_PER_WORKER-1. */
  private static Path gpuDiscoveryScript(Path script) throws IOException {
    StringBuilder addresses = new StringBuilder();
    for (int i = 0; i < GPUS_PER_WORKER; i++) {
      addresses.append(i == 0 ? "" : ",").append('"').append(i).append('"');
    }
    Files.writeString(
        script, "#!/bin/sh\necho '{\"name\":\"gpu\",\"addresses\":[" + addresses + "]}'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    for (Process worker : workers) {
      worker.descendants().forEach(ProcessHandle::destroyForcibly);
      worker.destroyForcibly();
    }
    master.destroyForcibly();
    try {
      for (Process worker : workers) {
        worker.waitFor(30, TimeUnit.SECONDS);
      }
      master.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
