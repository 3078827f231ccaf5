package io.tensoronspark.tps.server;

import io.tensoronspark.tps.protocol.ParameterSpec;
import io.tensoronspark.tps.protocol.PayloadEncoding;
import io.tensoronspark.tps.wire.FrameFormat;
import io.tensoronspark.tps.wire.FrameHeader;
import io.tensoronspark.tps.wire.FrameWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Builds a dense reply frame in a caller's buffer: section headers first, then each shard's values
 * as they arrive through {@link #accept} (straight from the shard, under its lock: one copy, no
 * intermediate array), then the header with the version last. {@link #accept} may be called from
 * several threads for distinct shards; {@link #finish} by the owning request thread after all of
 * them.
 */
final class ReplyFrame implements ShardSink {

  private final ByteBuffer buffer;
  private final int[] payloadOffsets;
  private final int frameBytes;

  ReplyFrame(ByteBuffer buffer, List<ParameterSpec> specs, int[] payloadOffsets) {
    this.buffer = buffer.order(ByteOrder.LITTLE_ENDIAN);
    this.payloadOffsets = payloadOffsets;
    this.frameBytes = Math.toIntExact(FrameFormat.denseFrameBytes(specs));
    for (int p = 0; p < specs.size(); p++) {
      buffer.position(payloadOffsets[p] - FrameFormat.PARAM_HEADER_BYTES);
      FrameWriter.writeSectionHeader(buffer, p, PayloadEncoding.F32, specs.get(p).size());
    }
  }

  @Override
  public void accept(int paramIndex, int offset, float[] values) {
    ByteBuffer at = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    at.position(payloadOffsets[paramIndex] + 4 * offset);
    at.asFloatBuffer().put(values);
  }

  /** Writes the header and returns the buffer positioned at 0 with the frame's limit. */
  ByteBuffer finish(FrameHeader header) {
    FrameWriter.writeHeader(buffer, 0, header);
    buffer.limit(frameBytes).position(0);
    return buffer;
  }
}
