package io.tensoronspark.session.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BoundedResourceCacheTest {

  /** A resource that records whether, and how often, it was closed. */
  static final class Resource implements AutoCloseable {
    final String key;
    final AtomicInteger closes = new AtomicInteger();

    Resource(String key) {
      this.key = key;
    }

    boolean isClosed() {
      return closes.get() > 0;
    }

    @Override
    public void close() {
      closes.incrementAndGet();
    }
  }

  @Test
  void manyVersionsStayWithinTheBoundAndEvictedOnesAreClosedOnce() {
    List<Resource> loaded = new ArrayList<>();
    try (BoundedResourceCache<String, Resource> cache = new BoundedResourceCache<>("test", 3)) {
      for (int v = 0; v < 20; v++) {
        try (BoundedResourceCache.Lease<Resource> lease =
            cache.acquire("model-v" + v, k -> add(loaded, new Resource(k)))) {
          assertEquals("model-v" + v, lease.get().key);
          assertFalse(lease.get().isClosed());
        }
        assertTrue(cache.size() <= 3, "size " + cache.size() + " after version " + v);
      }
      assertEquals(20, cache.loadCount());
      assertEquals(17, cache.closeCount());
      for (int v = 0; v < 20; v++) {
        int expectedCloses = v < 17 ? 1 : 0;
        assertEquals(expectedCloses, loaded.get(v).closes.get(), "closes of version " + v);
        assertEquals(v >= 17, cache.contains("model-v" + v));
      }
    }
    for (Resource r : loaded) {
      assertEquals(1, r.closes.get(), r.key + " closed once after the cache closed");
    }
  }

  @Test
  void aCachedKeyIsLoadedOnceAndTheLeastRecentlyAcquiredIsEvicted() {
    try (BoundedResourceCache<String, Resource> cache = new BoundedResourceCache<>("test", 2)) {
      Resource a = value(cache, "a");
      Resource b = value(cache, "b");
      assertSame(a, value(cache, "a")); // a is now more recent than b
      Resource c = value(cache, "c");
      assertTrue(b.isClosed(), "b was the least recently acquired");
      assertFalse(a.isClosed());
      assertFalse(c.isClosed());
      assertEquals(3, cache.loadCount());
    }
  }

  @Test
  void anEvictedEntryInUseIsClosedOnlyWhenItsLastLeaseIsReleased() {
    try (BoundedResourceCache<String, Resource> cache = new BoundedResourceCache<>("test", 1)) {
      BoundedResourceCache.Lease<Resource> first = cache.acquire("v1", Resource::new);
      BoundedResourceCache.Lease<Resource> second = cache.acquire("v1", Resource::new);
      Resource v1 = first.get();
      value(cache, "v2"); // evicts v1 while two tasks still use it
      assertFalse(cache.contains("v1"));
      assertFalse(v1.isClosed(), "closed while leased");
      first.close();
      first.close(); // idempotent: must not count as the second lease's release
      assertFalse(v1.isClosed(), "closed while the second lease is open");
      second.close();
      assertEquals(1, v1.closes.get());
      assertThrows(IllegalStateException.class, first::get);
    }
  }

  @Test
  void concurrentAcquiresOfOneKeyLoadItOnce() throws Exception {
    int threads = 8;
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch loaderEntered = new CountDownLatch(1);
    CountDownLatch letLoaderFinish = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (BoundedResourceCache<String, Resource> cache = new BoundedResourceCache<>("test", 2)) {
      List<Future<Resource>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  try (BoundedResourceCache.Lease<Resource> lease =
                      cache.acquire("k", k -> slowLoad(k, loads, loaderEntered, letLoaderFinish))) {
                    return lease.get();
                  }
                }));
      }
      assertTrue(loaderEntered.await(10, TimeUnit.SECONDS));
      letLoaderFinish.countDown();
      Resource first = results.get(0).get(10, TimeUnit.SECONDS);
      for (Future<Resource> f : results) {
        assertSame(first, f.get(10, TimeUnit.SECONDS));
      }
      assertEquals(1, loads.get());
      assertFalse(first.isClosed());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailedLoadIsNotCachedAndTheNextAcquireRetries() {
    try (BoundedResourceCache<String, Resource> cache = new BoundedResourceCache<>("test", 2)) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () ->
                  cache.acquire(
                      "bad",
                      k -> {
                        throw new IllegalStateException("no model at " + k);
                      }));
      assertEquals("no model at bad", e.getMessage());
      assertEquals(0, cache.size());
      assertEquals("bad", value(cache, "bad").key);
      assertEquals(1, cache.loadCount());
    }
  }

  @Test
  void closingTheCacheClosesIdleEntriesAndLeasedOnesAtRelease() {
    BoundedResourceCache<String, Resource> cache = new BoundedResourceCache<>("test", 4);
    Resource idle = value(cache, "idle");
    BoundedResourceCache.Lease<Resource> lease = cache.acquire("busy", Resource::new);
    cache.close();
    assertTrue(idle.isClosed());
    assertFalse(lease.get().isClosed());
    Resource busy = lease.get();
    lease.close();
    assertEquals(1, busy.closes.get());
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> cache.acquire("x", Resource::new));
    assertEquals("the test cache is closed", e.getMessage());
    cache.close(); // idempotent
    assertEquals(1, idle.closes.get());
  }

  @Test
  void aBoundBelowOneIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new BoundedResourceCache<>("model", 0));
    assertEquals("maxEntries of the model cache must be at least 1, got 0", e.getMessage());
  }

  private static Resource value(BoundedResourceCache<String, Resource> cache, String key) {
    try (BoundedResourceCache.Lease<Resource> lease = cache.acquire(key, Resource::new)) {
      return lease.get();
    }
  }

  private static Resource add(List<Resource> list, Resource r) {
    list.add(r);
    return r;
  }

  private static Resource slowLoad(
      String key, AtomicInteger loads, CountDownLatch entered, CountDownLatch finish) {
    loads.incrementAndGet();
    entered.countDown();
    try {
      if (!finish.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never let the load finish");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    return new Resource(key);
  }
}
