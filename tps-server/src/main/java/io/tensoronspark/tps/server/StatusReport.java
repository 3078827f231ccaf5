package io.tensoronspark.tps.server;

import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.TpsStats;
import java.util.List;

/**
 * What GET /v1/status answers (as JSON) and the status page shows. Immutable.
 *
 * @param version pushes applied so far
 * @param runId the run id
 * @param workerCount N as handed to combiners
 * @param combiner the combiner's name
 * @param maxBodyBytes the request body limit
 * @param params every parameter's name, shape and size
 * @param stats the counters
 */
public record StatusReport(
    long version,
    long runId,
    int workerCount,
    String combiner,
    long maxBodyBytes,
    List<Param> params,
    TpsStats stats) {

  /** One parameter as reported. */
  public record Param(String name, long[] shape, int size) {

    /** The report of {@code spec}. */
    public static Param of(ParameterSpec spec) {
      return new Param(spec.name(), spec.shape(), spec.size());
    }
  }
}
