package io.tensoronspark.session.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Lists the data files a URI names on a Hadoop FileSystem. Stateless; driver side. */
final class DataFiles {

  private DataFiles() {}

  /**
   * A file, the visible files of a directory (not starting with '_' or '.', e.g. _SUCCESS), or the
   * files a glob matches; sorted by name.
   *
   * @throws IllegalArgumentException when nothing matches
   */
  static List<String> list(String uri, Configuration conf) {
    try {
      Path path = new Path(uri);
      FileSystem fs = path.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(path);
      List<String> files = new ArrayList<>();
      if (matches != null) {
        for (FileStatus match : matches) {
          if (match.isDirectory()) {
            for (FileStatus child : fs.listStatus(match.getPath())) {
              if (child.isFile() && visible(child.getPath().getName())) {
                files.add(child.getPath().toString());
              }
            }
          } else {
            files.add(match.getPath().toString());
          }
        }
      }
      if (files.isEmpty()) {
        throw new IllegalArgumentException("no data files at " + uri);
      }
      files.sort(null);
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + uri + ": " + e.getMessage(), e);
    }
  }

  private static boolean visible(String name) {
    return !name.startsWith("_") && !name.startsWith(".");
  }
}
