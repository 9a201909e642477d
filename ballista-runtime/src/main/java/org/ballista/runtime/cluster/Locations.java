package org.ballista.runtime.cluster;

import java.util.ArrayList;
import java.util.List;
import org.ballista.api.proto.PartitionLocation;
import org.ballista.api.proto.PartitionStats;
import org.ballista.api.proto.ShuffleReaderNode;
import org.ballista.api.proto.ShuffleReaderPartition;
import org.ballista.api.serde.SchemaSerde;
import org.ballista.api.shuffle.ShuffleLocation;

/** Conversions between shuffle locations and their protobuf form. */
final class Locations {
  private Locations() {}

  static PartitionLocation toProto(String jobId, int stageId, int mapPartition, int outputPartition, ShuffleLocation l) {
    return PartitionLocation.newBuilder()
        .setJobId(jobId).setStageId(stageId).setMapPartitionId(mapPartition).setOutputPartitionId(outputPartition)
        .setExecutorId(l.executorId()).setHost(l.host()).setFlightPort(l.port()).setPath(l.path())
        .setStats(PartitionStats.newBuilder().setRows(l.numRows()).setBytes(l.numBytes()))
        .build();
  }

  static ShuffleLocation fromProto(PartitionLocation p) {
    return new ShuffleLocation(p.getExecutorId(), p.getHost(), p.getFlightPort(), p.getPath(), p.getStats().getRows(),
        p.getStats().getBytes());
  }

  /** A stage's outputs (locations by output partition) as the reader message tasks receive. */
  static ShuffleReaderNode reader(String jobId, int stageId, org.apache.arrow.vector.types.pojo.Schema schema,
      List<List<ShuffleLocation>> outputs) {
    ShuffleReaderNode.Builder b = ShuffleReaderNode.newBuilder().setStageId(stageId).setSchema(SchemaSerde.toProto(schema));
    for (int p = 0; p < outputs.size(); p++) {
      ShuffleReaderPartition.Builder part = ShuffleReaderPartition.newBuilder();
      for (ShuffleLocation l : outputs.get(p)) {
        part.addLocations(toProto(jobId, stageId, 0, p, l));
      }
      b.addPartitions(part);
    }
    return b.build();
  }

  static List<List<ShuffleLocation>> fromReader(ShuffleReaderNode reader) {
    List<List<ShuffleLocation>> outputs = new ArrayList<>();
    for (ShuffleReaderPartition part : reader.getPartitionsList()) {
      List<ShuffleLocation> locations = new ArrayList<>();
      for (PartitionLocation l : part.getLocationsList()) {
        locations.add(fromProto(l));
      }
      outputs.add(locations);
    }
    return outputs;
  }
}
