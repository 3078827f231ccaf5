package io.tensoronspark.tps.client;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP answer as the client needs it. Immutable reference; {@code body} is owned by the
 * transport and valid until its next request.
 *
 * @param status the HTTP status
 * @param body the body bytes (position 0, limit = length)
 * @param errorCode the {@code X-TPS-Error} header, or null
 * @param retryAfterSeconds the {@code Retry-After} header in seconds, or -1
 */
public record HttpReply(int status, ByteBuffer body, String errorCode, long retryAfterSeconds) {

  /** The body as one line of text (for error answers), shortened. */
  public String reasonLine() {
    ByteBuffer copy = body.duplicate();
    byte[] bytes = new byte[Math.min(copy.remaining(), 400)];
    copy.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8).trim().replaceAll("[\\r\\n]+", " ");
  }
}
