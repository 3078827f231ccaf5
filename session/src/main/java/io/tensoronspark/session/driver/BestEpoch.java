package io.tensoronspark.session.driver;

import io.tensoronspark.session.model.GraphInstrumenter;
import io.tensoronspark.session.model.ParameterAccess;
import io.tensoronspark.tps.checkpoint.TpsCheckpoint;
import io.tensoronspark.tps.protocol.ParameterSpec;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * The TPS state after the best epoch of one {@code fit} so far, for {@code FitOptions.restoreBest}:
 * captured in memory after each epoch that improved the monitored value, and restored at the end
 * when later epochs did not improve it, into the TPS (values, version, combiner state) and the
 * driver session. Holds one copy of the parameters and the combiner state on the driver. Used by
 * the driver thread that runs {@code fit}.
 */
public final class BestEpoch {

  private final ParameterServerHost tps;
  private final Graph graph;
  private final Session session;
  private TpsCheckpoint kept;

  public BestEpoch(ParameterServerHost tps, Graph graph, Session session) {
    this.tps = tps;
    this.graph = graph;
    this.session = session;
  }

  /** Keeps the TPS's current state, replacing the one kept before. */
  public void keep() {
    kept = tps.capture();
  }

  /**
   * Rolls the TPS back to the kept state and writes its values into the driver session.
   *
   * @throws IllegalStateException when nothing was kept
   */
  public void restore() {
    if (kept == null) {
      throw new IllegalStateException("no epoch's state was kept to restore");
    }
    tps.rollBack(kept);
    List<String> names = kept.specs().stream().map(ParameterSpec::name).toList();
    // the runs instrumented these variables already: this adds nothing to the graph
    new ParameterAccess(GraphInstrumenter.instrument(graph, names)).assign(session, tps.values());
  }
}
