package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.client.PushFrameEncoder;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.HttpProtocol;
import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import io.tensoronspark.tps.protocol.PushHeader;
import io.tensoronspark.tps.wire.FrameHeader;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many pushes aborted mid-body (the client resets the connection), from several clients at once, on
 * both body paths: the pool of request and reply buffers never holds more than its documented
 * ceiling (every buffer is reused, none is left for a GC to free), the buffers of aborted requests
 * come back at once (the slots are free again), and whole pushes still merge afterwards.
 */
@org.junit.jupiter.api.Timeout(120)
class AbortedPushMemoryTest {

  private static final int CLIENTS = 4;
  private static final int ABORTS_PER_CLIENT = 250;

  @ParameterizedTest
  @ValueSource(ints = {30_000, 300_000}) // read on the I/O thread; on a worker thread
  void abortedPushesReleaseTheirBuffersAtOnceAndStayUnderTheCeiling(int floats) throws Exception {
    List<ParameterSpec> specs = List.of(new ParameterSpec("w", new long[] {floats}));
    TpsServerConfig config = TpsServerConfig.builder().maxConcurrentRequests(4).build();
    try (TpsServer server = TpsServer.start(config, specs, List.of(new float[floats]))) {
      byte[] frame =
          RawHttp.bytes(
              new PushFrameEncoder(specs, PayloadEncoding.F32, 0.1)
                  .encode(
                      new FrameHeader((short) 0, server.runId(), 0, 1, 0, 0, 1),
                      new float[][] {new float[floats]}));
      // Direct, allocated before measuring: the clients' socket writes need no temporary buffers.
      List<ByteBuffer> sends = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        sends.add(ByteBuffer.allocateDirect(frame.length).put(frame).flip());
      }
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (ByteBuffer send : sends) {
          done.add(clients.submit(() -> abortPushes(server, send)));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        clients.shutdown();
      }
      assertTrue(
          server.bodyBufferBytes() <= server.bodyBufferCeilingBytes(),
          server.bodyBufferBytes() + " > ceiling " + server.bodyBufferCeilingBytes());
      try (TpsClient client = new TpsClient(server.clientConfig().build(), specs)) {
        float[][] ones = {new float[floats]};
        java.util.Arrays.fill(ones[0], 1f);
        assertEquals(
            1,
            client.pushAndPull(
                new PushHeader(0, 2, 0, 0), ones, new float[][] {new float[floats]}));
      }
    }
  }

  private static Void abortPushes(TpsServer server, ByteBuffer frame) throws Exception {
    byte[] head =
        ("POST "
                + HttpProtocol.PUSH_PATH
                + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                + server.token()
                + "\r\nContent-Length: "
                + frame.limit()
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    ByteBuffer headBuffer = ByteBuffer.allocateDirect(head.length).put(head);
    InetSocketAddress address =
        new InetSocketAddress(server.endpoint().getHost(), server.endpoint().getPort());
    for (int i = 0; i < ABORTS_PER_CLIENT; i++) {
      try (SocketChannel channel = SocketChannel.open(address)) {
        channel.setOption(StandardSocketOptions.SO_LINGER, 0); // close sends a reset
        headBuffer.flip();
        channel.write(headBuffer);
        ByteBuffer half = frame.duplicate().limit(frame.limit() / 2);
        while (half.hasRemaining()) {
          channel.write(half);
        }
        headBuffer.limit(headBuffer.capacity());
      }
    }
    return null;
  }
}
