package io.tensoronspark.session.executor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded, reference-counted LRU cache of {@link AutoCloseable} resources (loaded models, TF
 * sessions), e.g. one model per version in an executor JVM.
 *
 * <p>{@link #acquire} returns a {@link Lease} on the entry for a key, loading it on first use; the
 * caller closes the lease when done. At most {@code maxEntries} entries are cached: loading one
 * more evicts the least recently acquired. An evicted entry is closed as soon as no lease on it is
 * open (at once when none is), so a task never sees its resource closed under it; a task still
 * holding an evicted entry keeps it open only until it releases it.
 *
 * <p>Threading: every method may be called from any thread. A key is loaded once even when several
 * threads ask for it at the same time (the others wait for that load); different keys load in
 * parallel. Loading and closing run outside the cache's lock. A failed load is not cached: its
 * exception goes to every waiting caller and the next {@code acquire} tries again.
 *
 * <p>Ownership: the cache owns every value its loader returned and closes each exactly once (on
 * eviction, or on {@link #close()}); callers must not close values themselves.
 *
 * @param <K> the key (e.g. a model path naming its version)
 * @param <V> the cached resource
 */
public final class BoundedResourceCache<K, V extends AutoCloseable> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BoundedResourceCache.class);

  private final String name;
  private final int maxEntries;
  private final Object lock = new Object();
  // access order: the eldest is the least recently acquired
  private final LinkedHashMap<K, Entry<V>> entries = new LinkedHashMap<>(16, 0.75f, true);
  private int loads;
  private int closes;
  private boolean closed;

  /**
   * @param name what the cache holds, for logs and errors (e.g. "SavedModel")
   * @param maxEntries the most entries kept at once, at least 1
   */
  public BoundedResourceCache(String name, int maxEntries) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException(
          "maxEntries of the " + name + " cache must be at least 1, got " + maxEntries);
    }
    this.name = Objects.requireNonNull(name, "name");
    this.maxEntries = maxEntries;
  }

  /**
   * A lease on the value for {@code key}, loaded with {@code loader} if it is not cached. Close the
   * lease when done with the value (try-with-resources).
   *
   * @throws RuntimeException what the loader threw, when loading failed (nothing is cached then)
   * @throws IllegalStateException when the cache is closed
   */
  public Lease<V> acquire(K key, Function<? super K, ? extends V> loader) {
    Objects.requireNonNull(key, "key");
    Entry<V> entry;
    boolean mustLoad;
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the " + name + " cache is closed");
      }
      entry = entries.get(key);
      mustLoad = entry == null;
      if (mustLoad) {
        entry = new Entry<>();
        entries.put(key, entry);
      }
      entry.leases++;
    }
    if (mustLoad) {
      load(key, entry, loader);
    } else {
      awaitLoad(entry);
    }
    return new Lease<>(this, entry);
  }

  private void load(K key, Entry<V> entry, Function<? super K, ? extends V> loader) {
    V value;
    try {
      value = Objects.requireNonNull(loader.apply(key), "the loader returned null");
    } catch (RuntimeException | Error e) {
      synchronized (lock) {
        entries.remove(key, entry);
        entry.leases--;
        entry.failure = e;
      }
      entry.loaded.countDown();
      throw e;
    }
    List<Entry<V>> toClose;
    synchronized (lock) {
      entry.value = value;
      loads++;
      toClose = evictOverBound();
      if (closed) {
        entry.evicted = true; // the cache closed while this loaded: close at the lease's release
      }
    }
    entry.loaded.countDown();
    closeAll(toClose);
  }

  private void awaitLoad(Entry<V> entry) {
    boolean interrupted = false;
    while (true) {
      try {
        entry.loaded.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the load runs on another thread and will finish; wait for it
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable failure;
    synchronized (lock) {
      failure = entry.failure;
      if (failure != null) {
        entry.leases--;
      }
    }
    if (failure instanceof RuntimeException re) {
      throw re;
    }
    if (failure instanceof Error er) {
      throw er;
    }
  }

  /** Called with the lock held; returns the evicted entries that can be closed now. */
  private List<Entry<V>> evictOverBound() {
    List<Entry<V>> toClose = new ArrayList<>();
    Iterator<Map.Entry<K, Entry<V>>> it = entries.entrySet().iterator();
    while (entries.size() > maxEntries && it.hasNext()) {
      Map.Entry<K, Entry<V>> eldest = it.next();
      Entry<V> e = eldest.getValue();
      if (e.value == null) {
        continue; // still loading on another thread: keep it, evict the next eldest
      }
      it.remove();
      e.evicted = true;
      LOG.debug("{} cache evicts {} ({} leases open)", name, eldest.getKey(), e.leases);
      if (e.leases == 0) {
        toClose.add(e);
      }
    }
    return toClose;
  }

  private void release(Entry<V> entry) {
    boolean close;
    synchronized (lock) {
      entry.leases--;
      close = entry.evicted && entry.leases == 0;
    }
    if (close) {
      closeAll(List.of(entry));
    }
  }

  private void closeAll(List<Entry<V>> toClose) {
    for (Entry<V> e : toClose) {
      try {
        e.value.close();
      } catch (Exception ex) {
        LOG.warn("closing an entry of the {} cache failed: {}", name, ex.toString());
      }
      synchronized (lock) {
        closes++;
      }
    }
  }

  /** Entries cached now (at most {@code maxEntries}). */
  public int size() {
    synchronized (lock) {
      return entries.size();
    }
  }

  /** Whether {@code key} is cached now. */
  public boolean contains(K key) {
    synchronized (lock) {
      return entries.containsKey(key);
    }
  }

  /** Values loaded so far (successful loads). */
  public int loadCount() {
    synchronized (lock) {
      return loads;
    }
  }

  /** Values closed so far (evicted and released, or closed with the cache). */
  public int closeCount() {
    synchronized (lock) {
      return closes;
    }
  }

  /** The bound this cache was created with. */
  public int maxEntries() {
    return maxEntries;
  }

  /**
   * Evicts every entry; entries without open leases are closed now, the others when their last
   * lease is released. Later {@link #acquire} calls fail. Idempotent.
   */
  @Override
  public void close() {
    List<Entry<V>> toClose = new ArrayList<>();
    synchronized (lock) {
      closed = true;
      for (Entry<V> e : entries.values()) {
        e.evicted = true;
        if (e.leases == 0 && e.value != null) {
          toClose.add(e);
        }
      }
      entries.clear();
    }
    closeAll(toClose);
  }

  /**
   * Evicts every entry like {@link #close()} but keeps the cache usable: later acquires load again.
   */
  public void clear() {
    List<Entry<V>> toClose = new ArrayList<>();
    synchronized (lock) {
      for (Iterator<Entry<V>> it = entries.values().iterator(); it.hasNext(); ) {
        Entry<V> e = it.next();
        if (e.value == null) {
          continue; // loading: the loader's caller will use it; evict it later
        }
        it.remove();
        e.evicted = true;
        if (e.leases == 0) {
          toClose.add(e);
        }
      }
    }
    closeAll(toClose);
  }

  /** Mutable bookkeeping of one key; guarded by the cache's lock except the latch. */
  private static final class Entry<V> {
    final CountDownLatch loaded = new CountDownLatch(1);
    V value;
    Throwable failure;
    int leases;
    boolean evicted;
  }

  /**
   * One caller's use of a cached value. Not thread-safe itself: one task uses it and closes it
   * (idempotent); the value stays open at least until then.
   */
  public static final class Lease<V extends AutoCloseable> implements AutoCloseable {
    private final BoundedResourceCache<?, V> cache;
    private final Entry<V> entry;
    private final AtomicBoolean released = new AtomicBoolean();

    private Lease(BoundedResourceCache<?, V> cache, Entry<V> entry) {
      this.cache = cache;
      this.entry = entry;
    }

    /** The cached value; valid until this lease is closed. */
    public V get() {
      if (released.get()) {
        throw new IllegalStateException("this lease on a cached " + cache.name + " is released");
      }
      return entry.value;
    }

    /** Releases the lease; the value may be closed after this if it was evicted. */
    @Override
    public void close() {
      if (released.compareAndSet(false, true)) {
        cache.release(entry);
      }
    }
  }
}
