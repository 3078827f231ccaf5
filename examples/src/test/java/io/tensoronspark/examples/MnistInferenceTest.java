package io.tensoronspark.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The seed's train/inference flow through the CLI's own options: {@code mnist-softmax --mode train
 * --model <uri>} exports a SavedModel, {@code --mode inference --model <uri> --output <uri>}
 * predicts the test set on the executors and writes the predictions; and {@code mnist-pipeline}
 * fits, saves, loads and scores a Spark ML PipelineModel. On file:// and on a real HDFS.
 */
@Timeout(600)
@ExtendWith(NoLargeTasks.class)
class MnistInferenceTest {

  private static MiniDFSCluster hdfs;
  private static JavaSparkContext sc;
  @TempDir static Path tmp;

  @BeforeAll
  static void start() throws Exception {
    hdfs = MiniHdfs.start();
    sc = new JavaSparkContext(MnistSoftmaxTrainingTest.testConf("local[2]"));
  }

  @AfterAll
  static void stop() {
    if (sc != null) {
      sc.stop();
    }
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  @Test
  void trainExportsAndInferenceWritesTextPredictionsOnTheLocalFileSystem() throws Exception {
    String model = tmp.resolve("savedmodel").toUri().toString();
    String output = tmp.resolve("predictions").toUri().toString();
    String text = trainThenInfer(model, output, "text", "--speed-rounds", "1");
    assertTrue(text.contains("executors / driver single session over 1 rounds"), text);
  }

  @Test
  void trainExportsAndInferenceWritesParquetPredictionsOnHdfs() throws Exception {
    String base = hdfs.getURI() + "/tensoronspark/mnist";
    trainThenInfer(base + "/savedmodel/1", base + "/predictions", "parquet");
    FileSystem fs = hdfs.getFileSystem();
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(base + "/savedmodel/1/saved_model.pb")));
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(base + "/predictions/_SUCCESS")));
  }

  @Test
  void thePipelineFitsSavesToHdfsLoadsBackAndScores() throws Exception {
    String base = hdfs.getURI() + "/tensoronspark/pipeline";
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    MnistPipeline.Outcome outcome =
        runPipeline(
            sc,
            console,
            "--epochs",
            "2",
            "--model",
            base + "/model",
            "--model-dir",
            base + "/work");
    String text = console.toString(StandardCharsets.UTF_8);
    assertEquals(2, outcome.validationLosses().length);
    assertTrue(outcome.accuracy() >= 0.85, text);
    assertTrue(text.contains("adds [features, probabilities, classes]"), text);
    FileSystem fs = hdfs.getFileSystem();
    boolean savedModelInStage = false;
    for (var stage : fs.listStatus(new org.apache.hadoop.fs.Path(base + "/model/stages"))) {
      savedModelInStage |=
          fs.exists(new org.apache.hadoop.fs.Path(stage.getPath(), "savedmodel/saved_model.pb"));
    }
    assertTrue(savedModelInStage, "the PipelineModel on HDFS holds the SavedModel");
  }

  /** Runs mnist-pipeline with {@code args} in {@code sc}, its console into {@code console}. */
  static MnistPipeline.Outcome runPipeline(
      JavaSparkContext sc, ByteArrayOutputStream console, String... args) throws Exception {
    MnistPipeline pipeline = new MnistPipeline();
    new CommandLine(pipeline).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    MnistPipeline.Outcome outcome =
        pipeline.run(
            SparkSession.builder().sparkContext(sc.sc()).getOrCreate(),
            new PrintStream(console, true, StandardCharsets.UTF_8));
    System.out.print(console.toString(StandardCharsets.UTF_8));
    return outcome;
  }

  /** Trains and exports, predicts with {@code extra} inference options; returns the console. */
  static String trainThenInfer(String model, String output, String format, String... extra)
      throws Exception {
    return trainThenInfer(sc, model, output, format, extra);
  }

  /** {@link #trainThenInfer(String, String, String, String...)} in the given Spark context. */
  static String trainThenInfer(
      JavaSparkContext sc, String model, String output, String format, String... extra)
      throws Exception {
    MnistSoftmax train = new MnistSoftmax();
    new CommandLine(train)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs(withData(extra, "--mode", "train", "--epochs", "2", "--model", model));
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
    MnistTraining.Outcome trained = train.train(sc, out);
    MnistSoftmax infer = new MnistSoftmax();
    new CommandLine(infer)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs(
            concat(
                extra,
                "--mode",
                "inference",
                "--model",
                model,
                "--output",
                output,
                "--output-format",
                format));
    MnistInference.Outcome outcome = infer.inference(sc, out);
    String text = console.toString(StandardCharsets.UTF_8);
    System.out.print(text);
    int testRows = MnistData.test(null).size();
    assertEquals(testRows, outcome.rows());
    // the written predictions score what the driver's session scored after training
    assertEquals(trained.finalAccuracy(), outcome.accuracy(), 1e-4, text);
    assertEquals(outcome.accuracy(), outcome.evaluation().get("accuracy"), 1e-5, text);
    assertTrue(outcome.accuracy() >= 0.85, text);
    assertEquals(
        outcome.accuracy(),
        MnistInference.readAccuracy(
            sc, output, MnistInference.Format.valueOf(format.toUpperCase()), testRows),
        0.0);
    assertTrue(text.contains("accuracy from the written predictions"), text);
    return text;
  }

  private static String[] concat(String[] extra, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(extra));
    return all.toArray(String[]::new);
  }

  /** {@code args} with the --data and --format among {@code extra}, for the training run. */
  private static String[] withData(String[] extra, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    for (int i = 0; i + 1 < extra.length; i += 2) {
      if (extra[i].equals("--data") || extra[i].equals("--format")) {
        all.add(extra[i]);
        all.add(extra[i + 1]);
      }
    }
    return all.toArray(String[]::new);
  }
}
