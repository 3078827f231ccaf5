package io.tensoronspark.tps;

import io.tensoronspark.tps.config.TpsServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of tests that need a live TPS with default settings serving {@link TwoParams}: a fresh
 * server per test, a raw HTTP client to it and its bearer header, closed after the test.
 */
abstract class LiveTwoParamsServer {

  TpsServer server;
  RawHttp http;
  String bearer;

  @BeforeEach
  void startServer() {
    server =
        TpsServer.start(TpsServerConfig.builder().build(), TwoParams.SPECS, TwoParams.initial());
    http = new RawHttp(server.endpoint());
    bearer = "Bearer " + server.token();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** A client of the server with its default settings; the caller closes it. */
  TpsClient client() {
    return new TpsClient(server.clientConfig().build(), TwoParams.SPECS);
  }
}
