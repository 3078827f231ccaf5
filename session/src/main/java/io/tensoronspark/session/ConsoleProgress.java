package io.tensoronspark.session;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A console progress bar per epoch (me.tongfei:progressbar): samples done of the epoch's total,
 * samples/s, elapsed time and ETA, the running loss and the pushes so far. On a terminal it is
 * redrawn in place every {@link #TERMINAL_UPDATE_MILLIS}; otherwise (a CI log, a pipe) it prints a
 * plain line every {@link #PLAIN_UPDATE_MILLIS} and one at the epoch's end. One call attaches it:
 * {@code ConsoleProgress.attach(session, rowsPerEpoch)}.
 *
 * <p>Threads: a {@link TrainingListener}; the session calls it from one thread at a time (see
 * there). The progress bar library redraws from a thread of its own, stopped at each epoch's end.
 */
public final class ConsoleProgress implements TrainingListener {

  /** How often the bar is redrawn on a terminal. */
  public static final int TERMINAL_UPDATE_MILLIS = 250;

  /** How often a plain progress line is printed when the output is not a terminal. */
  public static final int PLAIN_UPDATE_MILLIS = 10_000;

  /** The width of a plain progress line. */
  static final int PLAIN_LINE_CHARS = 140;

  private final PrintStream out;
  private final boolean terminal;
  private final long samplesPerEpoch;
  private final int plainUpdateMillis;
  private ProgressBar bar;

  /**
   * A progress display on {@code out}.
   *
   * @param terminal redraw in place (true) or print plain periodic lines
   * @param samplesPerEpoch the bar's total, or -1 to use the previous epoch's sample count (the
   *     first epoch's bar then has no total)
   */
  public ConsoleProgress(PrintStream out, boolean terminal, long samplesPerEpoch) {
    this(out, terminal, samplesPerEpoch, PLAIN_UPDATE_MILLIS);
  }

  ConsoleProgress(PrintStream out, boolean terminal, long samplesPerEpoch, int plainUpdateMillis) {
    this.out = out;
    this.terminal = terminal;
    this.samplesPerEpoch = samplesPerEpoch;
    this.plainUpdateMillis = plainUpdateMillis;
  }

  /**
   * Attaches a progress bar on standard output to {@code session}, redrawn in place when the
   * program runs on a terminal.
   *
   * @param samplesPerEpoch the rows one epoch trains on (the bar's total), or -1 when unknown
   * @return the listener, e.g. to {@link DistributedSession#removeListener remove} it
   */
  public static ConsoleProgress attach(DistributedSession session, long samplesPerEpoch) {
    ConsoleProgress progress =
        new ConsoleProgress(System.out, System.console() != null, samplesPerEpoch);
    session.addListener(progress);
    return progress;
  }

  @Override
  public void onEpochStart(int epoch, long expectedSamples) {
    if (bar != null) {
      bar.close(); // the previous epoch failed before its end
    }
    long total = samplesPerEpoch > 0 ? samplesPerEpoch : expectedSamples;
    ProgressBarConsumer consumer =
        terminal
            ? new ConsoleProgressBarConsumer(out)
            : new DelegatingProgressBarConsumer(out::println, PLAIN_LINE_CHARS);
    bar =
        new ProgressBarBuilder()
            .setTaskName("epoch " + epoch)
            .setInitialMax(total > 0 ? total : -1)
            .setUnit(" samples", 1)
            .showSpeed()
            .setStyle(terminal ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(terminal ? TERMINAL_UPDATE_MILLIS : plainUpdateMillis)
            .setConsumer(consumer)
            .build();
    bar.setExtraMessage(" | waiting for the first push");
  }

  @Override
  public void onProgress(TrainingProgress progress) {
    if (bar == null) {
      return;
    }
    bar.stepTo(progress.samples());
    bar.setExtraMessage(
        String.format(
            Locale.ROOT, " | loss %.4f | %d pushes", progress.recentLoss(), progress.pushes()));
  }

  @Override
  public void onEpochEnd(EpochReport report) {
    if (bar == null) {
      return;
    }
    bar.maxHint(report.samples());
    bar.stepTo(report.samples());
    bar.setExtraMessage(
        String.format(Locale.ROOT, " | loss %.4f | %d pushes", report.meanLoss(), report.pushes()));
    bar.close();
    bar = null;
  }
}
