package io.tensoronspark.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.combiners.Combiner;
import io.tensoronspark.combiners.MergeContext;
import io.tensoronspark.tps.protocol.MergeRefusedException;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A combiner that throws or writes NaN on the TPS fails the training naming the combiner, the
 * parameter and what went wrong (not the workers' loss), with the combiner's own exception as the
 * cause: the TPS runs in the driver's JVM.
 */
@Timeout(120)
class CombinerFailureTest {

  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc = SparkTestContext.local("local[2]");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  /** Throws on every merge of parameter b (one float). */
  public static final class ThrowingOnB implements Combiner {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
      return "throwing-on-b";
    }

    @Override
    public void merge(float[] value, float[] payload, MergeContext context) {
      if (value.length == 1) {
        throw new ArithmeticException("b cannot be merged");
      }
      for (int i = 0; i < value.length; i++) {
        value[i] += payload[i];
      }
    }
  }

  /** Writes NaN into element 2 of parameter w. */
  public static final class NanIntoW implements Combiner {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
      return "nan-into-w";
    }

    @Override
    public void merge(float[] value, float[] payload, MergeContext context) {
      for (int i = 0; i < value.length; i++) {
        value[i] += payload[i];
      }
      if (value.length == 3) {
        value[2] = Float.NaN;
      }
    }
  }

  private static TrainingFailedException train(Combiner combiner) {
    try (LinearModel model = new LinearModel(0.1f);
        DistributedSession session =
            DistributedSession.builder(sc, model.graph, model.session)
                .batchSize(10)
                .syncIntervalSteps(2)
                .combiner(combiner)
                .loss(model.loss)
                .build()) {
      return assertThrows(
          TrainingFailedException.class,
          () ->
              session.run(
                  model.train,
                  sc.parallelize(LinearModel.rows(100, 3), 2),
                  model.feeds(),
                  model.params(),
                  false));
    }
  }

  @Test
  void aThrowingCombinerIsNamedWithItsParameterAndItsExceptionIsTheCause() {
    TrainingFailedException e = train(new ThrowingOnB());
    assertTrue(
        e.getMessage().contains("combiner throwing-on-b failed merging parameter 'b'")
            && e.getMessage().contains("ArithmeticException: b cannot be merged"),
        e.getMessage());
    assertTrue(e.getCause() instanceof ArithmeticException, String.valueOf(e.getCause()));
    assertEquals("b cannot be merged", e.getCause().getMessage());
  }

  @Test
  void aCombinerWritingNanIsBlamedNotTheWorkers() {
    TrainingFailedException e = train(new NanIntoW());
    assertTrue(
        e.getMessage().contains("combiner nan-into-w would make parameter 'w' NaN at index 2"),
        e.getMessage());
    assertTrue(e.getCause() instanceof MergeRefusedException, String.valueOf(e.getCause()));
  }
}
