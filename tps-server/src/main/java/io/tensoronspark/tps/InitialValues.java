package io.tensoronspark.tps;

import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.wire.FiniteCheck;
import io.tensoronspark.tps.wire.FrameFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks what a {@link TpsServer} starts with, naming the offending parameter. Stateless. */
final class InitialValues {

  private InitialValues() {}

  /**
   * Checks: at least one parameter, unique names, one array per parameter of exactly its size,
   * finite values, and frames that fit in 2 GiB.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static void check(List<ParameterSpec> specs, List<float[]> initialValues) {
    if (specs.isEmpty()) {
      throw new IllegalArgumentException("the TPS needs at least one parameter");
    }
    if (initialValues.size() != specs.size()) {
      throw new IllegalArgumentException(
          initialValues.size() + " initial value arrays for " + specs.size() + " parameters");
    }
    Set<String> names = new HashSet<>();
    for (int i = 0; i < specs.size(); i++) {
      ParameterSpec spec = specs.get(i);
      if (!names.add(spec.name())) {
        throw new IllegalArgumentException("duplicate parameter name '" + spec.name() + "'");
      }
      float[] values = initialValues.get(i);
      if (values == null || values.length != spec.size()) {
        throw new IllegalArgumentException(
            "parameter "
                + spec
                + " needs "
                + spec.size()
                + " initial values, got "
                + (values == null ? "null" : values.length));
      }
      int bad = FiniteCheck.firstNonFinite(values, 0, values.length);
      if (bad >= 0) {
        throw new IllegalArgumentException(
            "parameter "
                + spec
                + " initial value "
                + bad
                + " is "
                + values[bad]
                + ": values must be finite");
      }
    }
    long frameBytes = FrameFormat.maxPushFrameBytes(specs);
    if (frameBytes > Integer.MAX_VALUE - 64) {
      throw new IllegalArgumentException(
          "parameters need frames of " + frameBytes + " bytes; one frame holds at most 2 GiB");
    }
  }
}
