package io.tensoronspark.session.data;

import com.google.protobuf.InvalidProtocolBufferException;
import io.tensoronspark.session.spec.SerializableHadoopConf;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;

/**
 * Training rows from TFRecord files of {@code tf.train.Example} on any Hadoop FileSystem (hdfs://,
 * s3a://, file://): one Spark partition per file, each task opens and streams its own file, so no
 * task carries data. Each {@link ExampleFeature} becomes one positional row value (one feed). The
 * driver only lists the files. Stateless; {@link #read} is called on the driver.
 */
public final class TFRecordRows {

  private TFRecordRows() {}

  /**
   * The rows of every TFRecord file under {@code uri} (a file, a directory whose files not starting
   * with '_' or '.' are read in name order, or a glob).
   *
   * @throws IllegalArgumentException when nothing matches {@code uri}
   */
  public static JavaRDD<Object[]> read(
      JavaSparkContext sc, String uri, List<ExampleFeature> features) {
    if (features.isEmpty()) {
      throw new IllegalArgumentException("reading Examples needs at least one feature");
    }
    List<String> files = DataFiles.list(uri, sc.hadoopConfiguration());
    SerializableHadoopConf conf = new SerializableHadoopConf(sc.hadoopConfiguration());
    List<ExampleFeature> mapping = List.copyOf(features);
    return sc.parallelize(files, files.size())
        .mapPartitions(paths -> new FileRows(paths, conf.get(), mapping));
  }

  /** Writes {@code rows} as one TFRecord file of Examples at {@code path} (overwriting it). */
  public static long write(
      Iterator<Object[]> rows, String path, List<ExampleFeature> features, Configuration conf)
      throws IOException {
    Path p = new Path(path);
    long n = 0;
    try (TFRecordWriter writer = new TFRecordWriter(p.getFileSystem(conf).create(p, true))) {
      while (rows.hasNext()) {
        writer.write(toExample(rows.next(), features).toByteArray());
        n++;
      }
    }
    return n;
  }

  /** The Example holding {@code row}'s values under the features' names. */
  public static Example toExample(Object[] row, List<ExampleFeature> features) {
    if (row.length != features.size()) {
      throw new IllegalArgumentException(
          "a row of " + row.length + " values for " + features.size() + " features " + features);
    }
    Features.Builder f = Features.newBuilder();
    for (int i = 0; i < row.length; i++) {
      f.putFeature(features.get(i).name(), features.get(i).toFeature(row[i]));
    }
    return Example.newBuilder().setFeatures(f).build();
  }

  /** {@code example}'s row values; {@code where} names the record for errors. */
  static Object[] toRow(Example example, List<ExampleFeature> features, String where) {
    Map<String, Feature> map = example.getFeatures().getFeatureMap();
    Object[] row = new Object[features.size()];
    for (int i = 0; i < row.length; i++) {
      ExampleFeature feature = features.get(i);
      Feature value = map.get(feature.name());
      if (value == null) {
        throw new IllegalArgumentException(
            where + ": no feature '" + feature.name() + "'; the Example has " + map.keySet());
      }
      row[i] = feature.toValue(value, where);
    }
    return row;
  }

  /** Streams the rows of the files of one partition, closing each file at its end or the task's. */
  private static final class FileRows implements Iterator<Object[]> {
    private final Iterator<String> paths;
    private final Configuration conf;
    private final List<ExampleFeature> features;
    private TFRecordReader reader;
    private String file;
    private byte[] next;

    FileRows(Iterator<String> paths, Configuration conf, List<ExampleFeature> features) {
      this.paths = paths;
      this.conf = conf;
      this.features = features;
      TaskContext task = TaskContext.get();
      if (task != null) {
        task.addTaskCompletionListener((TaskContext t) -> closeQuietly());
      }
    }

    @Override
    public boolean hasNext() {
      try {
        while (next == null) {
          if (reader == null) {
            if (!paths.hasNext()) {
              return false;
            }
            file = paths.next();
            Path p = new Path(file);
            reader = new TFRecordReader(p.getFileSystem(conf).open(p), file);
          }
          next = reader.next();
          if (next == null) {
            reader.close();
            reader = null;
          }
        }
        return true;
      } catch (IOException e) {
        throw new UncheckedIOException(e.getMessage(), e);
      }
    }

    @Override
    public Object[] next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      byte[] data = next;
      next = null;
      String where = file + " record " + (reader.records() - 1);
      try {
        return toRow(Example.parseFrom(data), features, where);
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalArgumentException(
            where + " is not a tf.train.Example: " + e.getMessage(), e);
      }
    }

    private void closeQuietly() {
      if (reader != null) {
        try {
          reader.close();
        } catch (IOException e) {
          // the task is over; the stream's data was all read or is not needed
        }
        reader = null;
      }
    }
  }
}
