package io.tensoronspark.session.ml;

import org.tensorflow.Graph;

/**
 * What a {@link TensorFlowEstimator} trains: builds the user's model into a fresh graph on the
 * driver, exactly as for one machine. Implementations need a public no-argument constructor (the
 * estimator names them by class, so a saved Pipeline can rebuild them); called on the driver, once
 * per fit.
 */
public interface TrainableGraph {

  /** Adds the model's placeholders, variables, loss, train op and outputs to {@code graph}. */
  TrainableModel build(Graph graph);
}
