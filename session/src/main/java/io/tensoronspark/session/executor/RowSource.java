package io.tensoronspark.session.executor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * The rows of one partition in training order, remembering each row's index in the partition as
 * Spark gave it, so errors name the row the user can find even after shuffling. Used by one task
 * thread.
 */
abstract class RowSource {

  abstract boolean hasNext();

  /** The next row; {@link #index()} then names its position in the original partition. */
  abstract Object[] next();

  /** The original index of the row last returned by {@link #next()}. */
  abstract long index();

  /** The rows in Spark's order, streamed. */
  static RowSource inOrder(Iterator<Object[]> rows) {
    return new RowSource() {
      private long index = -1;

      @Override
      boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      Object[] next() {
        index++;
        return rows.next();
      }

      @Override
      long index() {
        return index;
      }
    };
  }

  /** The rows materialised and visited in a random order drawn from {@code seed}. */
  static RowSource shuffled(Iterator<Object[]> rows, long seed) {
    List<Object[]> all = new ArrayList<>();
    rows.forEachRemaining(all::add);
    int[] order = new int[all.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Random random = new Random(seed);
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return new RowSource() {
      private int position = -1;

      @Override
      boolean hasNext() {
        return position + 1 < order.length;
      }

      @Override
      Object[] next() {
        position++;
        return all.get(order[position]);
      }

      @Override
      long index() {
        return order[position];
      }
    };
  }
}
