package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.config.TpsServerConfig;
import org.junit.jupiter.api.Test;

class TpsServerConfigTest {

  @Test
  void toBuilderKeepsDerivedWorkerThreadsDerived() {
    TpsServerConfig derived = TpsServerConfig.builder().maxConcurrentRequests(4).build();
    assertEquals(10, derived.workerThreads());
    TpsServerConfig wider = derived.toBuilder().maxConcurrentRequests(10).build();
    assertEquals(22, wider.workerThreads(), "the copy follows its own maxConcurrentRequests");
  }

  @Test
  void toBuilderKeepsAnExplicitWorkerThreadCount() {
    TpsServerConfig fixed =
        TpsServerConfig.builder().maxConcurrentRequests(4).workerThreads(3).build();
    TpsServerConfig copy = fixed.toBuilder().maxConcurrentRequests(10).build();
    assertEquals(3, copy.workerThreads());
    assertEquals(fixed.token(), copy.token(), "the token travels with the copy");
  }

  @Test
  void aNegativeWorkerThreadCountIsRefusedNamingTheOption() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TpsServerConfig.builder().workerThreads(-1).build());
    assertTrue(e.getMessage().contains("workerThreads"), e.getMessage());
    assertTrue(e.getMessage().contains("-1"), e.getMessage());
  }
}
