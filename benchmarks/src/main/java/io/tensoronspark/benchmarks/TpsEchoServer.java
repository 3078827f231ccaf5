package io.tensoronspark.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline of {@link TpsRoundTripBenchmark}: a raw loopback TCP echo of length-prefixed
 * messages, one blocking thread per connection, direct buffers, no parsing beyond the 4-byte
 * length. What a round trip of the same bytes costs with nothing but the kernel in the way. Owns
 * its threads; {@link #close} stops them.
 */
final class TpsEchoServer implements AutoCloseable {

  private final ServerSocketChannel listener;
  private final List<SocketChannel> connections = new ArrayList<>();
  private final Thread acceptor;

  TpsEchoServer() throws IOException {
    listener = ServerSocketChannel.open();
    listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    acceptor = new Thread(this::acceptLoop, "echo-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() throws IOException {
    return ((InetSocketAddress) listener.getLocalAddress()).getPort();
  }

  private void acceptLoop() {
    try {
      while (true) {
        SocketChannel connection = listener.accept();
        connection.setOption(StandardSocketOptions.TCP_NODELAY, true);
        synchronized (connections) {
          connections.add(connection);
        }
        Thread echo = new Thread(() -> echoLoop(connection), "echo");
        echo.setDaemon(true);
        echo.start();
      }
    } catch (ClosedChannelException e) {
      // close() ends the loop.
    } catch (IOException e) {
      throw new IllegalStateException("echo accept failed", e);
    }
  }

  private static void echoLoop(SocketChannel connection) {
    ByteBuffer length = ByteBuffer.allocateDirect(4);
    ByteBuffer data = ByteBuffer.allocateDirect(1);
    try {
      while (true) {
        length.clear();
        if (!readFully(connection, length)) {
          return;
        }
        int n = length.flip().getInt();
        if (data.capacity() < n) {
          data = ByteBuffer.allocateDirect(n);
        }
        data.clear().limit(n);
        if (!readFully(connection, data)) {
          return;
        }
        data.flip();
        while (data.hasRemaining()) {
          connection.write(data);
        }
      }
    } catch (IOException e) {
      // The client went away: the connection's thread ends.
    }
  }

  static boolean readFully(SocketChannel channel, ByteBuffer into) throws IOException {
    while (into.hasRemaining()) {
      if (channel.read(into) < 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    listener.close();
    synchronized (connections) {
      for (SocketChannel c : connections) {
        c.close();
      }
    }
  }
}
