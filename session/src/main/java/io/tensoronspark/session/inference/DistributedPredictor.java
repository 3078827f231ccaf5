package io.tensoronspark.session.inference;

import io.tensoronspark.session.DistributedSession;
import io.tensoronspark.session.export.ModelSignature;
import io.tensoronspark.session.export.SavedModelFiles;
import io.tensoronspark.session.spec.FeedType;
import io.tensoronspark.session.spec.SerializableHadoopConf;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Runs a SavedModel signature over RDD rows on the executors: {@link #predict} returns the chosen
 * outputs per row, {@link #evaluate} the row-weighted means of scalar metric outputs.
 *
 * <pre>{@code
 * DistributedPredictor p = DistributedPredictor.builder(sc, "hdfs://nn/models/mnist/1")
 *     .outputs("classes").batchSize(512).build();
 * JavaRDD<Object[]> classes = p.predict(images);        // rows {float[784]} -> {Long}
 * Map<String, Double> m = DistributedPredictor.builder(sc, uri).signature("evaluate")
 *     .inputs("x", "y").build().evaluate(labelled);    // {loss=..., accuracy=...}
 * }</pre>
 *
 * <p>Rows are {@code Object[]} with one value per input, in {@link Builder#inputs} order: {@code
 * float[]}/{@code int[]}/{@code long[]} for array inputs, a Number for scalar inputs. Output values
 * per row: {@code float[]}/{@code double[]}/{@code int[]}/{@code long[]} for array outputs, a boxed
 * Float/Double/Integer/Long for one value per row. Each executor JVM loads a model version once
 * (the {@link SavedModelCache}) and its tasks share it; rows keep their order within a partition.
 * Everything that the model's signature can tell is checked on the driver, in {@link Builder#build}
 * and before the job starts; bad rows fail their task naming the partition and row.
 *
 * <p>Immutable and thread-safe; holds no TF resources on the driver.
 */
public final class DistributedPredictor {

  /** Rows per session run by default. */
  public static final int DEFAULT_BATCH_SIZE = 256;

  /** TF intra-op threads per executor model by default (0: TF picks). */
  public static final int DEFAULT_INTRA_OP_THREADS = 0;

  private final String modelUri;
  private final String versionKey;
  private final SerializableHadoopConf hadoopConf;
  private final String signatureKey;
  private final SignatureDef signature;
  private final List<String> inputs;
  private final List<String> outputs;
  private final int batchSize;
  private final int intraOpThreads;

  private DistributedPredictor(Builder b, MetaGraphDef meta, String versionKey) {
    this.modelUri = b.modelUri;
    this.versionKey = versionKey;
    this.hadoopConf = new SerializableHadoopConf(b.hadoopConf);
    this.signatureKey = b.signatureKey;
    this.signature = signature(meta, b.modelUri, b.signatureKey);
    this.inputs = choose("input", signature.getInputsMap(), b.inputs, true);
    this.outputs = choose("output", signature.getOutputsMap(), b.outputs, false);
    this.batchSize = b.batchSize;
    this.intraOpThreads = b.intraOpThreads;
  }

  /** Starts a predictor over the SavedModel at {@code modelUri} (any Hadoop FileSystem URI). */
  public static Builder builder(JavaSparkContext sc, String modelUri) {
    return new Builder(sc.hadoopConfiguration(), modelUri);
  }

  /**
   * A predictor over a live session's model: exports it now ({@link
   * DistributedSession#exportSavedModel}) to a new directory under the session's model directory
   * and starts a builder over that SavedModel. The export stays there after the session closes.
   */
  public static Builder builder(
      JavaSparkContext sc, DistributedSession session, ModelSignature... signatures)
      throws IOException {
    String uri =
        new org.apache.hadoop.fs.Path(
                session.modelDir(),
                "savedmodel/epoch-" + session.epochsRun() + "-" + java.util.UUID.randomUUID())
            .toString();
    session.exportSavedModel(uri, signatures);
    return new Builder(sc.hadoopConfiguration(), uri);
  }

  /** As {@link #builder(JavaSparkContext, String)}, reading the model with {@code hadoopConf}. */
  public static Builder builder(Configuration hadoopConf, String modelUri) {
    return new Builder(hadoopConf, modelUri);
  }

  /**
   * The outputs for each row, in order within each partition.
   *
   * @throws IllegalArgumentException (at once, on the driver) when an output is not batch-major or
   *     an input has an unsupported dtype
   */
  public JavaRDD<Object[]> predict(JavaRDD<Object[]> rows) {
    PredictSpec spec = spec(false);
    return rows.mapPartitions(new PredictPartition(spec), true);
  }

  /**
   * The mean of each chosen scalar output over all rows: batch values weighted by batch rows,
   * summed over partitions, divided by the total row count (NaN for no rows), plus {@code "rows"}.
   *
   * @throws IllegalArgumentException (at once, on the driver) when an output is not a scalar
   */
  public Map<String, Double> evaluate(JavaRDD<Object[]> rows) {
    PredictSpec spec = spec(true);
    double[] sums =
        rows.mapPartitions(new EvaluatePartition(spec))
            .fold(
                new double[outputs.size() + 1],
                (a, c) -> {
                  double[] s = a.clone();
                  for (int i = 0; i < s.length; i++) {
                    s[i] += c[i];
                  }
                  return s;
                });
    Map<String, Double> means = new LinkedHashMap<>();
    double total = sums[outputs.size()];
    for (int i = 0; i < outputs.size(); i++) {
      means.put(outputs.get(i), total == 0 ? Double.NaN : sums[i] / total);
    }
    means.put("rows", total);
    return means;
  }

  /** The inputs in row order. */
  public List<String> inputs() {
    return inputs;
  }

  /** The outputs in result order. */
  public List<String> outputs() {
    return outputs;
  }

  /** The chosen outputs as batch-major columns (what {@link #predict} returns per row). */
  public List<TensorColumn> outputColumns() {
    return spec(false).outputs();
  }

  /** The chosen inputs as batch-major columns. */
  public List<TensorColumn> inputColumns() {
    return spec(false).inputs();
  }

  /** What executors run for {@link #predict}: batch-major outputs (checked here, on the driver). */
  public PredictSpec predictSpec() {
    return spec(false);
  }

  private PredictSpec spec(boolean metrics) {
    List<TensorColumn> in = new ArrayList<>();
    for (String name : inputs) {
      TensorColumn c =
          TensorColumn.batchMajor(signatureKey, "input", name, signature.getInputsOrThrow(name));
      FeedType.of(c.dtype(), name); // refuses DT_DOUBLE inputs with the supported list
      in.add(c);
    }
    List<TensorColumn> out = new ArrayList<>();
    for (String name : outputs) {
      TensorInfo info = signature.getOutputsOrThrow(name);
      out.add(
          metrics
              ? TensorColumn.scalar(signatureKey, name, info)
              : TensorColumn.batchMajor(signatureKey, "output", name, info));
    }
    return new PredictSpec(
        modelUri, versionKey, hadoopConf, signatureKey, in, out, batchSize, intraOpThreads);
  }

  private static SignatureDef signature(MetaGraphDef meta, String uri, String key) {
    SignatureDef def = meta.getSignatureDefMap().get(key);
    if (def == null) {
      throw new IllegalArgumentException(
          "SavedModel "
              + uri
              + " has no signature '"
              + key
              + "'; it has "
              + new TreeSet<>(meta.getSignatureDefMap().keySet()));
    }
    return def;
  }

  private List<String> choose(
      String what, Map<String, TensorInfo> available, List<String> chosen, boolean inputs) {
    TreeSet<String> names = new TreeSet<>(available.keySet());
    if (chosen.isEmpty()) {
      if (inputs && names.size() > 1) {
        throw new IllegalArgumentException(
            "signature '"
                + signatureKey
                + "' has inputs "
                + names
                + ": name them in row order with inputs(...)");
      }
      return List.copyOf(names);
    }
    for (String name : chosen) {
      if (!available.containsKey(name)) {
        throw new IllegalArgumentException(
            "signature '"
                + signatureKey
                + "' has no "
                + what
                + " '"
                + name
                + "'; expected one of "
                + names);
      }
    }
    if (inputs && !new TreeSet<>(chosen).equals(names)) {
      throw new IllegalArgumentException(
          "signature '" + signatureKey + "' needs every input " + names + ", got " + chosen);
    }
    return List.copyOf(chosen);
  }

  /** Builder; {@link #build()} reads the model's MetaGraphDef and checks the names. */
  public static final class Builder {
    private final Configuration hadoopConf;
    private final String modelUri;
    private String signatureKey = ModelSignature.DEFAULT_KEY;
    private List<String> inputs = List.of();
    private List<String> outputs = List.of();
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int intraOpThreads = DEFAULT_INTRA_OP_THREADS;

    private Builder(Configuration hadoopConf, String modelUri) {
      this.hadoopConf = hadoopConf;
      this.modelUri = modelUri;
    }

    /** The signature to run (default {@code serving_default}). */
    public Builder signature(String key) {
      signatureKey = key;
      return this;
    }

    /** The inputs in row order (default: the signature's only input). */
    public Builder inputs(String... names) {
      inputs = List.of(names);
      return this;
    }

    /** The outputs to return, in this order (default: all, by name). */
    public Builder outputs(String... names) {
      outputs = List.of(names);
      return this;
    }

    /** Rows per session run (default {@value DistributedPredictor#DEFAULT_BATCH_SIZE}). */
    public Builder batchSize(int rows) {
      if (rows < 1) {
        throw new IllegalArgumentException("batchSize must be at least 1, got " + rows);
      }
      batchSize = rows;
      return this;
    }

    /** TF intra-op threads of each executor's model (default 0: TF picks). */
    public Builder intraOpThreads(int threads) {
      if (threads < 0) {
        throw new IllegalArgumentException("intraOpThreads must be >= 0, got " + threads);
      }
      intraOpThreads = threads;
      return this;
    }

    /**
     * Reads the model's MetaGraphDef (tag {@code serve}) and checks the signature and names.
     *
     * @throws IllegalArgumentException for a missing or non-SavedModel directory, an unknown
     *     signature, input or output
     */
    public DistributedPredictor build() throws IOException {
      MetaGraphDef meta =
          SavedModelFiles.readMetaGraph(modelUri, SavedModelFiles.SERVE_TAG, hadoopConf);
      return new DistributedPredictor(this, meta, SavedModelFiles.versionKey(modelUri, hadoopConf));
    }
  }
}
