package io.tensoronspark.session.export;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.Operand;

/**
 * A named signature of an exported model: user-facing input and output names mapped to tensors of
 * the driver's graph (e.g. {@code x -> "x:0"}, {@code probabilities -> "Softmax:0"}), under a key
 * ({@value #DEFAULT_KEY} by default, the one TF Serving and Python's {@code
 * model.signatures["serving_default"]} pick). Immutable and serializable; the graph is not held.
 *
 * <pre>{@code
 * ModelSignature sig = ModelSignature.builder()
 *     .input("x", x).output("probabilities", probabilities).output("classes", classes).build();
 * }</pre>
 */
public final class ModelSignature implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The default signature key, as in TensorFlow. */
  public static final String DEFAULT_KEY = "serving_default";

  /** The method name TF Serving's predict API expects. */
  public static final String PREDICT_METHOD = "tensorflow/serving/predict";

  private final String key;
  private final String methodName;
  private final Map<String, String> inputs;
  private final Map<String, String> outputs;

  private ModelSignature(Builder b) {
    if (b.inputs.isEmpty() || b.outputs.isEmpty()) {
      throw new IllegalArgumentException(
          "signature '"
              + b.key
              + "' needs at least one input and one output, got inputs "
              + b.inputs.keySet()
              + " and outputs "
              + b.outputs.keySet());
    }
    this.key = b.key;
    this.methodName = b.methodName;
    this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(b.inputs));
    this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(b.outputs));
  }

  public static Builder builder() {
    return new Builder();
  }

  public String key() {
    return key;
  }

  public String methodName() {
    return methodName;
  }

  /** Input names to graph tensor names ({@code op:index}), in the order they were added. */
  public Map<String, String> inputs() {
    return inputs;
  }

  /** Output names to graph tensor names ({@code op:index}), in the order they were added. */
  public Map<String, String> outputs() {
    return outputs;
  }

  @Override
  public String toString() {
    return key + inputs.keySet() + "->" + outputs.keySet();
  }

  /** Builder; inputs and outputs keep the order they were added in. */
  public static final class Builder {
    private String key = DEFAULT_KEY;
    private String methodName = PREDICT_METHOD;
    private final Map<String, String> inputs = new LinkedHashMap<>();
    private final Map<String, String> outputs = new LinkedHashMap<>();

    private Builder() {}

    /** The signature key (default {@value ModelSignature#DEFAULT_KEY}). */
    public Builder key(String signatureKey) {
      key = requireName(signatureKey, "signature key");
      return this;
    }

    /** The method name (default {@value ModelSignature#PREDICT_METHOD}). */
    public Builder methodName(String name) {
      methodName = requireName(name, "method name");
      return this;
    }

    public Builder input(String name, Operand<?> tensor) {
      return input(name, tensor.asOutput().name());
    }

    /** An input by graph tensor name: {@code op} or {@code op:index}. */
    public Builder input(String name, String tensorName) {
      put(inputs, "input", name, tensorName);
      return this;
    }

    public Builder output(String name, Operand<?> tensor) {
      return output(name, tensor.asOutput().name());
    }

    /** An output by graph tensor name: {@code op} or {@code op:index}. */
    public Builder output(String name, String tensorName) {
      put(outputs, "output", name, tensorName);
      return this;
    }

    public ModelSignature build() {
      return new ModelSignature(this);
    }

    private void put(Map<String, String> map, String what, String name, String tensorName) {
      requireName(name, what + " name");
      requireName(tensorName, what + " '" + name + "' tensor name");
      if (map.putIfAbsent(name, tensorName.contains(":") ? tensorName : tensorName + ":0")
          != null) {
        throw new IllegalArgumentException(
            "signature '" + key + "' already has an " + what + " named '" + name + "'");
      }
    }

    private static String requireName(String name, String what) {
      if (Objects.requireNonNull(name, what).isEmpty()) {
        throw new IllegalArgumentException(what + " must be non-empty");
      }
      return name;
    }
  }
}
