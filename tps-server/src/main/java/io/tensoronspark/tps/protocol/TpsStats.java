package io.tensoronspark.tps.protocol;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable snapshot of the server's counters since start. Serializes to JSON with Jackson
 * (record components).
 *
 * @param pushesApplied pushes merged (including scaled stale ones)
 * @param pushesDuplicate pushes answered without merging because their (attempt, sequence) was
 *     already applied
 * @param pushesRejected pushes refused with a 4xx (malformed, run mismatch, stale, superseded, too
 *     big)
 * @param pushesStaleRejected of the rejected, those refused as too stale
 * @param pushesStaleScaled of the applied, those merged scaled down for staleness
 * @param pushesSuperseded of the rejected, those refused because a newer attempt of their partition
 *     owns it
 * @param pulls pull requests answered
 * @param pullsSuperseded pulls refused because a newer attempt of their partition owns it
 * @param bytesIn request body bytes received on push
 * @param bytesOut reply body bytes sent by push and pull
 * @param authFailures requests refused with 401
 * @param busyRejections requests refused with 503 by the concurrency limit
 * @param mergeNanos wall time spent in merges, shard lock waits included
 * @param pushesByWorker applied pushes per worker id
 */
public record TpsStats(
    long pushesApplied,
    long pushesDuplicate,
    long pushesRejected,
    long pushesStaleRejected,
    long pushesStaleScaled,
    long pushesSuperseded,
    long pulls,
    long pullsSuperseded,
    long bytesIn,
    long bytesOut,
    long authFailures,
    long busyRejections,
    long mergeNanos,
    Map<Integer, Long> pushesByWorker) {

  /** Copies {@code pushesByWorker} into an unmodifiable map sorted by worker id. */
  public TpsStats {
    pushesByWorker = Collections.unmodifiableMap(new TreeMap<>(pushesByWorker));
  }
}
