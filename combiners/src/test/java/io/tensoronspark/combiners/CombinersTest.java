package io.tensoronspark.combiners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CombinersTest {

  static final List<String> BUILT_IN_NAMES =
      List.of(
          "delta-sum",
          "model-averaging",
          "dynsgd",
          "easgd",
          "moving-mean",
          "replace",
          "server-momentum");

  @ParameterizedTest
  @CsvSource({
    "delta-sum, io.tensoronspark.combiners.DeltaSum",
    "model-averaging, io.tensoronspark.combiners.ModelAveraging",
    "dynsgd, io.tensoronspark.combiners.StalenessAwareDelta",
    "easgd, io.tensoronspark.combiners.ElasticAveraging",
    "moving-mean, io.tensoronspark.combiners.MovingMean",
    "replace, io.tensoronspark.combiners.Replace",
    "server-momentum, io.tensoronspark.combiners.ServerMomentum"
  })
  void loadsEachBuiltInByNameAndByClassName(String name, String className) throws Exception {
    Combiner byName = Combiners.byName(name);
    assertEquals(className, byName.getClass().getName());
    assertEquals(name, byName.name());

    Combiner byClass = Combiners.byName(className);
    assertEquals(className, byClass.getClass().getName());
    assertEquals(byName, byClass);
    assertNotSame(byName, byClass);
  }

  @Test
  void knownNamesListsTheBuiltInsInRegistrationOrder() {
    List<String> builtIns =
        Combiners.knownNames().stream().filter(BUILT_IN_NAMES::contains).toList();
    assertEquals(BUILT_IN_NAMES, builtIns);
  }

  @Test
  void loadsACombinerRegisteredByAnotherJar() {
    // src/test/resources registers HalfDelta in a second services file, as a user's jar would.
    assertInstanceOf(HalfDelta.class, Combiners.byName("half-delta"));
    assertTrue(Combiners.knownNames().contains("half-delta"));
  }

  @Test
  void unknownNameListsTheKnownNames() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Combiners.byName("sum"));
    assertTrue(
        e.getMessage().startsWith("unknown combiner 'sum': expected one of ["), e.getMessage());
    for (String name : BUILT_IN_NAMES) {
      assertTrue(e.getMessage().contains(name), e.getMessage());
    }
    assertTrue(e.getMessage().endsWith("or a fully qualified class name"), e.getMessage());
  }

  @Test
  void classNotImplementingCombinerIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Combiners.byName("java.lang.String"));
    assertEquals(
        "class 'java.lang.String' does not implement io.tensoronspark.combiners.Combiner",
        e.getMessage());
  }

  @Test
  void missingClassIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Combiners.byName("com.example.NoSuchCombiner"));
    assertEquals(
        "combiner class 'com.example.NoSuchCombiner' is not on the classpath", e.getMessage());
  }

  @Test
  void combinerWithoutNoArgumentConstructorIsRefused() {
    String className = NeedsArgument.class.getName();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Combiners.byName(className));
    assertEquals(
        "combiner class '" + className + "' needs a public no-argument constructor",
        e.getMessage());
  }

  @Test
  void nullNameIsRefused() {
    assertThrows(NullPointerException.class, () -> Combiners.byName(null));
  }

  /** A combiner that can only be built with an argument. */
  public static final class NeedsArgument implements Combiner {
    private static final long serialVersionUID = 1L;

    public NeedsArgument(int unused) {}

    @Override
    public String name() {
      return "needs-argument";
    }

    @Override
    public void merge(float[] value, float[] payload, MergeContext context) {}
  }
}
