package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.protocol.ParameterSpec;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the module's package structure: the shared protocol types depend on nothing else of the
 * project, and the packages of {@code io.tensoronspark.tps} form no cycle. Reads the compiled
 * classes' constant pools (every class a class refers to is named there), so comments and Javadoc
 * links do not count.
 */
class PackageStructureTest {

  private static final String PROJECT = "io/tensoronspark/";
  private static final String TPS = "io/tensoronspark/tps";
  private static final Pattern CLASS_REF = Pattern.compile("io/tensoronspark/[A-Za-z0-9_/$]+");

  @Test
  void protocolDependsOnNothingElseOfTheProject() throws IOException {
    Map<String, Set<String>> graph = packageGraph();
    Set<String> protocol = graph.get(TPS + "/protocol");
    assertTrue(protocol != null, "no protocol package among " + graph.keySet());
    assertEquals(Set.of(), protocol, "io.tensoronspark.tps.protocol must import nothing else");
  }

  @Test
  void packagesFormNoCycle() throws IOException {
    Map<String, Set<String>> graph = packageGraph();
    assertTrue(graph.size() >= 6, "expected the module's packages, found " + graph.keySet());
    for (String start : graph.keySet()) {
      List<String> path = new ArrayList<>();
      assertTrue(!reaches(graph, start, start, new HashSet<>(), path), "cycle: " + start + path);
    }
  }

  private static boolean reaches(
      Map<String, Set<String>> graph,
      String from,
      String target,
      Set<String> seen,
      List<String> path) {
    for (String next : graph.getOrDefault(from, Set.of())) {
      path.add(" -> " + next);
      if (next.equals(target) || (seen.add(next) && reaches(graph, next, target, seen, path))) {
        return true;
      }
      path.remove(path.size() - 1);
    }
    return false;
  }

  /** Package -> the other project packages its main classes refer to. */
  private static Map<String, Set<String>> packageGraph() throws IOException {
    Path classes;
    try {
      classes =
          Path.of(ParameterSpec.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> files = Files.walk(classes.resolve(TPS))) {
      for (Path file :
          (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        String name = classes.relativize(file).toString().replace('\\', '/');
        String pkg = name.substring(0, name.lastIndexOf('/'));
        Set<String> deps = graph.computeIfAbsent(pkg, p -> new TreeSet<>());
        Matcher m =
            CLASS_REF.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        while (m.find()) {
          String ref = m.group();
          String refPkg = ref.substring(0, ref.lastIndexOf('/'));
          if (ref.startsWith(PROJECT) && !refPkg.equals(pkg)) {
            deps.add(refPkg);
          }
        }
      }
    }
    return graph;
  }
}
