package io.tensoronspark.session.driver;

import io.tensoronspark.session.executor.PartitionTrainer;
import io.tensoronspark.session.executor.TaskOutcome;
import io.tensoronspark.session.spec.RunSpec;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;

/**
 * The Spark function shipped to executors: trains one partition with the broadcast {@link RunSpec}.
 */
final class TrainPartitionFunction
    implements Function2<Integer, Iterator<Object[]>, Iterator<TaskOutcome>> {

  private static final long serialVersionUID = 1L;

  private final Broadcast<RunSpec> spec;

  TrainPartitionFunction(Broadcast<RunSpec> spec) {
    this.spec = spec;
  }

  @Override
  public Iterator<TaskOutcome> call(Integer partition, Iterator<Object[]> rows) {
    return List.of(PartitionTrainer.train(spec.value(), partition, rows)).iterator();
  }
}
