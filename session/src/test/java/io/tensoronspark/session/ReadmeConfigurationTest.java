package io.tensoronspark.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tensoronspark.combiners.Combiners;
import io.tensoronspark.tps.config.TpsClientConfig;
import io.tensoronspark.tps.config.TpsServerConfig;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The configuration tables (the README's everyday options, tps-server/README.md's TPS tuning
 * options) cannot drift: each default they state equals the named constant that defines it, and
 * each option of the three builders the user sets has a row (and each row an option). A row {@code
 * tpsServer.x} is the option {@code x} of {@link TpsServerConfig.Builder}, {@code tpsClient.x} of
 * {@link TpsClientConfig.Builder}, a plain {@code x} of {@link DistributedSession.Builder}; the
 * constant of option {@code fooBar} is {@code DEFAULT_FOO_BAR} of the config class.
 */
class ReadmeConfigurationTest {

  /** Options the session sets itself; a user cannot set them, so the table does not list them. */
  private static final Set<String> SESSION_OWNED =
      Set.of(
          "tpsServer.combiner",
          "tpsServer.checkpointDir",
          "tpsServer.hadoopConfiguration",
          "tpsServer.workerCount",
          "tpsServer.requireLaunchedAttempts",
          "tpsClient.endpoint",
          "tpsClient.token",
          "tpsClient.runId");

  /** Options whose default is not one value (derived, per session or absent), with the cell. */
  private static final Map<String, String> NOT_A_CONSTANT =
      Map.ofEntries(
          Map.entry("modelDir", "fresh temporary file:// directory"),
          Map.entry("loss", "none"),
          Map.entry("lossName", "none"),
          Map.entry("tpsAdvertisedHost", "the bind host"),
          Map.entry("tpsServer.bindHost", "spark.driver.host"),
          Map.entry("tpsServer.token", "32 random bytes per session"),
          Map.entry("tpsServer.sslContext", "none (plain HTTP)"),
          Map.entry("tpsServer.keyStore", "none (plain HTTP)"),
          Map.entry("tpsServer.workerThreads", "2 x maxConcurrentRequests + 2"),
          Map.entry("tpsClient.trustStore", "none (the JDK's trust)"));

  private static final Pattern ROW = Pattern.compile("^\\|([^|]+)\\|([^|]+)\\|.*\\|\\s*$");
  private static final Pattern CORES = Pattern.compile("max\\((\\d+), (\\d+) x cores\\)");

  private static Map<String, String> table;

  @BeforeAll
  static void readTable() throws IOException {
    Path readme = readme();
    table = parseTable(Files.readAllLines(readme));
    for (Map.Entry<String, String> row :
        parseTable(Files.readAllLines(readme.resolveSibling("tps-server").resolve("README.md")))
            .entrySet()) {
      if (table.put(row.getKey(), row.getValue()) != null) {
        fail("option " + row.getKey() + " has a row in both README.md and tps-server/README.md");
      }
    }
  }

