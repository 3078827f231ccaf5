package io.tensoronspark.session.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.tensoronspark.session.spec.TrainedParameter;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class GraphInstrumenterTest {

  @Test
  void addsOneAssignPerVariableOnceAndRoundTripsValues() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      tf.withName("w").variable(tf.zeros(tf.constant(new long[] {2, 3}), TFloat32.class));
      tf.withName("b").variable(tf.zeros(tf.constant(new long[] {3}), TFloat32.class));
      List<TrainedParameter> first = GraphInstrumenter.instrument(graph, List.of("w", "b"));
      long ops = count(graph);
      List<TrainedParameter> second = GraphInstrumenter.instrument(graph, List.of("w", "b"));
      GraphInstrumenter.describe(graph, List.of("w"));
      assertEquals(ops, count(graph), "a second instrument or a describe adds no op");
      assertNotNull(graph.operation("w/tos_assign"));
      assertArrayEquals(new long[] {2, 3}, first.get(0).shape());
      assertEquals(first.get(1).assignOpName(), second.get(1).assignOpName());

      ParameterAccess access = new ParameterAccess(first);
      float[][] values = {{1, 2, 3, 4, 5, 6}, {-1, -2, -3}};
      try (Session session = new Session(graph)) {
        access.assign(session, values);
        float[][] read = access.newArrays();
        access.read(session, read);
        assertArrayEquals(values[0], read[0], 0f);
        assertArrayEquals(values[1], read[1], 0f);
      }
    }
  }

  @Test
  void rejectsMissingAndNonFloatVariablesByName() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      tf.withName("steps").variable(tf.zeros(tf.constant(new long[] {1}), TInt32.class));
      IllegalArgumentException missing =
          assertThrows(
              IllegalArgumentException.class,
              () -> GraphInstrumenter.instrument(graph, List.of("nope")));
      assertEquals(
          "trained variable 'nope' is not an operation of the graph", missing.getMessage());
      IllegalArgumentException ints =
          assertThrows(
              IllegalArgumentException.class,
              () -> GraphInstrumenter.instrument(graph, List.of("steps")));
      assertEquals(
          true,
          ints.getMessage().startsWith("trained variable 'steps' must be float32, got DT_INT32"),
          ints.getMessage());
    }
  }

  private static long count(Graph graph) {
    long n = 0;
    for (Iterator<?> it = graph.operations(); it.hasNext(); it.next()) {
      n++;
    }
    return n;
  }
}
