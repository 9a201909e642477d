package org.ballista.runtime.shuffle;

import org.ballista.api.shuffle.ShuffleLocation;
import org.ballista.api.shuffle.ShuffleTransport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.Vectors;

/**
 * One shuffle file a map task wrote: the row of {@link ShuffleWriterExec}'s result batch that the
 * executor reports to the scheduler. {@link #SCHEMA} is the result's schema:
 * {@code (output_partition INT32, path UTF8, num_rows INT64, num_batches INT64, num_bytes INT64)},
 * all non-null.
 */
public record ShuffleOutput(int outputPartition, String path, long numRows, long numBatches, long numBytes) {
  public static final Schema SCHEMA = new Schema(List.of(
      Vectors.field("output_partition", DataType.INT32, false),
      Vectors.field("path", DataType.UTF8, false),
      Vectors.field("num_rows", DataType.INT64, false),
      Vectors.field("num_batches", DataType.INT64, false),
      Vectors.field("num_bytes", DataType.INT64, false)));

  public ShuffleOutput {
    Objects.requireNonNull(path, "path");
  }

  /** The location of this file as served by executor {@code executorId} at {@code host:port}. */
  public ShuffleLocation toLocation(String executorId, String host, int port) {
    return new ShuffleLocation(executorId, host, port, path, numRows, numBytes);
  }

  /** A new batch of {@link #SCHEMA} with one row per output, owned by the caller. */
  public static VectorSchemaRoot toBatch(List<ShuffleOutput> outputs, BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
    try {
      root.allocateNew();
      IntVector partition = (IntVector) root.getVector(0);
      VarCharVector path = (VarCharVector) root.getVector(1);
      BigIntVector rows = (BigIntVector) root.getVector(2);
      BigIntVector batches = (BigIntVector) root.getVector(3);
      BigIntVector bytes = (BigIntVector) root.getVector(4);
      for (int i = 0; i < outputs.size(); i++) {
        ShuffleOutput o = outputs.get(i);
        partition.setSafe(i, o.outputPartition());
        path.setSafe(i, o.path().getBytes(StandardCharsets.UTF_8));
        rows.setSafe(i, o.numRows());
        batches.setSafe(i, o.numBatches());
        bytes.setSafe(i, o.numBytes());
      }
      root.setRowCount(outputs.size());
      return root;
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
  }

  /** Reads the rows of a result batch of {@link #SCHEMA} (the batch is not closed). */
  public static List<ShuffleOutput> fromBatch(VectorSchemaRoot batch) {
    IntVector partition = (IntVector) batch.getVector(0);
    VarCharVector path = (VarCharVector) batch.getVector(1);
    BigIntVector rows = (BigIntVector) batch.getVector(2);
    BigIntVector batches = (BigIntVector) batch.getVector(3);
    BigIntVector bytes = (BigIntVector) batch.getVector(4);
    List<ShuffleOutput> out = new ArrayList<>(batch.getRowCount());
    for (int i = 0; i < batch.getRowCount(); i++) {
      out.add(new ShuffleOutput(partition.get(i), new String(path.get(i), StandardCharsets.UTF_8), rows.get(i),
          batches.get(i), bytes.get(i)));
    }
    return out;
  }
}
