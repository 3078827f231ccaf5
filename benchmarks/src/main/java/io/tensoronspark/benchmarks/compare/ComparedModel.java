package io.tensoronspark.benchmarks.compare;

import io.tensoronspark.examples.MnistData;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * One freshly built MNIST model the runner trains: a graph with feeds {@code x} (float[784]) and
 * {@code y} (int label), its driver session, train op, loss and trained variables. Each run builds
 * its own (same seed, same initial values), so no run starts from another's progress. Owns its
 * graph and session; used by one thread.
 */
interface ComparedModel extends AutoCloseable {

  Graph graph();

  Session session();

  Op trainOp();

  Operand<TFloat32> loss();

  List<Variable<TFloat32>> parameters();

  /** Feed names in row order: image, label. */
  List<String> feedNames();

  /** Test accuracy of the driver session's current values. */
  float accuracy(MnistData test);

  @Override
  void close();
}
