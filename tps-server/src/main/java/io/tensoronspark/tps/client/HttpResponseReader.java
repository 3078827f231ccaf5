package io.tensoronspark.tps.client;

import io.tensoronspark.tps.protocol.HttpProtocol;
import io.tensoronspark.tps.wire.ReceiveProgress;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 response from a {@link DeadlineChannel}: status line, headers, and a body with
 * Content-Length (read straight into a reused direct buffer, in slices that the {@link
 * ReceiveProgress} may decode as they arrive), chunked, or delimited by the connection's end. Used
 * by one thread; owns its buffers; the returned body is valid until the next {@link #read}.
 */
final class HttpResponseReader {

  /** The most header bytes accepted. */
  static final int MAX_HEAD_BYTES = 16 * 1024;

  /** What was read. */
  record Response(HttpReply reply, boolean keepAlive) {}

  private final ByteBuffer in = ByteBuffer.allocateDirect(MAX_HEAD_BYTES);
  private ByteBuffer body = ByteBuffer.allocateDirect(64 * 1024);
  private DeadlineChannel channel;
  private long deadline;
  private ReceiveProgress progress;

  /** Reads a response; {@code progress} is told after every read of a 200's body. */
  Response read(DeadlineChannel from, long deadlineNanos, ReceiveProgress progress)
      throws IOException {
    this.channel = from;
    this.deadline = deadlineNanos;
    this.progress = ReceiveProgress.NONE;
    in.clear().flip();
    int status = parseStatus(readLine());
    long contentLength = -1;
    boolean chunked = false;
    boolean close = false;
    String errorCode = null;
    long retryAfter = -1;
    for (String line = readLine(); !line.isEmpty(); line = readLine()) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IOException("malformed response header line: " + line);
      }
      String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> contentLength = parseLong(value, "Content-Length");
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> close = value.equalsIgnoreCase("close");
        case "retry-after" -> retryAfter = JdkHttpTransport.parseSeconds(value);
        default -> {
          if (name.equalsIgnoreCase(HttpProtocol.ERROR_CODE_HEADER)) {
            errorCode = value;
          }
        }
      }
    }
    body.clear();
    this.progress = status == 200 ? progress : ReceiveProgress.NONE;
    if (chunked) {
      readChunked();
    } else if (contentLength >= 0) {
      readFixed(contentLength);
    } else {
      readToEnd();
      close = true;
    }
    body.flip();
    return new Response(new HttpReply(status, body.duplicate(), errorCode, retryAfter), !close);
  }

  private static int parseStatus(String line) throws IOException {
    if (!line.startsWith("HTTP/1.") || line.length() < 12) {
      throw new IOException("malformed status line: " + line);
    }
    return (int) parseLong(line.substring(9, 12), "status");
  }

  private static long parseLong(String value, String what) throws IOException {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IOException("malformed " + what + ": " + value, e);
    }
  }

  private void readFixed(long length) throws IOException {
    if (length > Integer.MAX_VALUE - 8) {
      throw new IOException("response body of " + length + " bytes is too large");
    }
    ensureBody((int) length);
    copyBuffered((int) length);
    int received = body.position();
    progress.received(body, received);
    while (received < length) {
      body.limit(body.position() + (int) Math.min(ReceiveProgress.SLICE_BYTES, length - received));
      int n = channel.read(body, deadline);
      if (n < 0) {
        throw new EOFException(
            "connection closed after " + received + " of " + length + " body bytes");
      }
      received += n;
      progress.received(body, received);
    }
    body.limit(body.capacity());
  }

  private void readChunked() throws IOException {
    while (true) {
      String sizeLine = readLine();
      int semicolon = sizeLine.indexOf(';');
      long size;
      try {
        size =
            Long.parseLong(
                (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("malformed chunk size: " + sizeLine, e);
      }
      if (size == 0) {
        while (!readLine().isEmpty()) {
          // Trailer fields carry nothing the client needs.
        }
        return;
      }
      readFixedAppend(size);
      if (!readLine().isEmpty()) {
        throw new IOException("missing CRLF after a chunk");
      }
    }
  }

  private void readFixedAppend(long size) throws IOException {
    long target = body.position() + size;
    if (target > Integer.MAX_VALUE - 8) {
      throw new IOException("chunked response body is too large");
    }
    ensureBody((int) target);
    copyBuffered((int) target);
    progress.received(body, body.position());
    while (body.position() < target) {
      body.limit((int) target);
      if (channel.read(body, deadline) < 0) {
        throw new EOFException("connection closed inside a chunk");
      }
      progress.received(body, body.position());
    }
    body.limit(body.capacity());
  }

  private void readToEnd() throws IOException {
    copyBuffered(Integer.MAX_VALUE);
    while (true) {
      if (!body.hasRemaining()) {
        ensureBody(body.capacity() * 2);
      }
      if (channel.read(body, deadline) < 0) {
        return;
      }
    }
  }

  /** Moves bytes already read past the headers into the body, up to body position {@code limit}. */
  private void copyBuffered(int limit) {
    int n = Math.min(in.remaining(), Math.min(limit - body.position(), body.remaining()));
    ByteBuffer slice = in.duplicate();
    slice.limit(in.position() + n);
    body.put(slice);
    in.position(in.position() + n);
  }

  private void ensureBody(int capacity) {
    if (body.capacity() < capacity) {
      ByteBuffer bigger = ByteBuffer.allocateDirect(capacity);
      body.flip();
      bigger.put(body);
      body = bigger;
    }
  }

  /**
   * One CRLF-terminated line (without the CRLF), as ASCII, refilling from the channel as needed.
   */
  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder(64);
    while (true) {
      while (in.hasRemaining()) {
        char c = (char) (in.get() & 0xff);
        if (c == '\n') {
          int end = line.length();
          return end > 0 && line.charAt(end - 1) == '\r'
              ? line.substring(0, end - 1)
              : line.toString();
        }
        line.append(c);
        if (line.length() > MAX_HEAD_BYTES) {
          throw new IOException("response line longer than " + MAX_HEAD_BYTES + " bytes");
        }
      }
      in.clear();
      int n = channel.read(in, deadline);
      in.flip();
      if (n < 0) {
        throw new EOFException("connection closed before the reply was complete");
      }
    }
  }
}
