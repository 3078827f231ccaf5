package io.tensoronspark.examples;

import io.tensoronspark.session.export.ModelSignature;
import io.tensoronspark.session.ml.TrainableGraph;
import io.tensoronspark.session.ml.TrainableModel;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.framework.optimizers.GradientDescent;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The seed's softmax regression as a {@link TrainableGraph} for the Spark ML estimator: {@code x}
 * (float [batch, 784]) and {@code y} (int [batch]) -> {@code probabilities}, {@code classes};
 * gradient descent at the seed's learning rate.
 */
public final class MnistSoftmaxGraph implements TrainableGraph {

  @Override
  public TrainableModel build(Graph graph) {
    Ops tf = Ops.create(graph);
    Placeholder<TFloat32> x =
        tf.withName(MnistModel.X)
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, MnistData.PIXELS)));
    Placeholder<TInt32> y =
        tf.withName(MnistModel.Y).placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    Variable<TFloat32> w =
        tf.withName("w0")
            .variable(
                tf.zeros(
                    tf.constant(new long[] {MnistData.PIXELS, MnistData.CLASSES}), TFloat32.class));
    Variable<TFloat32> b =
        tf.withName("b0")
            .variable(tf.zeros(tf.constant(new long[] {MnistData.CLASSES}), TFloat32.class));
    Operand<TFloat32> logits = tf.math.add(tf.linalg.matMul(x, w), b);
    Operand<TFloat32> oneHot =
        tf.oneHot(y, tf.constant(MnistData.CLASSES), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> loss =
        tf.withName("loss")
            .math
            .mean(tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(), tf.constant(0));
    ModelSignature serving =
        ModelSignature.builder()
            .input(MnistModel.X, x)
            .output("probabilities", tf.withName("probabilities").nn.softmax(logits))
            .output(
                "classes", tf.withName("classes").math.argMax(logits, tf.constant(1), TInt64.class))
            .build();
    return new TrainableModel(
        new GradientDescent(graph, MnistSoftmax.DEFAULT_LEARNING_RATE).minimize(loss, "train"),
        loss,
        List.of(w, b),
        serving);
  }
}
