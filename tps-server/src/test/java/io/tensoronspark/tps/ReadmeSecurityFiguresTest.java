package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.config.TpsServerConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README states the fixed limits that are not options as "`TpsServerConfig.NAME` (value)": each
 * value must be its constant's, so the figure lives in the constant alone.
 */
class ReadmeSecurityFiguresTest {

  private static final Pattern FIGURE =
      Pattern.compile("`TpsServerConfig\\.([A-Z_]+)` \\((\\d+)\\)");

  @Test
  void everyFigureNamedAfterAConstantIsItsValue() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    Matcher m = FIGURE.matcher(readme.replaceAll("\\s+", " "));
    int checked = 0;
    while (m.find()) {
      Object value = TpsServerConfig.class.getField(m.group(1)).get(null);
      assertEquals(String.valueOf(value), m.group(2), m.group(1));
      checked++;
    }
    assertTrue(checked >= 4, "figures checked: " + checked);
  }
}
