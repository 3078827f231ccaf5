package io.tensoronspark.tps;

import io.tensoronspark.tps.protocol.HttpProtocol;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A plain JDK HTTP client for tests that send hand-made requests (wrong tokens, broken frames). */
final class RawHttp {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
  private final URI endpoint;

  RawHttp(URI endpoint) {
    this.endpoint = endpoint;
  }

  HttpResponse<byte[]> post(String path, String authorization, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint.resolve(path))
            .timeout(TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /**
   * Posts {@code body} with chunked transfer encoding (no Content-Length), so the server learns the
   * body's length only at its end.
   */
  HttpResponse<byte[]> postChunked(String path, String authorization, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint.resolve(path))
            .timeout(TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<byte[]> get(String path, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint.resolve(path)).timeout(TIMEOUT).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /**
   * Opens a raw connection to {@code server} and sends a push head announcing all of {@code frame}
   * but only its first {@code sent} bytes; returns the open socket (the caller sends the rest,
   * closes its side, or waits).
   */
  static Socket partialPush(TpsServer server, byte[] frame, int sent) throws IOException {
    Socket socket = new Socket(server.endpoint().getHost(), server.endpoint().getPort());
    try {
      OutputStream out = socket.getOutputStream();
      String head =
          "POST "
              + HttpProtocol.PUSH_PATH
              + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
              + server.token()
              + "\r\nContent-Length: "
              + frame.length
              + "\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(frame, 0, sent);
      out.flush();
      return socket;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /**
   * Sends {@code request} (head and any body, ASCII) on a new connection, closes the sending side
   * and returns everything the server answers until it closes the connection.
   */
  static String roundTrip(TpsServer server, String request) throws IOException {
    try (Socket socket = new Socket(server.endpoint().getHost(), server.endpoint().getPort())) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      socket.shutdownOutput();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /**
   * Reads one answer head (status line and headers, up to the empty line) and, when it declares a
   * Content-Length, its body; returns the head and body as text.
   */
  static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed after " + head);
      }
      head.append((char) b);
    }
    String text = head.toString();
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        int length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
        byte[] body = in.readNBytes(length);
        return text + new String(body, StandardCharsets.ISO_8859_1);
      }
    }
    return text;
  }

  static byte[] bytes(ByteBuffer frame) {
    ByteBuffer copy = frame.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }
}
