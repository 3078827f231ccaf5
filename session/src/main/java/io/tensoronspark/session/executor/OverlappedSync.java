package io.tensoronspark.session.executor;

import io.tensoronspark.combiners.Combiner;
import io.tensoronspark.session.model.ParameterAccess;
import io.tensoronspark.tps.TpsClient;
import io.tensoronspark.tps.protocol.PushHeader;
import io.tensoronspark.tps.protocol.StalePushException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tensorflow.Session;

/**
 * The parameter exchange with communication overlapped: the push-and-pull of sync point k runs on a
 * thread of its own while the task trains on; at sync point k + 1 the task takes the reply in
 * without losing the steps made meanwhile, W := M + (W now - W at send), B := M, and sends the
 * progress since then. At most one round trip is in flight. Only for combiners whose worker half is
 * the default one (send W - B, keep the merged value): for them the fold equals what a blocking
 * exchange followed by the same local steps would have produced. {@link #refusal} names the others.
 * A push refused as stale is dropped and the reply replaced by a fresh pull, as in {@link
 * ParameterSync}.
 *
 * <p>Threads: the task thread calls every method; the exchange thread only runs {@link
 * TpsClient#pushAndPull} into {@code merged} from {@code payload}, which the task thread does not
 * touch until it has waited for that round trip. {@link #close()} stops the thread.
 */
public final class OverlappedSync extends ParameterSync {

  private final float[][] sent;
  private final ExecutorService exchange;
  private Future<Long> inFlight;

  OverlappedSync(
      TpsClient client,
      Combiner combiner,
      ParameterAccess access,
      Session session,
      int workerId,
      long taskAttemptId) {
    super(client, combiner, access, session, workerId, taskAttemptId);
    String refusal = refusal(combiner);
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
    this.sent = access.newArrays();
    this.exchange =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "tensoronspark-sync-partition-" + workerId);
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Why {@code combiner} cannot overlap communication, or null when it can: its worker half must be
   * {@link Combiner}'s default (payload W - B, keep the merged value).
   */
  public static String refusal(Combiner combiner) {
    try {
      Class<?> c = combiner.getClass();
      Class<?> payload =
          c.getMethod("preparePayload", float[].class, float[].class, float[].class)
              .getDeclaringClass();
      Class<?> reply =
          c.getMethod("afterReply", float[].class, float[].class, float[].class, float[].class)
              .getDeclaringClass();
      if (payload == Combiner.class && reply == Combiner.class) {
        return null;
      }
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("Combiner lost its worker half: " + e, e);
    }
    return "overlapSync needs a combiner that sends W - B and keeps the merged value (delta-sum,"
        + " model-averaging, dynsgd, server-momentum or a custom one with Combiner's default worker"
        + " half); "
        + combiner.name()
        + " has its own worker half, so a reply folded in while training went on would be wrong:"
        + " turn overlapSync off for it";
  }

  /** Takes the reply in flight in (if any) and starts the next round trip; does not wait for it. */
  @Override
  void pushAndPull() {
    access.read(session, local);
    boolean folded = awaitAndFold();
    for (int i = 0; i < local.length; i++) {
      combiner.preparePayload(local[i], base[i], payload[i]);
      System.arraycopy(local[i], 0, sent[i], 0, local[i].length);
    }
    PushHeader header = nextHeader();
    inFlight = exchange.submit(() -> client.pushAndPull(header, payload, merged));
    if (folded) {
      access.assign(session, local);
    }
  }

  /** Takes the reply in flight in, then one blocking round trip for the steps since, if any. */
  @Override
  void finish(boolean unsyncedSteps) {
    if (inFlight != null) {
      access.read(session, local);
      awaitAndFold();
      access.assign(session, local);
    }
    if (unsyncedSteps) {
      super.pushAndPull();
    }
  }

  /** Drops the local progress: the reply in flight becomes the values and the base. */
  @Override
  void restoreBase() {
    if (inFlight != null) {
      access.read(session, local);
      awaitAndFold();
    }
    super.restoreBase();
  }

  /**
   * W := M + (W - W at send), B := M for the round trip in flight; false when none was. A push the
   * TPS refused as too stale is dropped as in the blocking exchange: M is then the TPS's current
   * values, pulled now, so the steps made since the send are kept.
   */
  private boolean awaitAndFold() {
    if (inFlight == null) {
      return false;
    }
    try {
      baseVersion = await(inFlight);
      countPush();
    } catch (StalePushException e) { // counted by the TPS, reported in the EpochReport
      baseVersion = pullInto(merged);
    } finally {
      inFlight = null;
    }
    for (int i = 0; i < local.length; i++) {
      float[] w = local[i];
      float[] m = merged[i];
      float[] s = sent[i];
      for (int j = 0; j < w.length; j++) {
        w[j] = m[j] + (w[j] - s[j]);
      }
      System.arraycopy(m, 0, base[i], 0, m.length);
    }
    return true;
  }

  private static long await(Future<Long> push) {
    try {
      return push.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a push to the TPS", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("push to the TPS failed: " + e.getCause(), e.getCause());
    }
  }

  @Override
  public void close() {
    exchange.shutdownNow();
  }
}
