package io.tensoronspark.session;

import io.tensoronspark.session.executor.TaskOutcome;
import java.util.List;

/**
 * Test support shared through the session test jar: what other modules' tests may read from a
 * {@link DistributedSession} beyond its user API.
 */
public final class SessionTestSeam {

  private SessionTestSeam() {}

  /**
   * The last epoch's task outcomes, with the executor JVMs' model loads and TF session counts (one
   * per successful task).
   */
  public static List<TaskOutcome> lastTaskOutcomes(DistributedSession session) {
    return session.lastTaskOutcomes();
  }
}
