package io.tensoronspark.examples;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * How the examples' CLI reports a failed run: one {@code Error: } line with the failure's message
 * and its causes' (each once), then the exit code; the stack trace only with {@code --verbose}.
 * Immutable.
 */
final class CliFailure implements IExecutionExceptionHandler {

  /** The first word of the line. */
  static final String PREFIX = "Error: ";

  private final boolean stackTrace;

  CliFailure(boolean stackTrace) {
    this.stackTrace = stackTrace;
  }

  @Override
  public int handleExecutionException(
      Exception failure, CommandLine command, ParseResult parseResult) {
    PrintWriter err = command.getErr();
    if (stackTrace) {
      failure.printStackTrace(err);
    }
    err.println(PREFIX + describe(failure));
    if (!stackTrace) {
      err.println("(" + QuietConsole.VERBOSE_OPTION + " shows the stack trace)");
    }
    err.flush();
    return command.getCommandSpec().exitCodeOnExecutionException();
  }

  /** The messages of {@code failure} and its causes, each left out when an earlier one holds it. */
  static String describe(Throwable failure) {
    List<String> parts = new ArrayList<>();
    for (Throwable t = failure; t != null && parts.size() < 8; t = t.getCause()) {
      String message = t.getMessage() != null ? t.getMessage() : t.getClass().getName();
      if (parts.stream().noneMatch(p -> p.contains(message))) {
        parts.add(message);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return String.join(": ", parts);
  }
}
