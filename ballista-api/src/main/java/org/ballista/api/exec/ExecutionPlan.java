package org.ballista.api.exec;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An executable physical operator: an immutable tree node that produces, for each of its output
 * partitions, a lazy stream of Arrow batches.
 *
 * <p>{@link #execute} may be called concurrently for different partitions; each call allocates from
 * the given context's allocator, and the returned stream owns its resources until closed.
 */
public interface ExecutionPlan {
  Schema schema();

  Partitioning outputPartitioning();

  List<ExecutionPlan> children();

  BatchStream execute(int partition, TaskContext context);

  /** One line describing this operator (without children), for EXPLAIN. */
  String describe();
}
