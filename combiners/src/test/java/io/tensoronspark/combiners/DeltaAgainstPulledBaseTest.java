package io.tensoronspark.combiners;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Regression test for TensorOnSpark's DeltaWeightCombiner bug: deltas taken against the value after
 * the worker's last push (instead of the base it pulled or last received) count other workers'
 * updates again. With deltas against the base, a delta-sum server ends at its initial value plus
 * every worker's own deltas, exactly (all values here are small integers, so every float sum is
 * exact).
 */
class DeltaAgainstPulledBaseTest {

  private static final float[] INITIAL = {0f, 100f};

  /** A worker driving the SPI's worker half the way the session does. */
  private static final class Worker {
    private final Combiner combiner;
    private float[] local;
    private float[] base;
    private final float[] pushedDeltas = new float[INITIAL.length];
    private final float[] unpushedDeltas = new float[INITIAL.length];

    Worker(Combiner combiner) {
      this.combiner = combiner;
    }

    /**
     * Takes the server's value; progress not yet pushed is dropped, as when Spark re-runs a task.
     */
    void pull(float[] server) {
      local = server.clone();
      base = server.clone();
      Arrays.fill(unpushedDeltas, 0f);
    }

    void train(float... delta) {
      for (int i = 0; i < delta.length; i++) {
        local[i] += delta[i];
        unpushedDeltas[i] += delta[i];
      }
    }

    void push(float[] server, long staleness) {
      for (int i = 0; i < unpushedDeltas.length; i++) {
        pushedDeltas[i] += unpushedDeltas[i];
      }
      Arrays.fill(unpushedDeltas, 0f);
      float[] payload = new float[local.length];
      combiner.preparePayload(local, base, payload);
      combiner.merge(
          server, payload, MergeContext.of(staleness, 3, 0, new CombinerState(server.length)));
      combiner.afterReply(local, base, payload, server.clone());
    }
  }

  /**
   * The buggy rule, inline: the reference for the next delta is the local value as it was pushed.
   */
  private static final class BuggyWorker {
    private float[] local;
    private float[] reference;

    void pull(float[] server) {
      local = server.clone();
      reference = server.clone();
    }

    void train(float... delta) {
      for (int i = 0; i < delta.length; i++) {
        local[i] += delta[i];
      }
    }

    void push(float[] server) {
      for (int i = 0; i < server.length; i++) {
        server[i] += local[i] - reference[i];
      }
      reference = local.clone();
      local = server.clone();
    }
  }

  @Test
  void interleavedPushesSumEveryWorkersOwnDeltasExactly() {
    float[] server = INITIAL.clone();
    Worker a = new Worker(new DeltaSum());
    Worker b = new Worker(new DeltaSum());
    Worker c = new Worker(new DeltaSum());
    a.pull(server);
    b.pull(server);
    c.pull(server);
    a.train(1f, 0f);
    a.push(server, 0);
    b.train(0f, 2f);
    b.push(server, 1); // B pushes after A: its base predates A's push
    a.train(3f, 0f);
    a.push(server, 1);
    c.train(0f, 4f);
    c.push(server, 3);
    b.train(5f, 0f);
    b.push(server, 2);
    a.train(0f, 6f);
    a.push(server, 2);
    c.train(7f, 0f);
    c.push(server, 3);
    // 0 + 1 + 3 + 5 + 7 = 16; 100 + 2 + 4 + 6 = 112
    assertArrayEquals(new float[] {16f, 112f}, server);
  }

  @Test
  void theBuggyRuleCountsOtherWorkersUpdatesAgain() {
    float[] server = INITIAL.clone();
    BuggyWorker a = new BuggyWorker();
    BuggyWorker b = new BuggyWorker();
    BuggyWorker c = new BuggyWorker();
    a.pull(server);
    b.pull(server);
    c.pull(server);
    a.train(1f, 0f);
    a.push(server);
    b.train(0f, 2f);
    b.push(server);
    a.train(3f, 0f);
    a.push(server);
    c.train(0f, 4f);
    c.push(server);
    b.train(5f, 0f);
    b.push(server); // sends {6, 0}: A's 1 again, since B's reference is what B pushed, not what it
    // received
    a.train(0f, 6f);
    a.push(server); // sends {0, 8}: B's 2 again
    c.train(7f, 0f);
    c.push(server); // sends {11, 2}: A's 1 + 3 and B's 2 again
    // same schedule and deltas as above, which end at {16, 112}
    assertArrayEquals(new float[] {21f, 116f}, server);
    assertFalse(Arrays.equals(new float[] {16f, 112f}, server));
  }

  @Test
  void randomInterleavingsOfPullsAndPushesSumEveryWorkersOwnDeltas() {
    SplittableRandom random = new SplittableRandom(2024);
    for (int trial = 0; trial < 50; trial++) {
      float[] server = INITIAL.clone();
      Worker[] workers = new Worker[3];
      for (int w = 0; w < workers.length; w++) {
        workers[w] = new Worker(new DeltaSum());
        workers[w].pull(server);
      }
      for (int step = 0; step < 40; step++) {
        Worker worker = workers[random.nextInt(workers.length)];
        switch (random.nextInt(3)) {
          case 0 -> worker.pull(server);
          case 1 -> worker.train(random.nextInt(-8, 9), random.nextInt(-8, 9));
          default -> worker.push(server, 0);
        }
      }
      for (Worker worker : workers) {
        worker.push(server, 0); // final push at the end of each partition
      }
      float[] expected = INITIAL.clone();
      for (Worker worker : workers) {
        for (int i = 0; i < expected.length; i++) {
          expected[i] += worker.pushedDeltas[i];
        }
      }
      assertArrayEquals(expected, server, "trial " + trial);
    }
  }
}
