package io.tensoronspark.examples;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/** A real in-process HDFS (one NameNode, one DataNode) in a fresh temporary directory. */
final class MiniHdfs {

  private MiniHdfs() {}

  /** Starts it and waits until it serves; the caller shuts it down. */
  static MiniDFSCluster start() throws IOException {
    File base = Files.createTempDirectory("minidfs").toFile();
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, base.getAbsolutePath());
    MiniDFSCluster hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
    return hdfs;
  }
}
