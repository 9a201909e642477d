package org.ballista.api;

import java.util.List;
import java.util.ServiceLoader;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.SessionConfig;

/**
 * The entry point of the engine: a catalog of tables and the settings of one user's session.
 *
 * <pre>{@code
 * try (SessionContext ctx = SessionContext.local()) {
 *   ctx.registerParquet("lineitem", "/data/lineitem");
 *   try (QueryResult result = ctx.sql("select count(*) from lineitem").collect()) { ... }
 * }
 * }</pre>
 */
public interface SessionContext extends AutoCloseable {

  /** A session running queries in this process, with default settings. */
  static SessionContext local() {
    return local(SessionConfig.defaults());
  }

  static SessionContext local(SessionConfig config) {
    for (SessionContextFactory factory : ServiceLoader.load(SessionContextFactory.class)) {
      return factory.create(config);
    }
    throw new BallistaException(BallistaException.Kind.INTERNAL,
        "no engine on the class path: add ballista-runtime as a dependency");
  }

  /**
   * A session whose queries run on a cluster: it plans here (with its own tables) and submits the
   * plans to the scheduler at {@code schedulerAddress} ({@code host:port}); results come back over
   * Arrow Flight.
   */
  static SessionContext remote(String schedulerAddress) {
    return remote(schedulerAddress, SessionConfig.defaults());
  }

  static SessionContext remote(String schedulerAddress, SessionConfig config) {
    for (SessionContextFactory factory : ServiceLoader.load(SessionContextFactory.class)) {
      return factory.createRemote(config, schedulerAddress);
    }
    throw new BallistaException(BallistaException.Kind.INTERNAL,
        "no engine on the class path: add ballista-runtime as a dependency");
  }

  SessionConfig config();

  /** Registers a Parquet file, or a directory of Parquet files, as table {@code name}. */
  void registerParquet(String name, String path);

  /** Registers a CSV file or directory. The schema is inferred from the header and first rows when {@code schema} is null. */
  void registerCsv(String name, String path, Schema schema, boolean header, char delimiter);

  /** Registers in-memory batches as table {@code name}; the session copies them (the caller keeps ownership of its batches). */
  void registerBatches(String name, Schema schema, List<VectorSchemaRoot> batches);

  /** Removes a table; returns whether it existed. */
  boolean deregisterTable(String name);

  /** Names of the registered tables, sorted. */
  List<String> tableNames();

  /** The schema of a registered table; a NOT_FOUND error when there is none. */
  Schema tableSchema(String name);

  /**
   * Plans one SQL statement: a query, {@code CREATE EXTERNAL TABLE}, {@code SHOW TABLES}, {@code
   * DESCRIBE name} or {@code EXPLAIN query}. DDL runs at once and returns an empty frame.
   */
  DataFrame sql(String sql);

  /** A frame reading a registered table. */
  DataFrame table(String name);

  /**
   * Cancels the queries of this session that are running now, whichever threads run them: each
   * stops within about a second (on a cluster its job is cancelled on the scheduler, whose
   * executors stop its tasks and delete its files), frees its memory, and its {@link
   * DataFrame#collect()} throws a {@link BallistaException} of kind {@link
   * BallistaException.Kind#CANCELLED}. Queries started afterwards run normally. Interrupting a
   * thread blocked in {@code collect()} cancels that thread's query the same way. Safe to call from
   * any thread (a signal handler, a shutdown hook).
   *
   * <p>The default is for sessions that cannot cancel: it throws UNSUPPORTED.
   *
   * @return how many running queries were cancelled (0 when none was running)
   */
  default int cancelRunningQueries() {
    throw BallistaException.unsupported(getClass().getSimpleName() + " cannot cancel queries");
  }

  /** The session's root allocator; results of {@link DataFrame#collect()} are allocated from it. */
  BufferAllocator allocator();

  /** Releases the session's tables and memory; fails if results are still open (leaked). */
  @Override
  void close();
}
