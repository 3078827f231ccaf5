package io.tensoronspark.tps.wire;

import io.tensoronspark.tps.protocol.PushProgress;

/**
 * Every {@link DenseFrameDecoderTest} case on push frames with a progress section between the
 * header and the parameters (four metric sums: the largest section), which moves every payload
 * offset.
 */
class DenseFrameDecoderWithProgressTest extends DenseFrameDecoderTest {

  @Override
  FrameHeader header() {
    return new FrameHeader(
        (short) 0,
        5,
        0,
        1,
        1,
        0,
        3,
        new PushProgress(640, 10, 123.25, new double[] {1, 2.5, -3, 4e9}));
  }
}
