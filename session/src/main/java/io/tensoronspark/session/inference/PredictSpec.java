package io.tensoronspark.session.inference;

import io.tensoronspark.session.spec.SerializableHadoopConf;
import java.io.Serializable;
import java.util.List;

/**
 * What executors need to run a SavedModel signature over rows: where the model is and which version
 * (the cache key), the signature's inputs in row order, the outputs to fetch, the batch size and
 * TF's intra-op threads. Immutable and serializable; built and checked on the driver by {@link
 * DistributedPredictor}.
 */
public record PredictSpec(
    String modelUri,
    String versionKey,
    SerializableHadoopConf hadoopConf,
    String signatureKey,
    List<TensorColumn> inputs,
    List<TensorColumn> outputs,
    int batchSize,
    int intraOpThreads)
    implements Serializable {

  public PredictSpec {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
