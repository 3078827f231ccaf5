package io.tensoronspark.session.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.combiners.Combiner;
import io.tensoronspark.combiners.ModelAveraging;
import io.tensoronspark.tps.config.TpsClientConfig;
import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import io.tensoronspark.tps.protocol.StalenessPolicy;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

class TpsSettingsTest {

  private static final Path DIR = new Path("file:///tmp/model/tps-checkpoints");
  private static final Configuration CONF = new Configuration();

  @Test
  void theServerCustomiserSetsTpsOptionsOnTopOfTheSessionsOwn() {
    Combiner combiner = new ModelAveraging();
    TpsServerConfig config =
        TpsSettings.server(
            b -> b.maxStaleness(3).stalenessPolicy(StalenessPolicy.SCALE).checkpointsToKeep(1),
            "10.0.0.7",
            combiner,
            DIR,
            CONF);
    assertEquals("10.0.0.7", config.bindHost(), "the driver host is the default bind host");
    assertSame(combiner, config.combiner());
    assertEquals(DIR, config.checkpointDir());
    assertSame(CONF, config.hadoopConfiguration(), "checkpoints use the session's configuration");
    assertEquals(3, config.maxStaleness());
    assertEquals(StalenessPolicy.SCALE, config.stalenessPolicy());
    assertEquals(1, config.checkpointsToKeep());
    assertEquals(
        TpsServerConfig.DEFAULT_BODY_STALL_TIMEOUT_MILLIS, config.bodyStallTimeoutMillis());
    assertEquals(
        "0.0.0.0",
        TpsSettings.server(b -> b.bindHost("0.0.0.0"), "10.0.0.7", combiner, DIR, CONF).bindHost());
  }

  @Test
  void aServerCustomiserMayNotReplaceTheCombinerOrTheCheckpointDirectory() {
    IllegalArgumentException combiner =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TpsSettings.server(
                    b -> b.combiner(new ModelAveraging()), "h", new ModelAveraging(), DIR, CONF));
    assertTrue(combiner.getMessage().contains("combiner"), combiner.getMessage());
    IllegalArgumentException dir =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TpsSettings.server(
                    b -> b.checkpointDir(new Path("file:///elsewhere")),
                    "h",
                    new ModelAveraging(),
                    DIR,
                    CONF));
    assertTrue(dir.getMessage().contains("checkpointDir"), dir.getMessage());
    IllegalArgumentException conf =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TpsSettings.server(
                    b -> b.hadoopConfiguration(new Configuration()),
                    "h",
                    new ModelAveraging(),
                    DIR,
                    CONF));
    assertTrue(conf.getMessage().contains("hadoopConfiguration"), conf.getMessage());
  }

  @Test
  void invalidTpsValuesAreRefusedWhenTheSessionIsBuilt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TpsSettings.clientTemplate(b -> b.maxAttempts(0)));
    assertTrue(e.getMessage().contains("maxAttempts must be >= 1, got 0"), e.getMessage());
  }

  @Test
  void theClientTemplateGetsTheServersIdentityAndKeepsTheUsersOptions() {
    TpsClientConfig template =
        TpsSettings.clientTemplate(b -> b.encoding(PayloadEncoding.BF16).maxAttempts(7));
    TpsClientConfig client =
        TpsSettings.client(template, URI.create("https://10.0.0.7:4242"), "secret", 99L);
    assertEquals(URI.create("https://10.0.0.7:4242"), client.endpoint());
    assertEquals("secret", client.token());
    assertEquals(99L, client.runId());
    assertEquals(PayloadEncoding.BF16, client.encoding());
    assertEquals(7, client.maxAttempts());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> TpsSettings.clientTemplate(b -> b.token("mine")));
    assertTrue(e.getMessage().contains("token"), e.getMessage());
  }
}
