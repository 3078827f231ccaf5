package io.tensoronspark.benchmarks.scale;

import io.tensoronspark.tps.protocol.PayloadEncoding;

/**
 * What one push-and-pull of {@code floats} floats in {@code encoding} costs, each figure per round
 * trip over repeated rounds: CPU seconds of the TPS's threads ({@code serverCpuSeconds}) and of the
 * whole process minus the client ({@code serverProcessCpuSeconds}, adds JIT and GC), the client's
 * CPU seconds (encode, HTTP, decode), the wall time, the body bytes the TPS received and sent, and
 * the merge time the TPS itself records. Immutable.
 */
record PushCost(
    int floats,
    PayloadEncoding encoding,
    int mergeThreads,
    int pushes,
    Range serverCpuSeconds,
    Range serverProcessCpuSeconds,
    Range clientCpuSeconds,
    Range wallSeconds,
    Range bytesIn,
    Range bytesOut,
    Range mergeSeconds) {}
