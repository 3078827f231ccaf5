package io.tensoronspark.combiners;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;

/**
 * Finds combiners by their {@link Combiner#name()} (through {@link ServiceLoader}, file {@code
 * META-INF/services/io.tensoronspark.combiners.Combiner}) or by fully qualified class name. Looks
 * up the thread's context class loader (falling back to this class's), so combiners shipped in a
 * Spark application jar are found. Stateless; safe from any thread. Every call returns a new
 * instance.
 */
public final class Combiners {

  private Combiners() {}

  /** The default combiner: {@link DeltaSum}. */
  public static Combiner defaultCombiner() {
    return new DeltaSum();
  }

  /**
   * The names of every registered combiner: class-path order across jars, file order within one.
   */
  public static List<String> knownNames() {
    List<String> known = new ArrayList<>();
    for (Combiner c : ServiceLoader.load(Combiner.class, classLoader())) {
      known.add(c.name());
    }
    return List.copyOf(known);
  }

  /**
   * Loads a combiner by its short name (any {@link Combiner} registered in {@code
   * META-INF/services/io.tensoronspark.combiners.Combiner}) or by its fully qualified class name
   * (which needs a public no-argument constructor). Parameterized built-ins load with their
   * documented defaults; build them with their constructors for other settings.
   *
   * @throws IllegalArgumentException naming the known names when nothing matches, or saying why a
   *     class cannot be used
   */
  public static Combiner byName(String nameOrClass) {
    Objects.requireNonNull(nameOrClass, "combiner name");
    List<String> known = new ArrayList<>();
    for (Combiner c : ServiceLoader.load(Combiner.class, classLoader())) {
      if (c.name().equals(nameOrClass)) {
        return c;
      }
      known.add(c.name());
    }
    if (nameOrClass.indexOf('.') >= 0) {
      return byClassName(nameOrClass);
    }
    throw new IllegalArgumentException(
        "unknown combiner '"
            + nameOrClass
            + "': expected one of "
            + known
            + " or a fully qualified class name");
  }

  private static Combiner byClassName(String className) {
    Class<?> type;
    try {
      type = Class.forName(className, true, classLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException(
          "combiner class '" + className + "' is not on the classpath", e);
    }
    if (!Combiner.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException(
          "class '" + className + "' does not implement " + Combiner.class.getName());
    }
    try {
      return (Combiner) type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException(
          "combiner class '" + className + "' needs a public no-argument constructor", e);
    }
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : Combiners.class.getClassLoader();
  }
}
