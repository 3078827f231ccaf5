package io.tensoronspark.tps.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.combiners.Combiner;
import io.tensoronspark.combiners.MergeContext;
import io.tensoronspark.tps.TpsClient;
import io.tensoronspark.tps.TpsServer;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PushHeader;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class CheckpointTest {

  private static final List<ParameterSpec> SPECS =
      List.of(new ParameterSpec("w", new long[] {3, 3}), new ParameterSpec("b", new long[] {2}));

  /**
   * A stateful test combiner: momentum with factor 1/2, and a merge counter, both kept per shard.
   */
  public static final class HalfMomentum implements Combiner {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
      return "half-momentum";
    }

    @Override
    public void merge(float[] value, float[] payload, MergeContext context) {
      float[] velocity = context.state().buffer("velocity");
      for (int i = 0; i < value.length; i++) {
        velocity[i] = velocity[i] / 2 + payload[i];
        value[i] += velocity[i];
      }
      context.state().setCounter("merges", context.state().counter("merges") + 1);
    }
  }

  private static TpsServerConfig.Builder config() {
    return TpsServerConfig.builder().combiner(new HalfMomentum()).chunkSizeFloats(4);
  }

  private static List<float[]> initial() {
    return List.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, new float[] {-1, -2});
  }

  private static float[][] payload(float v) {
    return new float[][] {{v, v, v, v, v, v, v, v, v}, {v, -v}};
  }

  private static void push(TpsServer server, long sequence, float v) {
    try (TpsClient client = new TpsClient(server.clientConfig().build(), SPECS)) {
      float[][] merged = {new float[9], new float[2]};
      client.pushAndPull(new PushHeader(0, 1, sequence, server.version()), payload(v), merged);
    }
  }

  @Test
  void resumedServerHasTheValuesVersionAndCombinerState(@TempDir java.nio.file.Path temp)
      throws Exception {
    Path dir = new Path(temp.toUri().toString(), "ckpt");
    try (TpsServer original = TpsServer.start(config().build(), SPECS, initial())) {
      push(original, 1, 4f);
      push(original, 2, 2f);
      Path file = original.checkpoint(dir);
      assertEquals("tps-checkpoint-2.bin", file.getName());
      try (TpsServer resumed = TpsServer.startFromCheckpoint(config().build(), SPECS, dir)) {
        assertEquals(2, resumed.version());
        assertArrayEquals(original.snapshot().values(0), resumed.snapshot().values(0));
        assertTrue(resumed.runId() != original.runId());
        // The same push on both: equal results only if the momentum buffers were restored.
        push(original, 3, 1f);
        push(resumed, 3, 1f);
        assertEquals(3, resumed.version());
        assertArrayEquals(original.snapshot().values(0), resumed.snapshot().values(0));
        assertArrayEquals(original.snapshot().values(1), resumed.snapshot().values(1));
        float[] w = resumed.snapshot().values(0);
        assertEquals(1 + 4 + (2 + 2) + (1 + 2), w[0], "velocity 4, then 2+2, then 1+2");
      }
      TpsCheckpoint read =
          TpsCheckpoint.latest(FileSystem.getLocal(new Configuration()), dir).orElseThrow();
      assertEquals(2, read.version());
      assertEquals("half-momentum", read.combinerName());
      assertEquals(3 + 1, read.shardStates().size(), "w in shards of 4, 4, 1; b in one shard");
      assertEquals(2L, read.shardStates().get(0).counters().get("merges"));
    }
  }

  @Test
  void keepsTheNewestCheckpointsAndLeavesNoTemporaryFiles(@TempDir java.nio.file.Path temp)
      throws Exception {
    Path dir = new Path(temp.toUri());
    try (TpsServer server =
        TpsServer.start(config().checkpointsToKeep(3).build(), SPECS, initial())) {
      for (int n = 1; n <= 5; n++) {
        push(server, n, n);
        server.checkpoint(dir);
      }
      assertEquals(
          new Path(dir, "tps-checkpoint-5.bin"), server.checkpoint(dir), "same version, same file");
    }
    try (Stream<java.nio.file.Path> files = Files.list(temp)) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> !n.endsWith(".crc"))
              .sorted()
              .collect(Collectors.toList());
      assertEquals(
          List.of("tps-checkpoint-3.bin", "tps-checkpoint-4.bin", "tps-checkpoint-5.bin"), names);
    }
  }

  @Test
  void corruptOrMissingCheckpointsFailClearly(@TempDir java.nio.file.Path temp) throws Exception {
    Path dir = new Path(temp.toUri());
    IOException none =
        assertThrows(
            IOException.class, () -> TpsServer.startFromCheckpoint(config().build(), SPECS, dir));
    assertTrue(none.getMessage().contains("no TPS checkpoint"), none.getMessage());
    Path file;
    try (TpsServer server = TpsServer.start(config().build(), SPECS, initial())) {
      push(server, 1, 1f);
      file = server.checkpoint(dir);
    }
    java.nio.file.Path local = temp.resolve(file.getName());
    Files.deleteIfExists(temp.resolve("." + file.getName() + ".crc"));
    try (RandomAccessFile raf = new RandomAccessFile(local.toFile(), "rw")) {
      raf.seek(40);
      int b = raf.read();
      raf.seek(40);
      raf.write(b ^ 0x10);
    }
    IOException corrupt =
        assertThrows(
            IOException.class, () -> TpsServer.startFromCheckpoint(config().build(), SPECS, dir));
    assertTrue(corrupt.getMessage().contains("corrupt"), corrupt.getMessage());
    List<ParameterSpec> other = List.of(new ParameterSpec("w", new long[] {9}), SPECS.get(1));
    Files.deleteIfExists(local);
    try (TpsServer server = TpsServer.start(config().build(), SPECS, initial())) {
      server.checkpoint(dir);
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> TpsServer.startFromCheckpoint(config().build(), other, dir));
  }
}
