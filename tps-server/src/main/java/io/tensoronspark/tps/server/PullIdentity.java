package io.tensoronspark.tps.server;

import io.tensoronspark.tps.protocol.HttpProtocol;
import io.tensoronspark.tps.wire.FrameFormat;
import io.tensoronspark.tps.wire.FrameRejectedException;
import java.util.Deque;
import java.util.Map;

/**
 * The task attempt a pull names in its query ({@code ?worker=P&attempt=A}, both or neither), so
 * that the attempt claims its partition when it starts (see {@link AttemptOwnership}). Immutable.
 *
 * @param workerId the partition, 0 .. {@link FrameFormat#MAX_WORKER_ID}
 * @param taskAttemptId the Spark task attempt id
 */
record PullIdentity(int workerId, long taskAttemptId) {

  /**
   * Reads the identity from a request's query parameters.
   *
   * @return the identity, or null when the query names none
   * @throws FrameRejectedException 400 when only one of the two is given, either is given twice or
   *     is not a number, or the worker id is out of range
   */
  static PullIdentity fromQuery(Map<String, Deque<String>> query) throws FrameRejectedException {
    String worker = single(query, HttpProtocol.PULL_WORKER_PARAM);
    String attempt = single(query, HttpProtocol.PULL_ATTEMPT_PARAM);
    if (worker == null && attempt == null) {
      return null;
    }
    if (worker == null || attempt == null) {
      throw FrameRejectedException.malformed(
          "pull names its attempt with both '"
              + HttpProtocol.PULL_WORKER_PARAM
              + "' and '"
              + HttpProtocol.PULL_ATTEMPT_PARAM
              + "' or neither, got only '"
              + (worker != null ? HttpProtocol.PULL_WORKER_PARAM : HttpProtocol.PULL_ATTEMPT_PARAM)
              + "'");
    }
    long workerId = parse(worker, HttpProtocol.PULL_WORKER_PARAM);
    if (workerId < 0 || workerId > FrameFormat.MAX_WORKER_ID) {
      throw FrameRejectedException.malformed(
          "pull parameter '"
              + HttpProtocol.PULL_WORKER_PARAM
              + "' must be in 0.."
              + FrameFormat.MAX_WORKER_ID
              + ", got "
              + worker);
    }
    return new PullIdentity((int) workerId, parse(attempt, HttpProtocol.PULL_ATTEMPT_PARAM));
  }

  private static String single(Map<String, Deque<String>> query, String name)
      throws FrameRejectedException {
    Deque<String> values = query.get(name);
    if (values == null || values.isEmpty()) {
      return null;
    }
    if (values.size() > 1) {
      throw FrameRejectedException.malformed(
          "pull parameter '" + name + "' given " + values.size() + " times, expected once");
    }
    return values.getFirst();
  }

  private static long parse(String value, String name) throws FrameRejectedException {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw FrameRejectedException.malformed(
          "pull parameter '"
              + name
              + "' must be a decimal integer, got '"
              + ErrorReply.oneLine(value)
              + "'");
    }
  }
}
