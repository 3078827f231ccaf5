package io.tensoronspark.session.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;

/**
 * Moves SavedModel directories between the local disk (where TF Java reads and writes them) and any
 * Hadoop FileSystem (hdfs://, file://, s3a://), and reads a SavedModel's MetaGraphDef without
 * loading it into TensorFlow. Stateless and thread-safe.
 */
public final class SavedModelFiles {

  /** The file every SavedModel directory holds. */
  public static final String SAVED_MODEL_FILE = "saved_model.pb";

  /** The tag TF Serving and Python's {@code tf.saved_model.load} use by default. */
  public static final String SERVE_TAG = "serve";

  private SavedModelFiles() {}

  /**
   * Copies the local directory {@code localDir} to {@code uri}: first to a hidden sibling, then one
   * rename, so readers never see half a model.
   *
   * @throws IllegalArgumentException when {@code uri} exists and is not an empty directory
   */
  public static void upload(java.nio.file.Path localDir, String uri, Configuration conf)
      throws IOException {
    Path target = new Path(uri);
    FileSystem fs = target.getFileSystem(conf);
    requireAbsentOrEmpty(fs, target);
    Path staging = new Path(target.getParent(), "." + target.getName() + "-" + UUID.randomUUID());
    fs.mkdirs(target.getParent());
    fs.copyFromLocalFile(false, true, new Path(localDir.toUri()), staging);
    if (fs.exists(target)) {
      fs.delete(target, false); // empty, checked above
    }
    if (!fs.rename(staging, target)) {
      fs.delete(staging, true);
      throw new IOException("could not rename " + staging + " to " + target);
    }
  }

  /** Copies the SavedModel at {@code uri} into a new local temporary directory, returned. */
  public static java.nio.file.Path download(String uri, Configuration conf) throws IOException {
    Path source = new Path(uri);
    FileSystem fs = source.getFileSystem(conf);
    java.nio.file.Path local = Files.createTempDirectory("tensoronspark-savedmodel-");
    java.nio.file.Path target = local.resolve("model");
    fs.copyToLocalFile(false, source, new Path(target.toUri()), true);
    return target;
  }

  /**
   * Reads the MetaGraphDef tagged {@code tag} of the SavedModel at {@code uri}.
   *
   * @throws IllegalArgumentException when {@code uri} is missing, is not a SavedModel directory, or
   *     has no MetaGraphDef with that tag; the message names what was expected and what was found
   */
  public static MetaGraphDef readMetaGraph(String uri, String tag, Configuration conf)
      throws IOException {
    Path dir = new Path(uri);
    FileSystem fs = dir.getFileSystem(conf);
    if (!fs.exists(dir)) {
      throw new IllegalArgumentException(
          "no SavedModel at "
              + uri
              + ": expected a directory holding "
              + SAVED_MODEL_FILE
              + ", found nothing there");
    }
    Path pb = new Path(dir, SAVED_MODEL_FILE);
    if (!fs.isDirectory(dir) || !fs.exists(pb)) {
      throw new IllegalArgumentException(
          "not a SavedModel directory: "
              + uri
              + ": expected "
              + SAVED_MODEL_FILE
              + " and variables/, found "
              + listing(fs, dir));
    }
    SavedModel model;
    try (InputStream in = fs.open(pb)) {
      model = SavedModel.parseFrom(in);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new IllegalArgumentException(
          "not a SavedModel: "
              + pb
              + " is not a SavedModel protocol buffer ("
              + e.getMessage()
              + ")",
          e);
    }
    List<List<String>> tags = new ArrayList<>();
    for (MetaGraphDef meta : model.getMetaGraphsList()) {
      if (meta.getMetaInfoDef().getTagsList().contains(tag)) {
        return meta;
      }
      tags.add(meta.getMetaInfoDef().getTagsList());
    }
    throw new IllegalArgumentException(
        "SavedModel "
            + uri
            + " has no MetaGraphDef tagged '"
            + tag
            + "'; its tag sets are "
            + tags);
  }

  /** A version key of the SavedModel at {@code uri}: its URI and its saved_model.pb's mtime. */
  public static String versionKey(String uri, Configuration conf) throws IOException {
    Path pb = new Path(uri, SAVED_MODEL_FILE);
    FileStatus status = pb.getFileSystem(conf).getFileStatus(pb);
    return pb.getFileSystem(conf).makeQualified(new Path(uri))
        + "@"
        + status.getModificationTime()
        + "+"
        + status.getLen();
  }

  /** Deletes a local directory tree; failures are reported, not thrown. */
  public static void deleteLocal(java.nio.file.Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<java.nio.file.Path> paths = Files.walk(dir)) {
      for (java.nio.file.Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the local copy " + dir, e);
    }
  }

  private static void requireAbsentOrEmpty(FileSystem fs, Path target) throws IOException {
    if (!fs.exists(target)) {
      return;
    }
    if (!fs.isDirectory(target) || fs.listStatus(target).length > 0) {
      throw new IllegalArgumentException(
          "cannot export a SavedModel to "
              + target
              + ": expected a new or empty directory, found "
              + listing(fs, target)
              + " (export each model version to its own directory)");
    }
  }

  private static String listing(FileSystem fs, Path dir) throws IOException {
    if (!fs.isDirectory(dir)) {
      return "a file of " + fs.getFileStatus(dir).getLen() + " bytes";
    }
    List<String> names = new ArrayList<>();
    for (FileStatus s : fs.listStatus(dir)) {
      names.add(s.getPath().getName() + (s.isDirectory() ? "/" : ""));
    }
    return names.isEmpty() ? "an empty directory" : names.toString();
  }
}
