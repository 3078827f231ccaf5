package io.tensoronspark.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.combiners.Combiners;
import io.tensoronspark.tps.TestCertificates;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import io.tensoronspark.tps.protocol.StalenessPolicy;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TPS's encodings, TLS and staleness bound switched on from the session builder and working end
 * to end on Spark local[2].
 */
@Timeout(300)
class TpsOptionsEndToEndTest {

  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    sc = SparkTestContext.local("local[2]");
  }

  @AfterAll
  static void stopSpark() {
    sc.stop();
  }

  private static EpochReport train(DistributedSession.Builder builder, LinearModel model) {
    try (DistributedSession session = builder.build()) {
      EpochReport report = null;
      for (int epoch = 0; epoch < 2; epoch++) {
        report =
            session.run(
                model.train,
                sc.parallelize(LinearModel.rows(1200, 5), 2),
                model.feeds(),
                model.params(),
                true);
        assertEquals(1200, report.samples(), report.summary());
      }
      return report;
    }
  }

  private static DistributedSession.Builder builder(LinearModel model) {
    return DistributedSession.builder(sc, model.graph, model.session)
        .batchSize(20)
        .syncIntervalSteps(2)
        .loss(model.loss);
  }

  @Test
  void everyEncodingTrainsAndTheCompactOnesSendFewerBytes() {
    Map<PayloadEncoding, EpochReport> reports = new EnumMap<>(PayloadEncoding.class);
    for (PayloadEncoding encoding : PayloadEncoding.values()) {
      try (LinearModel model = new LinearModel(0.1f)) {
        // top-k sends ceil(3 x 0.34) = 2 of w's 3 elements (b, 1 element, goes as f32)
        double fraction = encoding == PayloadEncoding.TOP_K ? 0.34 : 0.01;
        EpochReport report =
            train(
                builder(model).tpsClient(c -> c.encoding(encoding).topKFraction(fraction)), model);
        assertTrue(report.meanLoss() < 0.05, encoding + " learns: " + report.summary());
        assertEquals(report.pushes(), report.pushesApplied(), report.summary());
        reports.put(encoding, report);
      }
    }
    double f32 = reports.get(PayloadEncoding.F32).bytesPerPush();
    assertTrue(f32 > 0);
    for (PayloadEncoding compact : List.of(PayloadEncoding.F16, PayloadEncoding.BF16)) {
      assertTrue(
          reports.get(compact).bytesPerPush() < f32,
          compact + " pushes " + reports.get(compact).bytesPerPush() + " bytes vs f32 " + f32);
    }
  }

  @Test
  void topKIsRefusedWithACombinerThatSendsValues() {
    try (LinearModel model = new LinearModel(0.1f)) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  builder(model)
                      .combiner(Combiners.byName("replace"))
                      .tpsClient(c -> c.encoding(PayloadEncoding.TOP_K))
                      .build());
      assertTrue(e.getMessage().contains("replace sends its values"), e.getMessage());
    }
  }

  @Test
  void trainsOverTlsWithAGeneratedCertificate(@TempDir Path dir) throws Exception {
    TestCertificates certs = TestCertificates.create(dir);
    try (LinearModel model = new LinearModel(0.1f);
        DistributedSession session =
            builder(model)
                .tpsServer(s -> s.keyStore(certs.keyStore().toString(), certs.password()))
                .tpsClient(c -> c.trustStore(certs.trustStore().toString(), certs.password()))
                .build()) {
      EpochReport report =
          session.run(
              model.train,
              sc.parallelize(LinearModel.rows(800, 6), 2),
              model.feeds(),
              model.params(),
              true);
      assertEquals("https", session.tpsEndpoint().getScheme());
      assertEquals(800, report.samples());
      assertTrue(report.pushes() > 0);
      assertEquals(report.pushes(), report.pushesApplied(), report.summary());
    }
  }

  @Test
  void aStalePushIsRejectedAndTheTaskRepullsAndCarriesOn() {
    try (LinearModel model = new LinearModel(0.1f)) {
      EpochReport report =
          train(
              builder(model)
                  .syncIntervalSteps(1)
                  .tpsServer(s -> s.maxStaleness(0).stalenessPolicy(StalenessPolicy.REJECT)),
              model);
      assertTrue(report.pushesStaleRejected() > 0, "two workers, bound 0: " + report.summary());
      assertEquals(report.pushes(), report.pushesApplied(), "rejected pushes are not merged");
      assertTrue(report.summary().contains(report.pushesStaleRejected() + " stale rejected"));
      assertEquals(0, report.pushesStaleScaled());
    }
  }

  @Test
  void aStalePushIsScaledUnderTheScalePolicy() {
    try (LinearModel model = new LinearModel(0.1f)) {
      EpochReport report =
          train(
              builder(model)
                  .syncIntervalSteps(1)
                  .tpsServer(s -> s.maxStaleness(0).stalenessPolicy(StalenessPolicy.SCALE)),
              model);
      assertTrue(report.pushesStaleScaled() > 0, report.summary());
      assertEquals(0, report.pushesStaleRejected());
      assertEquals(report.pushes(), report.pushesApplied());
    }
  }
}
