package io.tensoronspark.session.model;

import io.tensoronspark.session.spec.TrainedParameter;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The model directory on a Hadoop FileSystem (file://, hdfs://, s3a://), accessed only through
 * Hadoop's FileSystem API. Layout:
 *
 * <pre>
 * modelDir/model-&lt;sha256 prefix of the GraphDef&gt;/graph.pb            the exported GraphDef
 * modelDir/model-&lt;sha256 prefix of the GraphDef&gt;/initial-values.bin  the trained variables at export time
 * </pre>
 *
 * The directory name is the model version: content-addressed, so executors cache a model by its
 * path and a changed graph gets a new version. Files are written to a temporary name and renamed,
 * so readers never see half a file. Thread-safe (no mutable state besides the FileSystem, which
 * Hadoop caches and shares).
 */
public final class ModelStore {

  /** The GraphDef file name inside a model version directory. */
  public static final String GRAPH_FILE = "graph.pb";

  /** The initial variable values file name inside a model version directory. */
  public static final String VALUES_FILE = "initial-values.bin";

  private static final int VALUES_MAGIC = 0x564F5354; // "TOSV"

  private final Path root;
  private final Configuration conf;

  public ModelStore(String modelDir, Configuration conf) {
    this.root = new Path(modelDir);
    this.conf = conf;
  }

  public Path root() {
    return root;
  }

  /**
   * Writes the graph and the current values of the trained variables under a version directory
   * named after the graph's content, unless that version exists already.
   *
   * @return the path of the graph file, which names the model version
   */
  public String publish(byte[] graphDef, List<TrainedParameter> params, float[][] values)
      throws IOException {
    Path versionDir = new Path(root, "model-" + contentHash(graphDef));
    Path graphPath = new Path(versionDir, GRAPH_FILE);
    FileSystem fs = graphPath.getFileSystem(conf);
    if (!fs.exists(graphPath)) {
      fs.mkdirs(versionDir);
      writeAtomically(fs, new Path(versionDir, VALUES_FILE), encodeValues(params, values));
      writeAtomically(fs, graphPath, graphDef);
    }
    return fs.makeQualified(graphPath).toString();
  }

  /** Reads a whole graph file written by {@link #publish}. */
  public static byte[] readGraph(String graphPath, Configuration conf) throws IOException {
    Path path = new Path(graphPath);
    FileSystem fs = path.getFileSystem(conf);
    try (InputStream in = fs.open(path)) {
      return in.readAllBytes();
    }
  }

  /** Reads the initial values written beside a graph file, by variable name in export order. */
  public static Map<String, float[]> readInitialValues(String graphPath, Configuration conf)
      throws IOException {
    Path path = new Path(new Path(graphPath).getParent(), VALUES_FILE);
    FileSystem fs = path.getFileSystem(conf);
    try (DataInputStream in = new DataInputStream(fs.open(path))) {
      int magic = in.readInt();
      if (magic != VALUES_MAGIC) {
        throw new IOException(
            "not a values file (bad magic " + Integer.toHexString(magic) + "): " + path);
      }
      int count = in.readInt();
      Map<String, float[]> values = new LinkedHashMap<>();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        float[] v = new float[in.readInt()];
        byte[] bytes = in.readNBytes(v.length * Float.BYTES);
        if (bytes.length != v.length * Float.BYTES) {
          throw new IOException("truncated values file " + path + " at variable '" + name + "'");
        }
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        values.put(name, v);
      }
      return values;
    }
  }

  /** Deletes the whole model directory (recursively). */
  public void deleteAll() throws IOException {
    FileSystem fs = root.getFileSystem(conf);
    fs.delete(root, true);
  }

  private static byte[] encodeValues(List<TrainedParameter> params, float[][] values)
      throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(VALUES_MAGIC);
      out.writeInt(params.size());
      for (int i = 0; i < params.size(); i++) {
        out.writeUTF(params.get(i).variableName());
        out.writeInt(values[i].length);
        ByteBuffer buffer =
            ByteBuffer.allocate(values[i].length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values[i]);
        out.write(buffer.array());
      }
    }
    return bytes.toByteArray();
  }

  private static void writeAtomically(FileSystem fs, Path target, byte[] content)
      throws IOException {
    Path temp = new Path(target.getParent(), "_tmp-" + target.getName() + "-" + UUID.randomUUID());
    try (FSDataOutputStream out = fs.create(temp, false)) {
      out.write(content);
    }
    if (!fs.rename(temp, target)) {
      fs.delete(temp, false);
      if (!fs.exists(target)) {
        throw new IOException("could not rename " + temp + " to " + target);
      }
    }
  }

  static String contentHash(byte[] content) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}
