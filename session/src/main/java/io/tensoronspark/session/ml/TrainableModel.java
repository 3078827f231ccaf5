package io.tensoronspark.session.ml;

import io.tensoronspark.session.export.ModelSignature;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;

/**
 * The parts of a model built by a {@link TrainableGraph}: the op to run per step, the scalar loss,
 * the float variables to train through the TPS, and the serving signature exported at the end (its
 * inputs must include the estimator's input feeds; its outputs become the model's columns).
 */
public record TrainableModel(
    Op trainOp, Operand<?> loss, List<? extends Operand<?>> parameters, ModelSignature serving) {

  public TrainableModel {
    parameters = List.copyOf(parameters);
  }
}
