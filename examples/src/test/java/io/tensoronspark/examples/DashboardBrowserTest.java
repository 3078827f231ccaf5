package io.tensoronspark.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tensoronspark.combiners.Combiners;
import io.tensoronspark.session.DistributedSession;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The TPS dashboard in a real browser (Debian's headless Chromium, which the build installs with
 * {@code .ci/install-chromium.sh} when missing), opened through the driver's one-time login link on
 * a live MNIST training run: the charts fill while training goes, and once it stops they hold
 * exactly what the status and progress JSON say. The screenshot is kept as {@code
 * target/dashboard.png}.
 */
@Timeout(600)
class DashboardBrowserTest {

  static final Path SCREENSHOT = Path.of("target", "dashboard.png");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The most epochs the live run trains while waiting for the page. */
  private static final int MAX_EPOCHS = 30;

  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc = new JavaSparkContext(MnistSoftmaxTrainingTest.testConf("local[2]"));
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  private static ChromeDriver chromium() throws Exception {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1100",
        "--user-data-dir=" + Files.createTempDirectory(Path.of("target"), "chromium-profile"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  /** The page's own fetch of {@code path} (with its cookie), as JSON. */
  private static JsonNode fetchInPage(JavascriptExecutor page, String path) throws Exception {
    Object text =
        page.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "fetch(arguments[0], {cache: 'no-store'}).then(r => r.text()).then(done,"
                + " e => done('error: ' + e));",
            path);
    return JSON.readTree(String.valueOf(text));
  }

  private static List<Double> column(Object data, int index) {
    List<Double> out = new ArrayList<>();
    for (Object value : (List<?>) ((List<?>) data).get(index)) {
      out.add(((Number) value).doubleValue());
    }
    return out;
  }

  private static List<Double> numbers(Iterator<JsonNode> values) {
    List<Double> out = new ArrayList<>();
    values.forEachRemaining(v -> out.add(v.asDouble()));
    return out;
  }

  @Test
  void theDashboardOfALiveRunChartsWhatTheStatusJsonSays() throws Exception {
    TrainingOptions options = new TrainingOptions();
    options.applyDefaults(4, MnistSoftmax.DEFAULT_BATCH_SIZE, MnistSoftmax.DEFAULT_COMBINER);
    options.syncIntervalSteps = 2;
    Console console = new Console();
    long trainSize = 8000;
    try (MnistModel model = MnistModel.softmax(MnistSoftmax.DEFAULT_LEARNING_RATE);
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        DistributedSession session =
            DistributedSession.builder(sc, model.graph(), model.session())
                .batchSize(options.batchSize)
                .syncIntervalSteps(options.syncIntervalSteps)
                .combiner(Combiners.byName(options.combiner))
                .loss(model.loss())
                .build()) {
      MnistTraining.watch(session, options, out, trainSize);
      JavaRDD<Object[]> rows =
          MnistSource.trainRows(sc, options.data, options.format, options.partitions).cache();
      // Training goes on until the page has charted some of it (two epochs at least), however
      // slowly
      // the browser starts on a loaded machine.
      java.util.concurrent.atomic.AtomicBoolean charted =
          new java.util.concurrent.atomic.AtomicBoolean();
      CompletableFuture<Void> training =
          CompletableFuture.runAsync(
              () -> {
                for (int epoch = 1; epoch <= MAX_EPOCHS; epoch++) {
                  session.run(model.trainOp(), rows, model.feedNames(), model.parameters(), true);
                  if (epoch >= 2 && charted.get()) {
                    return;
                  }
                }
              });
      String link =
          (String)
              CompletableFuture.anyOf(console.dashboardLink(), training).get(120, TimeUnit.SECONDS);
      assertTrue(link != null, "training ended without printing the dashboard link: " + console);
      ChromeDriver browser = chromium();
      try {
        browser.get(link);
        assertTrue(browser.getCurrentUrl().endsWith("/dashboard"), browser.getCurrentUrl());
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120));
        wait.until(
            b ->
                ((Number) browser.executeScript("return window.tpsDashboard.data.loss[0].length"))
                            .intValue()
                        > 0
                    || training.isDone());
        assertTrue(!training.isDone(), "the loss chart got points while training was running");
        charted.set(true);
        training.get(300, TimeUnit.SECONDS);
        long pollsAfterTraining =
            ((Number) browser.executeScript("return window.tpsDashboard.polls")).longValue();
        wait.until(
            b ->
                ((Number) browser.executeScript("return window.tpsDashboard.polls")).longValue()
                    >= pollsAfterTraining + 2);
        JsonNode status = fetchInPage(browser, "/v1/status");
        JsonNode progress = fetchInPage(browser, "/v1/progress?since=0");
        Object charts =
            browser.executeScript(
                "const c = window.tpsDashboard.charts; return {workers: c.workers.data,"
                    + " staleness: c.staleness.data, loss: c.loss.data, bytes: c.bytes.data};");
        java.util.Map<?, ?> data = (java.util.Map<?, ?>) charts;

        List<Double> workerIds = new ArrayList<>();
        List<Double> workerPushes = new ArrayList<>();
        status
            .get("stats")
            .get("pushesByWorker")
            .fields()
            .forEachRemaining(
                e -> {
                  workerIds.add(Double.parseDouble(e.getKey()));
                  workerPushes.add(e.getValue().asDouble());
                });
        assertEquals(List.of(0.0, 1.0), workerIds);
        assertEquals(workerIds, column(data.get("workers"), 0));
        assertEquals(workerPushes, column(data.get("workers"), 1));
        assertEquals(
            status.get("stats").get("pushesApplied").asDouble(),
            workerPushes.stream().mapToDouble(Double::doubleValue).sum());
        assertEquals(
            numbers(progress.get("totals").get("stalenessHistogram").elements()),
            column(data.get("staleness"), 1));
        List<Double> losses = new ArrayList<>();
        progress
            .get("records")
            .elements()
            .forEachRemaining(
                r -> losses.add(r.get("lossSum").asDouble() / r.get("samples").asDouble()));
        assertEquals(status.get("version").asLong(), losses.size(), "one loss point per push");
        List<Double> chartLosses = column(data.get("loss"), 1);
        assertEquals(losses.size(), chartLosses.size());
        for (int i = 0; i < losses.size(); i++) {
          assertEquals(losses.get(i), chartLosses.get(i), 1e-9, "loss point " + i);
        }
        List<Double> bytesIn = column(data.get("bytes"), 1);
        assertEquals(
            status.get("stats").get("bytesIn").asDouble() / 1e6,
            bytesIn.get(bytesIn.size() - 1),
            1e-9);
        assertEquals(
            status.get("stats").get("pushesApplied").asText(),
            browser.findElement(org.openqa.selenium.By.id("pushesApplied")).getText());
        Files.copy(
            browser.getScreenshotAs(OutputType.FILE).toPath(),
            SCREENSHOT,
            StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(SCREENSHOT) > 10_000, "a screenshot with content");
      } finally {
        browser.quit();
      }
    }
  }

  /** Captures what the training prints and picks the dashboard link from its line. */
  private static final class Console extends java.io.OutputStream {
    private final ByteArrayOutputStream all = new ByteArrayOutputStream();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final CompletableFuture<String> link = new CompletableFuture<>();

    @Override
    public synchronized void write(int b) {
      all.write(b);
      if (b != '\n') {
        line.write(b);
        return;
      }
      String text = line.toString(StandardCharsets.UTF_8);
      line.reset();
      if (text.startsWith("Dashboard: ")) {
        link.complete(text.substring("Dashboard: ".length()).split(" ")[0]);
      }
    }

    CompletableFuture<String> dashboardLink() {
      return link;
    }

    @Override
    public synchronized String toString() {
      return all.toString(StandardCharsets.UTF_8);
    }
  }
}
