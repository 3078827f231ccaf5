package io.tensoronspark.tps;

import io.tensoronspark.tps.client.FaultInjectingTransport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test support (shared through the tps-server test jar): while open, every {@link TpsClient}
 * created in this JVM drops a share of its requests before sending and a share of its replies after
 * reading them, through a {@link FaultInjectingTransport}, so retries and the server's
 * deduplication are exercised. One at a time per JVM; close it in a finally block.
 */
public final class ClientFaults implements AutoCloseable {

  private final List<FaultInjectingTransport> transports = new CopyOnWriteArrayList<>();

  private ClientFaults(double dropRequestShare, double dropReplyShare, long seed) {
    FaultInjectingTransport.share(dropRequestShare, "dropRequestShare");
    FaultInjectingTransport.share(dropReplyShare, "dropReplyShare");
    AtomicLong seeds = new AtomicLong(seed);
    ClientTestSeam.install(
        http -> {
          FaultInjectingTransport t =
              new FaultInjectingTransport(
                  http, dropRequestShare, dropReplyShare, seeds.getAndIncrement());
          transports.add(t);
          return t;
        });
  }

  /**
   * Starts injecting; the n-th client created seeds its decisions with {@code seed + n}, so a
   * single-client test sees the same faults every run.
   */
  public static ClientFaults inject(double dropRequestShare, double dropReplyShare, long seed) {
    return new ClientFaults(dropRequestShare, dropReplyShare, seed);
  }

  /** Requests dropped before sending, over every client so far. */
  public long requestsDropped() {
    return transports.stream().mapToLong(FaultInjectingTransport::requestsDropped).sum();
  }

  /** Replies read and dropped (each after the server handled its request), over every client. */
  public long repliesDropped() {
    return transports.stream().mapToLong(FaultInjectingTransport::repliesDropped).sum();
  }

  /** Clients that were created with the faults. */
  public int clients() {
    return transports.size();
  }

  @Override
  public void close() {
    ClientTestSeam.install(null);
  }
}
