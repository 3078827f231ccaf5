package io.tensoronspark.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tensoronspark.combiners.Combiners;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Param;

class CombinerMergeBenchmarkTest {

  /**
   * JMH needs the combiner names as constants, so the benchmark lists them itself: this keeps the
   * list equal to the registered combiners, so a new built-in is never left out of the README's
   * merge table.
   */
  @Test
  void benchmarksEveryRegisteredCombiner() throws Exception {
    Param names =
        CombinerMergeBenchmark.CombinerShard.class
            .getField("combinerName")
            .getAnnotation(Param.class);
    assertEquals(Set.copyOf(Combiners.knownNames()), Set.copyOf(List.of(names.value())));
    assertEquals(Combiners.knownNames().size(), names.value().length, "no name listed twice");
  }
}
