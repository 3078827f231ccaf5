package io.tensoronspark.session.model;

import io.tensoronspark.session.spec.TrainedParameter;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/**
 * Reads the trained variables of a TF session into float arrays and writes float arrays back into
 * them through the assign ops added by {@link GraphInstrumenter}, one session run each way with
 * bulk copies. Stateless and thread-safe; the session passed in must only be used by the calling
 * thread during the call.
 */
public final class ParameterAccess {

  private final List<TrainedParameter> parameters;
  private final Shape[] shapes;

  public ParameterAccess(List<TrainedParameter> parameters) {
    this.parameters = List.copyOf(parameters);
    this.shapes = new Shape[parameters.size()];
    for (int i = 0; i < shapes.length; i++) {
      shapes[i] = Shape.of(parameters.get(i).shape());
    }
  }

  /**
   * Copies each variable's current value into {@code out[i]}, which must have the variable's size.
   */
  public void read(Session session, float[][] out) {
    Session.Runner runner = session.runner();
    for (TrainedParameter p : parameters) {
      runner.fetch(p.variableName());
    }
    try (Result result = runner.run()) {
      for (int i = 0; i < out.length; i++) {
        ((TFloat32) result.get(i)).copyTo(DataBuffers.of(out[i], false, false));
      }
    }
  }

  /** Overwrites each variable with {@code values[i]}. */
  public void assign(Session session, float[][] values) {
    List<Tensor> tensors = new ArrayList<>(parameters.size());
    try {
      Session.Runner runner = session.runner();
      for (int i = 0; i < parameters.size(); i++) {
        TrainedParameter p = parameters.get(i);
        Tensor t = TFloat32.tensorOf(shapes[i], DataBuffers.of(values[i], true, false));
        tensors.add(t);
        runner.feed(p.assignValueName(), t).addTarget(p.assignOpName());
      }
      runner.run().close();
    } finally {
      for (Tensor t : tensors) {
        t.close();
      }
    }
  }

  /** Fresh arrays sized like the parameters. */
  public float[][] newArrays() {
    float[][] arrays = new float[parameters.size()][];
    for (int i = 0; i < arrays.length; i++) {
      arrays[i] = new float[(int) shapes[i].size()];
    }
    return arrays;
  }
}
