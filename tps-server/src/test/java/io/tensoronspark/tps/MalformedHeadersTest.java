package io.tensoronspark.tps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tensoronspark.tps.protocol.PushHeader;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests with a valid token whose Content-Length or Expect header is malformed or unusual: every
 * malformed length gets 400 with one line (never a 500), {@code Expect: 100-continue} is answered
 * with 100 before the body is sent, other expectations get 417.
 */
@Timeout(60)
class MalformedHeadersTest extends LiveTwoParamsServer {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "18446744073709551617",
        "99999999999999999999999",
        "-5",
        "12a",
        "0x10",
        " ",
        "1,2"
      })
  void aMalformedContentLengthIsAnswered400WithOneLine(String length) throws Exception {
    String answer =
        RawHttp.roundTrip(
            server,
            "POST /v1/push HTTP/1.1\r\nHost: x\r\nAuthorization: "
                + bearer
                + "\r\nContent-Length: "
                + length
                + "\r\n\r\n");
    assertTrue(
        answer.startsWith("HTTP/1.1 400"), "answer to Content-Length '" + length + "': " + answer);
    // Undertow's parser refuses some forms itself (400, empty body); the rest reach the TPS.
    String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
    assertTrue(body.isEmpty() || body.contains("Content-Length"), body);
    assertTrue(body.split("\n").length <= 1, "at most one line: " + body);
    pushesStillWork();
  }

  @Test
  void expect100ContinueIsAnsweredBeforeTheBodyIsSent() throws Exception {
    byte[] frame = TwoParams.pushFrame(server.runId(), 1, 0, 0, TwoParams.filled(1f));
    try (Socket socket = new Socket(server.endpoint().getHost(), server.endpoint().getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /v1/push HTTP/1.1\r\nHost: x\r\nAuthorization: "
                  + bearer
                  + "\r\nExpect: 100-continue\r\nContent-Length: "
                  + frame.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String interim = RawHttp.readHead(in);
      assertTrue(interim.startsWith("HTTP/1.1 100"), "interim answer: " + interim);
      out.write(frame);
      out.flush();
      String head = RawHttp.readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 200"), "final answer: " + head);
    }
    assertEquals(1, server.stats().pushesApplied());
  }

  @Test
  void anUnknownExpectationIsAnswered417() throws Exception {
    String answer =
        RawHttp.roundTrip(
            server,
            "POST /v1/push HTTP/1.1\r\nHost: x\r\nAuthorization: "
                + bearer
                + "\r\nExpect: teapot\r\nContent-Length: 10\r\n\r\n");
    assertTrue(answer.startsWith("HTTP/1.1 417"), answer);
    pushesStillWork();
  }

  private void pushesStillWork() throws Exception {
    try (TpsClient client = client()) {
      float[][] merged = TwoParams.arrays();
      long version = client.pushAndPull(new PushHeader(0, 9, 0, 0), TwoParams.filled(1f), merged);
      assertEquals(server.version(), version);
    }
  }
}
