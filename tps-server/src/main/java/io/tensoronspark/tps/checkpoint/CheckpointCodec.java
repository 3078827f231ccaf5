package io.tensoronspark.tps.checkpoint;

import io.tensoronspark.tps.protocol.ParameterSnapshot;
import io.tensoronspark.tps.protocol.ParameterSpec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The checkpoint file format, version 1: a DataOutput stream (big-endian scalars, float arrays as
 * little-endian bulk bytes) ending with a CRC32 of everything before it.
 *
 * <pre>
 * magic int "TPSC", format int 1, version long, chunkSizeFloats int, combiner UTF,
 * paramCount int, per parameter: name UTF, rank int, dims long..., values (size floats),
 * shardCount int, per shard: paramIndex int, offset int, length int,
 *   bufferCount int, per buffer: name UTF, floats (length); counterCount int, per counter: name UTF, value long,
 * crc32 long
 * </pre>
 *
 * Stateless; safe from any thread.
 */
final class CheckpointCodec {

  static final int MAGIC = 0x43535054;
  static final int FORMAT = 1;
  private static final int CHUNK_FLOATS = 16 * 1024;

  private CheckpointCodec() {}

  static void write(TpsCheckpoint checkpoint, OutputStream target) throws IOException {
    CRC32 crc = new CRC32();
    DataOutputStream out =
        new DataOutputStream(
            new CheckedOutputStream(new BufferedOutputStream(target, 1 << 16), crc));
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK_FLOATS * 4).order(ByteOrder.LITTLE_ENDIAN);
    out.writeInt(MAGIC);
    out.writeInt(FORMAT);
    out.writeLong(checkpoint.version());
    out.writeInt(checkpoint.chunkSizeFloats());
    out.writeUTF(checkpoint.combinerName());
    List<ParameterSpec> specs = checkpoint.specs();
    out.writeInt(specs.size());
    for (int p = 0; p < specs.size(); p++) {
      ParameterSpec spec = specs.get(p);
      out.writeUTF(spec.name());
      long[] shape = spec.shape();
      out.writeInt(shape.length);
      for (long dim : shape) {
        out.writeLong(dim);
      }
      writeFloats(out, checkpoint.snapshot().values(p), chunk);
    }
    out.writeInt(checkpoint.shardStates().size());
    for (ShardState shard : checkpoint.shardStates()) {
      out.writeInt(shard.paramIndex());
      out.writeInt(shard.offset());
      out.writeInt(shard.length());
      out.writeInt(shard.buffers().size());
      for (Map.Entry<String, float[]> buffer : shard.buffers().entrySet()) {
        out.writeUTF(buffer.getKey());
        writeFloats(out, buffer.getValue(), chunk);
      }
      out.writeInt(shard.counters().size());
      for (Map.Entry<String, Long> counter : shard.counters().entrySet()) {
        out.writeUTF(counter.getKey());
        out.writeLong(counter.getValue());
      }
    }
    out.flush();
    long checksum = crc.getValue();
    out.writeLong(checksum);
    out.flush();
  }

  private static void writeFloats(DataOutputStream out, float[] values, ByteBuffer chunk)
      throws IOException {
    for (int from = 0; from < values.length; from += CHUNK_FLOATS) {
      int n = Math.min(CHUNK_FLOATS, values.length - from);
      chunk.clear();
      chunk.asFloatBuffer().put(values, from, n);
      out.write(chunk.array(), 0, 4 * n);
    }
  }

  static TpsCheckpoint read(InputStream source, String name) throws IOException {
    CRC32 crc = new CRC32();
    DataInputStream in =
        new DataInputStream(new CheckedInputStream(new BufferedInputStream(source, 1 << 16), crc));
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK_FLOATS * 4).order(ByteOrder.LITTLE_ENDIAN);
    try {
      int magic = in.readInt();
      int format = in.readInt();
      if (magic != MAGIC || format != FORMAT) {
        throw new IOException(
            String.format(
                "%s is not a TPS checkpoint of format %d (magic 0x%08x, format %d)",
                name, FORMAT, magic, format));
      }
      long version = in.readLong();
      int chunkSize = in.readInt();
      String combiner = in.readUTF();
      int paramCount = in.readInt();
      List<ParameterSpec> specs = new ArrayList<>();
      float[][] values = new float[paramCount][];
      for (int p = 0; p < paramCount; p++) {
        String paramName = in.readUTF();
        long[] shape = new long[in.readInt()];
        for (int d = 0; d < shape.length; d++) {
          shape[d] = in.readLong();
        }
        specs.add(new ParameterSpec(paramName, shape));
        values[p] = readFloats(in, specs.get(p).size(), chunk);
      }
      List<ShardState> shards = readShards(in, chunk);
      long expected = crc.getValue();
      long stored = in.readLong();
      if (stored != expected) {
        throw new IOException(name + " is corrupt: checksum " + stored + ", computed " + expected);
      }
      return new TpsCheckpoint(
          new ParameterSnapshot(version, specs, values), chunkSize, combiner, shards);
    } catch (EOFException e) {
      throw new IOException(name + " is truncated", e);
    } catch (IllegalArgumentException e) {
      throw new IOException(name + " is corrupt: " + e.getMessage(), e);
    }
  }

  private static List<ShardState> readShards(DataInputStream in, ByteBuffer chunk)
      throws IOException {
    int shardCount = in.readInt();
    List<ShardState> shards = new ArrayList<>();
    for (int s = 0; s < shardCount; s++) {
      int paramIndex = in.readInt();
      int offset = in.readInt();
      int length = in.readInt();
      Map<String, float[]> buffers = new LinkedHashMap<>();
      for (int b = in.readInt(); b > 0; b--) {
        String bufferName = in.readUTF();
        buffers.put(bufferName, readFloats(in, length, chunk));
      }
      Map<String, Long> counters = new LinkedHashMap<>();
      for (int c = in.readInt(); c > 0; c--) {
        String counterName = in.readUTF();
        counters.put(counterName, in.readLong());
      }
      shards.add(new ShardState(paramIndex, offset, length, buffers, counters));
    }
    return shards;
  }

  private static float[] readFloats(DataInputStream in, int count, ByteBuffer chunk)
      throws IOException {
    if (count < 0) {
      throw new IOException("negative array length " + count);
    }
    float[] values = new float[count];
    for (int from = 0; from < count; from += CHUNK_FLOATS) {
      int n = Math.min(CHUNK_FLOATS, count - from);
      in.readFully(chunk.array(), 0, 4 * n);
      chunk.clear();
      chunk.asFloatBuffer().get(values, from, n);
    }
    return values;
  }
}
