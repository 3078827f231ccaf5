package io.tensoronspark.session;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * The local file system under a scheme of its own, {@value #SCHEME}://, that Hadoop knows only when
 * told {@code fs.sparkonly.impl}: a test registers it through {@code spark.hadoop.*} alone, so a
 * write that ignores the Spark context's Hadoop configuration cannot find it. Counts the files
 * created through it.
 */
public final class SparkOnlyFileSystem extends RawLocalFileSystem {

  static final String SCHEME = "sparkonly";
  static final AtomicInteger CREATED = new AtomicInteger();

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    CREATED.incrementAndGet();
    return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    CREATED.incrementAndGet();
    return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
  }
}