  @Test
  void everyStatedDefaultIsItsConstant() throws ReflectiveOperationException {
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, String> row : table.entrySet()) {
      String option = row.getKey();
      String cell = row.getValue();
      if (NOT_A_CONSTANT.containsKey(option)) {
        if (!NOT_A_CONSTANT.get(option).equals(cell)) {
          wrong.add(
              option
                  + ": README says '"
                  + cell
                  + "', expected '"
                  + NOT_A_CONSTANT.get(option)
                  + "'");
        }
        continue;
      }
      if (option.equals("combiner")) {
        String name = Combiners.defaultCombiner().name();
        if (!cell.equals(name)) {
          wrong.add("combiner: README says '" + cell + "', the default combiner is " + name);
        }
        continue;
      }
      Field constant = constant(option);
      if (constant == null) {
        wrong.add(
            option
                + ": no constant "
                + constantName(option)
                + " in "
                + configClass(option).getSimpleName());
        continue;
      }
      Object value = constant.get(null);
      if (!matches(cell, value)) {
        wrong.add(option + ": README says '" + cell + "', " + constant.getName() + " is " + value);
      }
    }
    assertTrue(
        wrong.isEmpty(), "README configuration table vs constants:\n" + String.join("\n", wrong));
  }

  @Test
  void everyUserOptionHasARowAndEveryRowAnOption() {
    Set<String> options = new TreeSet<>();
    options.addAll(setters(DistributedSession.Builder.class, ""));
    options.addAll(setters(TpsServerConfig.Builder.class, "tpsServer."));
    options.addAll(setters(TpsClientConfig.Builder.class, "tpsClient."));
    options.removeAll(SESSION_OWNED);
    options.remove("tpsServer");
    options.remove("tpsClient");
    Set<String> missing = new TreeSet<>(options);
    missing.removeAll(table.keySet());
    Set<String> extra = new TreeSet<>(table.keySet());
    extra.removeAll(options);
    assertEquals(
        Set.of(),
        missing,
        "builder options without a row in the README's configuration table (add a row; an option"
            + " the session sets itself belongs in SESSION_OWNED)");
    assertEquals(Set.of(), extra, "README configuration rows naming no builder option");
  }

  private static boolean matches(String cell, Object value) {
    Matcher cores = CORES.matcher(cell);
    int processors = Runtime.getRuntime().availableProcessors();
    if (cores.matches()) {
      int derived =
          Math.max(Integer.parseInt(cores.group(1)), Integer.parseInt(cores.group(2)) * processors);
      return value.equals(derived);
    }
    if (cell.equals("cores")) {
      return value.equals(processors);
    }
    String stated = cell.contains(" (") ? cell.substring(0, cell.indexOf(" (")) : cell;
    if (value instanceof Long l && l == Long.MAX_VALUE) {
      return stated.equals("unbounded");
    }
    if (value instanceof Enum<?> e) {
      return stated.equals(e.name());
    }
    return stated.equals(String.valueOf(value));
  }

  private static Field constant(String option) {
    try {
      Field f = configClass(option).getField(constantName(option));
      return Modifier.isStatic(f.getModifiers()) ? f : null;
    } catch (NoSuchFieldException e) {
      return null;
    }
  }

  private static Class<?> configClass(String option) {
    if (option.startsWith("tpsServer.")) {
      return TpsServerConfig.class;
    }
    if (option.startsWith("tpsClient.")) {
      return TpsClientConfig.class;
    }
    return SessionConfig.class;
  }

  private static String constantName(String option) {
    String name = option.substring(option.indexOf('.') + 1);
    String snake =
        name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("([A-Z])([A-Z][a-z])", "$1_$2");
    return "DEFAULT_" + snake.toUpperCase(Locale.ROOT);
  }

  private static Set<String> setters(Class<?> builder, String prefix) {
    Set<String> names = new TreeSet<>();
    for (Method m : builder.getMethods()) {
      if (m.getReturnType() == builder && !Modifier.isStatic(m.getModifiers())) {
        names.add(prefix + m.getName());
      }
    }
    return names;
  }

  /**
   * Option name to default cell (backticks removed) of the first table under "## Configuration".
   */
  private static Map<String, String> parseTable(List<String> lines) {
    Map<String, String> rows = new LinkedHashMap<>();
    boolean inSection = false;
    for (String line : lines) {
      if (line.startsWith("## ")) {
        inSection = line.equals("## Configuration");
        continue;
      }
      if (inSection && !rows.isEmpty() && !line.startsWith("|")) {
        break; // the end of the first table: later tables of the section are not options
      }
      Matcher m = ROW.matcher(line);
      if (!inSection || !m.matches() || line.startsWith("|---") || line.startsWith("| option ")) {
        continue;
      }
      String cell = m.group(2).replace("`", "").trim();
      for (String option : m.group(1).replace("`", "").split("/")) {
        if (rows.put(option.trim(), cell) != null) {
          fail("option " + option.trim() + " has two rows in the README's configuration table");
        }
      }
    }
    assertTrue(rows.size() > 10, "found a configuration table, got " + rows.keySet());
    return rows;
  }

  private static Path readme() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("README.md");
      if (Files.exists(candidate) && Files.exists(dir.resolve("session"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("no project README.md above " + Path.of("").toAbsolutePath());
  }
}
