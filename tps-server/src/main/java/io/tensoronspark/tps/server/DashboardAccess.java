package io.tensoronspark.tps.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Browser access to the TPS's read-only pages without weakening the bearer token: a browser cannot
 * send an {@code Authorization} header from its address bar, so the driver hands out one-time login
 * keys ({@link #newLoginKey}), each exchanged once ({@link #exchange}) for a random session id the
 * browser keeps in an HttpOnly, SameSite=Strict cookie. Keys and sessions are 256-bit random
 * values; only their SHA-256 digests are stored, so a lookup's time says nothing about a stored
 * value. At most {@link #MAX_OUTSTANDING} keys and as many sessions are kept (the oldest go first);
 * unused keys expire after {@link #LOGIN_KEY_TTL_MILLIS}. Thread-safe (synchronized; called once
 * per login and per dashboard request).
 */
public final class DashboardAccess {

  /** The cookie holding a dashboard session. */
  public static final String COOKIE = "tps_dashboard";

  /** How long an unused login key stays valid. */
  public static final long LOGIN_KEY_TTL_MILLIS = 15 * 60 * 1000;

  /** The most login keys, and separately sessions, kept at once. */
  public static final int MAX_OUTSTANDING = 32;

  private final SecureRandom random = new SecureRandom();
  private final Map<String, Long> loginKeys = new LinkedHashMap<>();
  private final Map<String, Long> sessions = new LinkedHashMap<>();

  /** A new one-time login key (URL-safe). */
  public synchronized String newLoginKey() {
    String key = randomToken();
    put(loginKeys, digest(key));
    return key;
  }

  /**
   * Exchanges a login key for a session id; null when the key is unknown, used or expired. The key
   * is consumed either way.
   */
  synchronized String exchange(String key) {
    if (key == null) {
      return null;
    }
    Long issued = loginKeys.remove(digest(key));
    if (issued == null || System.currentTimeMillis() - issued > LOGIN_KEY_TTL_MILLIS) {
      return null;
    }
    String session = randomToken();
    put(sessions, digest(session));
    return session;
  }

  /** Whether {@code sessionId} (from the cookie) is a session this server issued. */
  synchronized boolean isSession(String sessionId) {
    return sessionId != null && sessions.containsKey(digest(sessionId));
  }

  private static void put(Map<String, Long> map, String digest) {
    if (map.size() >= MAX_OUTSTANDING) {
      map.remove(map.keySet().iterator().next());
    }
    map.put(digest, System.currentTimeMillis());
  }

  private String randomToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static String digest(String value) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
