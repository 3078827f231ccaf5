package io.tensoronspark.session.executor;

import io.tensoronspark.session.model.ParameterAccess;
import io.tensoronspark.session.spec.TrainedParameter;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * One model version imported into a TF graph on an executor, plus a pool of TF sessions over it:
 * one session per concurrently running task, handed back to the pool when the task ends and reused
 * by the next task (each task overwrites the trained variables with the TPS's values before its
 * first step). Every session gets the model's {@link GpuPlacement} (visible GPUs, soft placement).
 * Thread-safe: any task thread may borrow and release. Owns the graph and every session it created;
 * {@link #close()} closes them.
 */
final class LoadedModel implements AutoCloseable {

  private final String modelPath;
  private final Graph graph;
  private final ConcurrentLinkedQueue<Session> idle = new ConcurrentLinkedQueue<>();
  private final AtomicInteger sessionsCreated = new AtomicInteger();
  private final ConcurrentLinkedQueue<Session> all = new ConcurrentLinkedQueue<>();
  private final GpuPlacement gpu;
  private float[][] initialState; // guarded by this

  LoadedModel(String modelPath, byte[] graphDef) {
    this(modelPath, graphDef, GpuPlacement.CPU);
  }

  /** Imports {@code graphDef}, its nodes placed on {@code gpu}'s device when it names one. */
  LoadedModel(String modelPath, byte[] graphDef, GpuPlacement gpu) {
    this.modelPath = modelPath;
    this.gpu = gpu;
    Graph g = new Graph();
    try {
      g.importGraphDef(placed(GraphDef.parseFrom(graphDef), gpu.device()));
    } catch (com.google.protobuf.InvalidProtocolBufferException | IllegalArgumentException e) {
      g.close();
      throw new IllegalStateException(
          "model " + modelPath + " is not a valid GraphDef: " + e.getMessage(), e);
    }
    this.graph = g;
  }

  /** {@code def} with every node that names no device put on {@code device} (null: as it is). */
  static GraphDef placed(GraphDef def, String device) {
    if (device == null) {
      return def;
    }
    GraphDef.Builder b = def.toBuilder();
    for (NodeDef.Builder node : b.getNodeBuilderList()) {
      if (node.getDevice().isEmpty()) {
        node.setDevice(device);
      }
    }
    return b.build();
  }

  /** The config of this model's sessions: the thread counts and the GPU placement. */
  ConfigProto config(int intraOpThreads, int interOpThreads) {
    return gpu.applyTo(
            ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(intraOpThreads)
                .setInterOpParallelismThreads(interOpThreads))
        .build();
  }

  /**
   * A session for the calling task: an idle one, or a new one with {@code intraOpThreads} TF
   * threads.
   */
  Session borrow(int intraOpThreads, int interOpThreads) {
    Session session = idle.poll();
    if (session != null) {
      return session;
    }
    session = new Session(graph, config(intraOpThreads, interOpThreads));
    all.add(session);
    sessionsCreated.incrementAndGet();
    return session;
  }

  /**
   * Writes the optimizer's initial state into {@code session}: the values a never-trained session
   * of this graph holds, read once from a throw-away session and kept for the model's lifetime.
   */
  void resetOptimizerState(Session session, List<TrainedParameter> state) {
    if (state.isEmpty()) {
      return;
    }
    ParameterAccess access = new ParameterAccess(state);
    access.assign(session, initialState(access));
  }

  private synchronized float[][] initialState(ParameterAccess access) {
    if (initialState == null) {
      float[][] values = access.newArrays();
      try (Session fresh = new Session(graph, config(1, 1))) { // same GPUs: one list per JVM
        access.read(fresh, values); // the first run of a fresh session runs the initializers
      }
      initialState = values;
    }
    return initialState;
  }

  /** Returns a session borrowed from this model to the pool. */
  void release(Session session) {
    idle.add(session);
  }

  /**
   * Sessions created so far: the peak number of tasks that trained this model at once in this JVM.
   */
  int sessionsCreated() {
    return sessionsCreated.get();
  }

  String modelPath() {
    return modelPath;
  }

  @Override
  public void close() {
    Session s;
    while ((s = all.poll()) != null) {
      s.close();
    }
    idle.clear();
    graph.close();
  }
}
