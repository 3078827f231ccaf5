package io.tensoronspark.tps.client;

import io.tensoronspark.tps.config.TpsClientConfig;
import io.tensoronspark.tps.protocol.HttpProtocol;
import io.tensoronspark.tps.wire.ReceiveProgress;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;

/**
 * An {@link HttpTransport} on the JDK {@link HttpClient} (HTTP/1.1, keep-alive). The whole request,
 * body included, is bounded by the request timeout. It receives the body whole, so it never tells a
 * {@link ReceiveProgress}. Used by one thread at a time.
 */
public final class JdkHttpTransport implements HttpTransport {

  private final URI endpoint;
  private final String authorization;
  private final String runId;
  private final Duration requestTimeout;
  private final HttpClient client;

  /**
   * A transport for {@code config}'s endpoint, token and timeouts ({@code sslContext} null for the
   * default).
   */
  public JdkHttpTransport(TpsClientConfig config, SSLContext sslContext) {
    this.endpoint = config.endpoint();
    this.authorization = HttpProtocol.BEARER_PREFIX + config.token();
    this.runId = Long.toString(config.runId());
    this.requestTimeout = Duration.ofMillis(config.requestTimeoutMillis());
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(config.connectTimeoutMillis()));
    if (sslContext != null) {
      builder.sslContext(sslContext);
    }
    this.client = builder.build();
  }

  @Override
  public HttpReply send(String method, String path, ByteBuffer body, ReceiveProgress progress)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint.resolve(path))
            .timeout(requestTimeout)
            .header("Authorization", authorization)
            .header(HttpProtocol.RUN_ID_HEADER, runId);
    if (body == null) {
      request.GET();
    } else {
      request.header("Content-Type", HttpProtocol.FRAME_CONTENT_TYPE);
      request.POST(publisher(body));
    }
    CompletableFuture<HttpResponse<byte[]>> future =
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> response;
    try {
      response = future.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new HttpTimeoutException(
          "request timed out after " + requestTimeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      throw new IOException(cause);
    } catch (InterruptedException e) {
      future.cancel(true);
      throw e;
    }
    return new HttpReply(
        response.statusCode(),
        ByteBuffer.wrap(response.body()),
        response.headers().firstValue(HttpProtocol.ERROR_CODE_HEADER).orElse(null),
        response
            .headers()
            .firstValue("Retry-After")
            .map(JdkHttpTransport::parseSeconds)
            .orElse(-1L));
  }

  private static HttpRequest.BodyPublisher publisher(ByteBuffer body) {
    if (body.hasArray()) {
      return HttpRequest.BodyPublishers.ofByteArray(
          body.array(), body.arrayOffset() + body.position(), body.remaining());
    }
    byte[] copy = new byte[body.remaining()];
    body.duplicate().get(copy);
    return HttpRequest.BodyPublishers.ofByteArray(copy);
  }

  static long parseSeconds(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    // The JDK 17 HttpClient has no close(); its selector thread ends once the client is
    // unreachable.
  }
}
