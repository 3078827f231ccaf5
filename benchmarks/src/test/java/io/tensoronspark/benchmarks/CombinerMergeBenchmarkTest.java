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
   * list equal to the registered built-in combiners, so a new built-in is never left out of the
   * merge table. (The examples' custom combiner is registered on this class path too: the
   * comparison runner depends on the examples.)
   */
  @Test
  void benchmarksEveryRegisteredCombiner() throws Exception {
    Param names =
        CombinerMergeBenchmark.CombinerShard.class
            .getField("combinerName")
            .getAnnotation(Param.class);
    List<String> builtIns =
        Combiners.knownNames().stream()
            .filter(
                name ->
                    Combiners.byName(name)
                        .getClass()
                        .getPackageName()
                        .equals(Combiners.class.getPackageName()))
            .toList();
    assertEquals(Set.copyOf(builtIns), Set.copyOf(List.of(names.value())));
    assertEquals(builtIns.size(), names.value().length, "no name listed twice");
  }
}
