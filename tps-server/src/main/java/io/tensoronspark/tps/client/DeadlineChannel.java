package io.tensoronspark.tps.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A non-blocking {@link SocketChannel} with its own {@link Selector}, so that every connect, write
 * and read waits at most until a deadline (blocking socket writes cannot time out). Reads and
 * writes go straight between the kernel and the caller's buffers (direct buffers avoid the JDK's
 * temporary copies). Used by one thread; owns the channel and the selector; {@link #close} is
 * idempotent.
 */
final class DeadlineChannel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DeadlineChannel.class);

  private final SocketChannel channel;
  private final Selector selector;
  private final SelectionKey key;

  private DeadlineChannel(SocketChannel channel, Selector selector, SelectionKey key) {
    this.channel = channel;
    this.selector = selector;
    this.key = key;
  }

  /** Connects within {@code timeoutMillis}. */
  static DeadlineChannel connect(InetSocketAddress address, long timeoutMillis) throws IOException {
    SocketChannel channel = SocketChannel.open();
    Selector selector = null;
    try {
      channel.configureBlocking(false);
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      selector = Selector.open();
      SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
      DeadlineChannel result = new DeadlineChannel(channel, selector, key);
      if (!channel.connect(address)) {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!channel.finishConnect()) {
          result.await(SelectionKey.OP_CONNECT, deadline, "connecting to " + address);
        }
      }
      return result;
    } catch (IOException | RuntimeException e) {
      channel.close();
      if (selector != null) {
        selector.close();
      }
      throw e;
    }
  }

  /**
   * Writes every byte of {@code buffers} before {@code deadlineNanos} (a {@link System#nanoTime()}
   * value).
   */
  void writeFully(ByteBuffer[] buffers, long deadlineNanos) throws IOException {
    ByteBuffer last = buffers[buffers.length - 1];
    while (last.hasRemaining() || anyRemaining(buffers)) {
      if (channel.write(buffers) == 0) {
        await(SelectionKey.OP_WRITE, deadlineNanos, "sending the request");
      }
    }
  }

  private static boolean anyRemaining(ByteBuffer[] buffers) {
    for (ByteBuffer b : buffers) {
      if (b.hasRemaining()) {
        return true;
      }
    }
    return false;
  }

  /**
   * Reads at least one byte into {@code into} before the deadline.
   *
   * @return the bytes read, or -1 at end of stream
   */
  int read(ByteBuffer into, long deadlineNanos) throws IOException {
    while (true) {
      int n = channel.read(into);
      if (n != 0 || !into.hasRemaining()) {
        return n;
      }
      await(SelectionKey.OP_READ, deadlineNanos, "waiting for the reply");
    }
  }

  private void await(int op, long deadlineNanos, String what) throws IOException {
    long leftMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
    if (leftMillis <= 0) {
      throw new SocketTimeoutException("timed out " + what);
    }
    key.interestOps(op);
    selector.select(leftMillis);
    selector.selectedKeys().clear();
  }

  /** Whether the connection is still open (it may still have been closed by the peer). */
  boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      LOG.debug("closing the connection failed", e);
    } finally {
      try {
        selector.close();
      } catch (IOException e) {
        LOG.debug("closing the selector failed", e);
      }
    }
  }
}
