package io.tensoronspark.session.driver;

import io.tensoronspark.session.EpochReport;
import io.tensoronspark.session.TrainingListener;
import io.tensoronspark.session.TrainingProgress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The session's registered {@link TrainingListener}s, called in registration order. Thread-safe:
 * listeners may be added while another thread calls them (copy-on-write).
 */
public final class ListenerList {

  private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();

  /** Adds {@code listener} after the ones already registered. */
  public void add(TrainingListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Removes {@code listener}; returns whether it was registered. */
  public boolean remove(TrainingListener listener) {
    return listeners.remove(listener);
  }

  void epochStart(int epoch, long expectedSamples) {
    for (TrainingListener l : listeners) {
      l.onEpochStart(epoch, expectedSamples);
    }
  }

  void progress(TrainingProgress progress) {
    for (TrainingListener l : listeners) {
      l.onProgress(progress);
    }
  }

  void epochEnd(EpochReport report) {
    for (TrainingListener l : listeners) {
      l.onEpochEnd(report);
    }
  }

  void validation(int epoch, String name, double value) {
    for (TrainingListener l : listeners) {
      l.onValidation(epoch, name, value);
    }
  }
}
