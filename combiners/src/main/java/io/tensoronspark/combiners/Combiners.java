package io.tensoronspark.combiners;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** Finds combiners by their {@link Combiner#name()} (through {@link ServiceLoader}) or by class name. */
public final class Combiners {

  private Combiners() {}

  /** The default combiner: delta sum. */
  public static Combiner defaultCombiner() {
    return new DeltaSum();
  }

  /**
   * Loads a combiner by its short name (any {@link Combiner} registered in {@code
   * META-INF/services/io.tensoronspark.combiners.Combiner}) or by its fully qualified class name.
   *
   * @throws IllegalArgumentException naming the known names when nothing matches
   */
  public static Combiner byName(String nameOrClass) {
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
        "unknown combiner '" + nameOrClass + "': expected one of " + known + " or a fully qualified class name");
  }

  private static Combiner byClassName(String className) {
    Class<?> type;
    try {
      type = Class.forName(className, true, classLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("combiner class '" + className + "' is not on the classpath", e);
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
