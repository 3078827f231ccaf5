package io.tensoronspark.session.ml;

import io.tensoronspark.session.inference.DistributedPredictor;
import io.tensoronspark.session.inference.PredictSpec;
import io.tensoronspark.session.inference.TensorColumn;
import io.tensoronspark.session.spec.FeedSpec;
import io.tensoronspark.session.spec.FeedType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * A Spark ML {@link org.apache.spark.ml.Transformer} over a SavedModel: {@link #transform} keeps
 * every input column and appends one column per chosen signature output ({@code array<float>} etc.
 * for array outputs, a scalar column for one value per row), computed on the executors in batches
 * by the model loaded once per executor JVM. The output schema comes from the signature.
 *
 * <p>Saved with {@link #write()} as Spark ML metadata plus a copy of the SavedModel under {@code
 * path/savedmodel}; {@link #load} reads both back, so the model survives {@code
 * PipelineModel.save/load}. Params are set by {@link TensorFlowEstimator#fit} or by hand for a
 * SavedModel exported elsewhere.
 *
 * <p>Threading: as Spark ML models, configured by one thread, then used freely.
 */
public final class TensorFlowModel extends Model<TensorFlowModel> implements MLWritable {

  private static final long serialVersionUID = 1L;

  /** Where {@link #write()} puts the SavedModel inside the model's directory. */
  public static final String SAVED_MODEL_SUBDIR = "savedmodel";

  private final String uid;
  private final Param<String> modelUri;
  private final StringArrayParam inputCols;
  private final StringArrayParam signatureInputs;
  private final StringArrayParam outputNames;
  private final StringArrayParam outputCols;
  private final Param<String> signatureKey;
  private final IntParam batchSize;
  private final DoubleArrayParam validationLosses;

  public TensorFlowModel() {
    this(Identifiable.randomUID("tensorflowModel"));
  }

  public TensorFlowModel(String uid) {
    this.uid = uid;
    modelUri = new Param<>(this, "modelUri", "URI of the SavedModel directory");
    inputCols = new StringArrayParam(this, "inputCols", "columns feeding the signature inputs");
    signatureInputs =
        new StringArrayParam(this, "signatureInputs", "signature inputs, one per input column");
    outputNames = new StringArrayParam(this, "outputNames", "signature outputs to append");
    outputCols = new StringArrayParam(this, "outputCols", "column names for the outputs");
    signatureKey = new Param<>(this, "signatureKey", "the signature to run");
    batchSize = new IntParam(this, "batchSize", "rows per TF session run", ParamValidators.gtEq(1));
    validationLosses =
        new DoubleArrayParam(this, "validationLosses", "validation loss after each epoch of fit");
    setDefault(signatureKey, "serving_default");
    setDefault(validationLosses, new double[0]);
    setDefault(batchSize, DistributedPredictor.DEFAULT_BATCH_SIZE);
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> modelUri() {
    return modelUri;
  }

  public StringArrayParam inputCols() {
    return inputCols;
  }

  public StringArrayParam signatureInputs() {
    return signatureInputs;
  }

  public StringArrayParam outputNames() {
    return outputNames;
  }

  public StringArrayParam outputCols() {
    return outputCols;
  }

  public Param<String> signatureKey() {
    return signatureKey;
  }

  public IntParam batchSize() {
    return batchSize;
  }

  public DoubleArrayParam validationLosses() {
    return validationLosses;
  }

  /** The validation loss after each epoch of the fit that made this model (empty: none). */
  public double[] getValidationLosses() {
    return $(validationLosses);
  }

  TensorFlowModel setValidationLosses(double[] losses) {
    set(validationLosses, losses);
    return this;
  }

  public TensorFlowModel setModelUri(String uri) {
    set(modelUri, uri);
    return this;
  }

  public TensorFlowModel setInputCols(String... cols) {
    set(inputCols, cols);
    return this;
  }

  public TensorFlowModel setSignatureInputs(String... names) {
    set(signatureInputs, names);
    return this;
  }

  public TensorFlowModel setOutputNames(String... names) {
    set(outputNames, names);
    return this;
  }

  public TensorFlowModel setOutputCols(String... cols) {
    set(outputCols, cols);
    return this;
  }

  public TensorFlowModel setBatchSize(int rows) {
    set(batchSize, rows);
    return this;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    PredictSpec spec = predictor(dataset).predictSpec();
    DataFrameRows features = features(dataset.schema(), spec);
    JavaRDD<InternalRow> rows =
        dataset
            .queryExecution()
            .toRdd()
            .toJavaRDD()
            .mapPartitions(new TransformPartition(spec, features, dataset.schema()), true);
    return dataset.sparkSession().internalCreateDataFrame(rows.rdd(), out, false);
  }

  /**
   * The input schema plus one column per output, typed from the SavedModel's signature.
   *
   * @throws IllegalArgumentException for a missing input column or one of the wrong type, an output
   *     column that exists already, or a signature that does not fit
   */
  @Override
  public StructType transformSchema(StructType schema) {
    PredictSpec spec = predictSpec(SparkSession.active().sparkContext().hadoopConfiguration());
    features(schema, spec);
    StructType out = schema;
    String[] cols = columnNames();
    List<String> existing = Arrays.asList(schema.fieldNames());
    for (int i = 0; i < cols.length; i++) {
      if (existing.contains(cols[i])) {
        throw new IllegalArgumentException(
            "output column '" + cols[i] + "' already exists in the input columns " + existing);
      }
      out =
          out.add(
              new StructField(
                  cols[i],
                  sparkType(spec.outputs().get(i)),
                  false,
                  org.apache.spark.sql.types.Metadata.empty()));
    }
    return out;
  }

  @Override
  public TensorFlowModel copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<TensorFlowModel> read() {
    return new Reader();
  }

  public static TensorFlowModel load(String path) {
    return read().load(path);
  }

  private String[] columnNames() {
    return isDefined(outputCols) ? $(outputCols) : $(outputNames);
  }

  private DistributedPredictor predictor(Dataset<?> dataset) {
    return predictor(dataset.sparkSession().sparkContext().hadoopConfiguration());
  }

  private DistributedPredictor predictor(Configuration conf) {
    try {
      return DistributedPredictor.builder(conf, $(modelUri))
          .signature($(signatureKey))
          .inputs($(signatureInputs))
          .outputs($(outputNames))
          .batchSize((Integer) $(batchSize))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the SavedModel " + $(modelUri), e);
    }
  }

  private PredictSpec predictSpec(Configuration conf) {
    String[] cols = columnNames();
    if ($(outputNames).length != cols.length) {
      throw new IllegalArgumentException(
          "expected one output column per output "
              + Arrays.toString($(outputNames))
              + ", got "
              + Arrays.toString(cols));
    }
    return predictor(conf).predictSpec();
  }

  private DataFrameRows features(StructType schema, PredictSpec spec) {
    List<FeedSpec> feeds = new ArrayList<>();
    for (TensorColumn c : spec.inputs()) {
      feeds.add(new FeedSpec(c.name(), FeedType.of(c.dtype(), c.name()), c.rowShape()));
    }
    return new DataFrameRows(schema, Arrays.asList($(inputCols)), feeds);
  }

  private static DataType sparkType(TensorColumn c) {
    DataType element =
        switch (c.dtype()) {
          case DT_FLOAT -> DataTypes.FloatType;
          case DT_DOUBLE -> DataTypes.DoubleType;
          case DT_INT32 -> DataTypes.IntegerType;
          default -> DataTypes.LongType;
        };
    return c.scalarRow() ? element : DataTypes.createArrayType(element, false);
  }

  /** Writes the params as Spark ML metadata and copies the SavedModel beside them. */
  private static final class Writer extends MLWriter {
    private final TensorFlowModel model;

    Writer(TensorFlowModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(model, path, sc(), Option.empty(), Option.empty());
      Configuration conf = sc().hadoopConfiguration();
      try {
        Path source = new Path(model.$(model.modelUri));
        Path target = new Path(path, SAVED_MODEL_SUBDIR);
        FileSystem from = source.getFileSystem(conf);
        FileUtil.copy(from, source, target.getFileSystem(conf), target, false, true, conf);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot copy the SavedModel " + model.$(model.modelUri) + " to " + path, e);
      }
    }
  }

  /** Reads the metadata and points the model at the SavedModel copy saved with it. */
  private static final class Reader extends MLReader<TensorFlowModel> {
    @Override
    public TensorFlowModel load(String path) {
      DefaultParamsReader.Metadata metadata =
          DefaultParamsReader.loadMetadata(path, sc(), TensorFlowModel.class.getName());
      TensorFlowModel model = new TensorFlowModel(metadata.uid());
      metadata.getAndSetParams(model, Option.empty());
      model.setModelUri(new Path(path, SAVED_MODEL_SUBDIR).toString());
      return model;
    }
  }
}
