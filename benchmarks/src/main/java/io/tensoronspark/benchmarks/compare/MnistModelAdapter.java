package io.tensoronspark.benchmarks.compare;

import io.tensoronspark.examples.MnistData;
import io.tensoronspark.examples.MnistModel;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** The examples' softmax and MLP ({@link MnistModel}) as a {@link ComparedModel}. */
record MnistModelAdapter(MnistModel model) implements ComparedModel {

  @Override
  public Graph graph() {
    return model.graph();
  }

  @Override
  public Session session() {
    return model.session();
  }

  @Override
  public Op trainOp() {
    return model.trainOp();
  }

  @Override
  public Operand<TFloat32> loss() {
    return model.loss();
  }

  @Override
  public List<Variable<TFloat32>> parameters() {
    return model.parameters();
  }

  @Override
  public List<String> feedNames() {
    return model.feedNames();
  }

  @Override
  public float accuracy(MnistData test) {
    return model.accuracy(test);
  }

  @Override
  public void close() {
    model.close();
  }
}
