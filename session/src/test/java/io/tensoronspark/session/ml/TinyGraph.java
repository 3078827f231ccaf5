package io.tensoronspark.session.ml;

import io.tensoronspark.session.export.ModelSignature;
import io.tensoronspark.session.testmodel.TinyClassifier;
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

/** The test classifier as a {@link TrainableGraph}: x float[4], y int -> probabilities, classes. */
public final class TinyGraph implements TrainableGraph {

  @Override
  public TrainableModel build(Graph graph) {
    Ops tf = Ops.create(graph);
    Placeholder<TFloat32> x =
        tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4)));
    Placeholder<TInt32> y =
        tf.withName("y").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
    Variable<TFloat32> w =
        tf.withName("w").variable(tf.zeros(tf.constant(new long[] {4, 3}), TFloat32.class));
    Variable<TFloat32> b =
        tf.withName("b").variable(tf.zeros(tf.constant(new long[] {3}), TFloat32.class));
    Operand<TFloat32> logits = tf.math.add(tf.linalg.matMul(x, w), b);
    Operand<TFloat32> oneHot =
        tf.oneHot(y, tf.constant(TinyClassifier.CLASSES), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> loss =
        tf.withName("loss")
            .math
            .mean(tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(), tf.constant(0));
    ModelSignature serving =
        ModelSignature.builder()
            .input("x", x)
            .output("probabilities", tf.withName("probabilities").nn.softmax(logits))
            .output(
                "classes", tf.withName("classes").math.argMax(logits, tf.constant(1), TInt64.class))
            .build();
    return new TrainableModel(
        new GradientDescent(graph, 0.5f).minimize(loss, "train"), loss, List.of(w, b), serving);
  }
}
