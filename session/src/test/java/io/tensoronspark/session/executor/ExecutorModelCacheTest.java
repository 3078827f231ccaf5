package io.tensoronspark.session.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;

/** The executor's model cache stays bounded over many versions and closes what it evicts. */
class ExecutorModelCacheTest {

  @TempDir Path dir;

  /** Version {@code v}: a graph whose "value" is the constant v. */
  private String version(int v) throws Exception {
    try (Graph g = new Graph()) {
      Ops.create(g).withName("value").constant((float) v);
      Path file = dir.resolve("model-" + v + ".pb");
      Files.write(file, g.toGraphDef().toByteArray());
      return file.toUri().toString();
    }
  }

  @Test
  void manyVersionsStayWithinTheBoundAndEvictedOnesCloseOnceReleased() throws Exception {
    ExecutorModelCache cache = new ExecutorModelCache(3);
    Configuration conf = new Configuration();
    List<String> paths = new ArrayList<>();
    for (int v = 0; v < 12; v++) {
      paths.add(version(v));
    }
    BoundedResourceCache.Lease<LoadedModel> held = cache.model(paths.get(0), () -> conf);
    Session heldSession = held.get().borrow(1, 1);
    for (int v = 1; v < 12; v++) {
      try (BoundedResourceCache.Lease<LoadedModel> lease = cache.model(paths.get(v), () -> conf)) {
        Session s = lease.get().borrow(1, 2);
        try (Result r = s.runner().fetch("value").run()) {
          assertEquals(v, ((TFloat32) r.get(0)).getFloat(), 0f);
        } finally {
          lease.get().release(s);
        }
      }
      assertTrue(cache.size() <= 3, "bounded: " + cache.size() + " after version " + v);
    }
    assertEquals(12, cache.loadCount());
    // version 0 was evicted long ago but is still held: its graph and session still work
    try (Result r = heldSession.runner().fetch("value").run()) {
      assertEquals(0f, ((TFloat32) r.get(0)).getFloat(), 0f);
    }
    assertEquals(12 - 3 - 1, cache.closeCount(), "evicted and released versions are closed");
    held.get().release(heldSession);
    held.close();
    assertEquals(12 - 3, cache.closeCount(), "the held version closes once released");
    assertThrows(IllegalStateException.class, () -> heldSession.runner().fetch("value").run());
    cache.closeAll();
    assertEquals(12, cache.closeCount());
  }

  @Test
  void aGraphPlacedOnOneGpuOfSeveralIsCachedPerDeviceAndStillRunsOnCpu() throws Exception {
    ExecutorModelCache cache = new ExecutorModelCache(3);
    Configuration conf = new Configuration();
    String path = version(7);
    GpuPlacement second = GpuPlacement.forTask(List.of("1"), List.of("0", "1"));
    try (BoundedResourceCache.Lease<LoadedModel> cpu = cache.model(path, () -> conf);
        BoundedResourceCache.Lease<LoadedModel> gpu = cache.model(path, () -> conf, second)) {
      assertEquals(2, cache.loadCount(), "one graph per device");
      ConfigProto config = gpu.get().config(1, 1);
      assertEquals("0,1", config.getGpuOptions().getVisibleDeviceList());
      assertTrue(config.getAllowSoftPlacement());
      assertEquals(ConfigProto.getDefaultInstance(), cpu.get().config(0, 0));
      Session s = gpu.get().borrow(1, 1); // CPU natives: soft placement runs it on the CPU
      try (Result r = s.runner().fetch("value").run()) {
        assertEquals(7f, ((TFloat32) r.get(0)).getFloat(), 0f);
      } finally {
        gpu.get().release(s);
      }
    }
    cache.closeAll();
  }

  @Test
  void placingAGraphSetsTheDeviceOfNodesThatNameNone() throws Exception {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      tf.withName("free").constant(1f);
      tf.withName("pinned")
          .withDevice(DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.CPU).build())
          .constant(2f);
      GraphDef def = g.toGraphDef();
      String pinned = def.getNode(1).getDevice();
      assertTrue(pinned.contains("CPU"), pinned);
      GraphDef placed = LoadedModel.placed(def, "/device:GPU:1");
      assertEquals("/device:GPU:1", placed.getNode(0).getDevice());
      assertEquals(pinned, placed.getNode(1).getDevice(), "an explicit device is kept");
      assertSame(def, LoadedModel.placed(def, null));
    }
  }
}
