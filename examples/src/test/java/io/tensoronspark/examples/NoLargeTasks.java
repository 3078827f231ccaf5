package io.tensoronspark.examples;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails each test whose Spark jobs shipped a task of very large size: a log4j2 appender on Spark's
 * {@code TaskSetManager} (at WARN, whatever the root level) collects its "Stage N contains a task
 * of very large size (K KiB)" warnings, which Spark prints when a task carries data (rows
 * parallelized from the driver's memory) instead of reading it. Installed on a test class with
 * {@code @ExtendWith(NoLargeTasks.class)}.
 */
final class NoLargeTasks implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

  /** Spark's logger of the warning. */
  static final String LOGGER = "org.apache.spark.scheduler.TaskSetManager";

  /** The words of the warning. */
  static final String WARNING = "task of very large size";

  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private Appender appender;

  /** Starts collecting the warnings. */
  void install() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    appender = new Appender(warnings);
    appender.start();
    config.addAppender(appender);
    LoggerConfig logger = new LoggerConfig(LOGGER, Level.WARN, true);
    logger.addAppender(appender, Level.WARN, null);
    config.addLogger(LOGGER, logger);
    context.updateLoggers();
  }

  /** Stops collecting and restores the logging configuration. */
  void uninstall() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    config.removeLogger(LOGGER);
    context.updateLoggers();
    appender.stop();
  }

  /** The warnings collected since the last call, which clears them. */
  List<String> drain() {
    List<String> seen = List.copyOf(warnings);
    warnings.clear();
    return seen;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    install();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    List<String> seen = drain();
    if (!seen.isEmpty()) {
      fail(
          context.getDisplayName()
              + ": a Spark task carried data instead of reading it, "
              + seen.size()
              + " warning(s), first: "
              + seen.get(0));
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    uninstall();
  }

  private static final class Appender extends AbstractAppender {
    private final List<String> warnings;

    Appender(List<String> warnings) {
      super("no-large-tasks", null, null, true, Property.EMPTY_ARRAY);
      this.warnings = warnings;
    }

    @Override
    public void append(LogEvent event) {
      String message = event.getMessage().getFormattedMessage();
      if (message.contains(WARNING)) {
        warnings.add(message);
      }
    }
  }
}
