package io.tensoronspark.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RoundTripRatioTest {

  @Test
  void settingsHaveDefaultsAndNamedOverrides() {
    RoundTripRatio.Settings defaults = RoundTripRatio.Settings.parse(new String[0]);
    assertArrayEquals(new int[] {7850, 1 << 20, 1 << 22}, defaults.floats());
    assertArrayEquals(new int[] {1, 2, 4}, defaults.clients());
    assertEquals(RoundTripRatio.DEFAULT_PRIME_MILLIS, defaults.primeMillis());
    RoundTripRatio.Settings set =
        RoundTripRatio.Settings.parse(
            new String[] {"floats=10,20", "clients=3", "rounds=4", "primeMillis=0"});
    assertArrayEquals(new int[] {10, 20}, set.floats());
    assertArrayEquals(new int[] {3}, set.clients());
    assertEquals(4, set.rounds());
    assertEquals(0, set.primeMillis());
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> RoundTripRatio.Settings.parse(new String[] {"flaots=10"}));
    assertTrue(unknown.getMessage().contains("unknown setting 'flaots'"), unknown.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> RoundTripRatio.Settings.parse(new String[] {"rounds=0"}));
    assertThrows(
        IllegalArgumentException.class,
        () -> RoundTripRatio.Settings.parse(new String[] {"primeMillis=-1"}));
  }

  @Test
  @Timeout(60)
  void primingRunsLargeFrameRoundTripsOnItsOwnServers() throws Exception {
    long roundTrips = RoundTripFixture.primeJit(200);
    assertTrue(roundTrips > 0, "round trips " + roundTrips);
  }

  @Test
  void quartilesComeFromTheSortedRounds() {
    RoundTripRatio.Cell cell =
        new RoundTripRatio.Cell(1, 1, new double[] {0.9, 0.1, 0.5, 0.3, 0.7}, 1, 1);
    assertEquals(0.1, cell.ratioAt(0));
    assertEquals(0.3, cell.ratioAt(0.25));
    assertEquals(0.5, cell.ratioAt(0.5));
    assertEquals(0.9, cell.ratioAt(1));
  }

  @Test
  @Timeout(60)
  void aShortRunMeasuresEveryRoundAndMergesEveryPush() throws Exception {
    RoundTripRatio.Settings settings =
        RoundTripRatio.Settings.parse(
            new String[] {"rounds=3", "roundMillis=50", "warmupRounds=1"});
    try (RoundTripFixture fixture = new RoundTripFixture(1000, 1 << 20)) {
      RoundTripRatio.Cell cell = RoundTripRatio.measure(fixture, 2, settings);
      assertEquals(3, cell.ratios().length);
      for (double ratio : cell.ratios()) {
        assertTrue(ratio > 0 && Double.isFinite(ratio), "ratio " + ratio);
      }
      assertTrue(cell.echoOpsPerSecond() > 0 && cell.tpsOpsPerSecond() > 0, cell.describe());
      assertTrue(cell.describe().startsWith("floats=1000 clients=2: TPS/echo median "));
      assertTrue(fixture.tps.stats().pushesApplied() > 0);
      assertEquals(0, fixture.tps.stats().pushesRejected(), fixture.tps.stats().toString());
    }
  }
}
