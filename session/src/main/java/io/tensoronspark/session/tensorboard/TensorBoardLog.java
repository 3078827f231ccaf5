package io.tensoronspark.session.tensorboard;

import io.tensoronspark.session.EpochReport;
import io.tensoronspark.session.TrainingListener;
import io.tensoronspark.session.TrainingProgress;
import io.tensoronspark.tps.protocol.PushLog;
import io.tensoronspark.tps.protocol.PushRecord;
import io.tensoronspark.tps.protocol.TpsStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Writes a training run as TensorBoard scalars: per epoch (step = epoch) {@code epoch/train_loss},
 * {@code epoch/samples_per_second}, {@code epoch/sync_share}, {@code epoch/pushes}, {@code
 * epoch/pushes_duplicate}, {@code epoch/pushes_rejected}, {@code epoch/pushes_superseded} and
 * {@code epoch/wall_seconds}; per push (step = the TPS version the push produced) {@code push/loss}
 * (the push's mean loss) and {@code push/staleness}, at most {@link #MAX_PUSH_POINTS_PER_SECOND}
 * pushes a second (evenly thinned when more arrive); and whatever the program adds with {@link
 * #scalar} (e.g. {@code epoch/test_accuracy}). Flushed every {@link #FLUSH_MILLIS} during epochs,
 * at each epoch's end, after {@link #scalar} and at {@link #close}.
 *
 * <p>Threads: a {@link TrainingListener} (one session thread at a time) whose methods, like {@link
 * #scalar} and {@link #close} from any thread, hold this object's monitor. Owns its event file.
 */
public final class TensorBoardLog implements TrainingListener, AutoCloseable {

  /** Longest time between two flushes while an epoch runs. */
  public static final long FLUSH_MILLIS = 5_000;

  /** The most pushes written per second of training as {@code push/*} points. */
  public static final int MAX_PUSH_POINTS_PER_SECOND = 20;

  private final EventFileWriter writer;
  private final Supplier<PushLog> pushLog;
  private final Supplier<TpsStats> stats;
  private PushLog cursorLog;
  private long cursor;
  private TpsStats epochStartStats;
  private long lastFlushNanos = System.nanoTime();
  private long lastPushWriteNanos = System.nanoTime();
  private boolean closed;

  /**
   * A log writing to {@code writer}, reading pushes and counters of the session's TPS through the
   * suppliers (called only once an epoch has started).
   */
  public TensorBoardLog(
      EventFileWriter writer, Supplier<PushLog> pushLog, Supplier<TpsStats> stats) {
    this.writer = writer;
    this.pushLog = pushLog;
    this.stats = stats;
  }

  /** The directory and file written. */
  public String file() {
    return writer.file().toString();
  }

  /** Adds a scalar of the program's own, e.g. a test metric per epoch, and flushes. */
  public synchronized void scalar(String tag, long step, double value) {
    try {
      writer.scalar(tag, step, value);
      writer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing TensorBoard scalar " + tag + " to " + file(), e);
    }
  }

  @Override
  public synchronized void onEpochStart(int epoch, long expectedSamples) {
    PushLog log = follow(pushLog.get());
    cursor = Math.max(cursor, log.recorded());
    epochStartStats = stats.get();
    lastPushWriteNanos = System.nanoTime();
  }

  @Override
  public synchronized void onProgress(TrainingProgress progress) {
    try {
      writePushes();
      if (System.nanoTime() - lastFlushNanos >= FLUSH_MILLIS * 1_000_000) {
        flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing TensorBoard events to " + file(), e);
    }
  }

  @Override
  public synchronized void onEpochEnd(EpochReport report) {
    try {
      writePushes();
      long epoch = report.epoch();
      TpsStats now = stats.get();
      writer.scalar("epoch/train_loss", epoch, report.meanLoss());
      writer.scalar("epoch/samples_per_second", epoch, report.samplesPerSecond());
      writer.scalar("epoch/sync_share", epoch, report.syncShare());
      writer.scalar("epoch/pushes", epoch, report.pushes());
      writer.scalar("epoch/pushes_duplicate", epoch, report.pushesDuplicate());
      writer.scalar(
          "epoch/pushes_rejected", epoch, now.pushesRejected() - epochStartStats.pushesRejected());
      writer.scalar("epoch/pushes_superseded", epoch, report.pushesSuperseded());
      writer.scalar("epoch/wall_seconds", epoch, report.wallMillis() / 1000.0);
      flush();
    } catch (IOException e) {
      throw new UncheckedIOException("writing TensorBoard events to " + file(), e);
    }
  }

  /**
   * Writes the pushes applied since the last call, thinned evenly to the rate bound for the time
   * since then.
   */
  private void writePushes() throws IOException {
    List<PushRecord> records = follow(pushLog.get()).since(cursor);
    if (records.isEmpty()) {
      return;
    }
    cursor = records.get(records.size() - 1).index() + 1;
    long now = System.nanoTime();
    double seconds = Math.max(0.001, (now - lastPushWriteNanos) / 1e9);
    lastPushWriteNanos = now;
    int n = records.size();
    int kept = (int) Math.min(n, Math.max(1, Math.ceil(seconds * MAX_PUSH_POINTS_PER_SECOND)));
    for (int j = 1; j <= kept; j++) {
      // evenly spread, ascending, always ending with the newest push
      PushRecord r = records.get((int) ((long) j * n / kept) - 1);
      if (r.samples() > 0) {
        writer.scalar("push/loss", r.version(), r.meanLoss());
      }
      writer.scalar("push/staleness", r.version(), r.staleness());
    }
  }

  /**
   * {@code log}, the cursor starting over when it is another TPS's (a restarted TPS, after {@code
   * FitOptions.restoreBest}, has a new log counting from 0).
   */
  private PushLog follow(PushLog log) {
    if (log != cursorLog) {
      cursorLog = log;
      cursor = 0;
    }
    return log;
  }

  private void flush() throws IOException {
    writer.flush();
    lastFlushNanos = System.nanoTime();
  }

  /** Flushes and closes the event file. Idempotent. */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    writer.close();
  }
}
