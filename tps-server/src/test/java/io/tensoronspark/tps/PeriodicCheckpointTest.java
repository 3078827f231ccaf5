package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.config.TpsServerConfig;
import io.tensoronspark.tps.protocol.PushHeader;
import java.nio.file.Files;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class PeriodicCheckpointTest {

  @Test
  void periodicCheckpointsFollowTheVersion(@TempDir java.nio.file.Path temp) throws Exception {
    Path dir = new Path(temp.toUri());
    TpsServerConfig periodic =
        TpsServerConfig.builder().checkpointDir(dir).checkpointIntervalSeconds(1).build();
    try (TpsServer server = TpsServer.start(periodic, TwoParams.SPECS, TwoParams.initial());
        TpsClient client = new TpsClient(server.clientConfig().build(), TwoParams.SPECS)) {
      client.pushAndPull(new PushHeader(0, 1, 1, 0), TwoParams.filled(1f), TwoParams.arrays());
      assertTrue(
          server.awaitPeriodicCheckpoint(1, 20_000), "a checkpoint at version 1 within 20 s");
      assertTrue(Files.exists(temp.resolve("tps-checkpoint-1.bin")));
    }
  }
}
