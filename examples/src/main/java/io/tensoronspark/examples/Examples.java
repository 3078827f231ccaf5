package io.tensoronspark.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The entry point of the examples jar: {@code java -jar tensoronspark-examples.jar <example>
 * [options]}.
 */
@Command(
    name = "tensoronspark-examples",
    mixinStandardHelpOptions = true,
    description = "TensorOnSpark for Java examples.",
    subcommands = {
      MnistSoftmax.class,
      MnistMlp.class,
      MnistCnn.class,
      MnistDataSetup.class,
      CompareCombiners.class,
      CombinerQuality.class,
      MnistPipeline.class
    })
public final class Examples implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) throws Exception {
    int relaunched = QuietConsole.relaunch(Examples.class, args);
    if (relaunched >= 0) {
      System.exit(relaunched);
    }
    QuietConsole.applyLogLevel(args);
    System.exit(
        new CommandLine(new Examples())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setExecutionExceptionHandler(new CliFailure(QuietConsole.verbose(args)))
            .execute(args));
  }
}
