package org.ballista.runtime.session;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.DataFrame;
import org.ballista.api.QueryResult;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.expr.Expr;
import org.ballista.api.plan.PlanNode;
import org.ballista.api.plan.TableSource;
import org.ballista.api.types.DataType;
import org.ballista.planner.PlanPrinter;
import org.ballista.planner.PlannedQuery;
import org.ballista.planner.SqlPlanner;
import org.ballista.planner.catalog.TableDefinition;
import org.ballista.planner.distributed.DistributedPlanner;
import org.ballista.planner.distributed.Stage;
import org.ballista.planner.distributed.StagePlan;
import org.ballista.runtime.exec.LocalStageRunner;
import org.ballista.runtime.shuffle.LocalFileFetcher;
import org.ballista.planner.sql.Statement;
import org.ballista.planner.sql.StatementParser;
import org.ballista.runtime.exec.ExecutionPlanFactory;
import org.ballista.runtime.vector.Vectors;

/** A session that plans with Calcite and executes in this process. */
public final class LocalSessionContext implements SessionContext {
  private final SessionConfig config;
  private final BufferAllocator allocator;
  private final SqlPlanner planner;
  private final TableRegistrar registrar;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final SessionCatalog catalog = new SessionCatalog();
  private final MemoryTables memoryTables = new MemoryTables();
  private final QueryRunner runner = new QueryRunner();
  private final RunningQueries running = new RunningQueries("ballista");
  private final ExecutionPlanFactory factory;
  private java.nio.file.Path workDir;
  private final PlanRunner planRunner;

  public LocalSessionContext(SessionConfig config, BufferAllocator allocator, SqlPlanner planner,
      TableRegistrar registrar, ExecutorService executor, boolean ownsExecutor) {
    this(config, allocator, planner, registrar, executor, ownsExecutor, null);
  }

  /** A session whose queries run through {@code planRunner} (a cluster), or in this process when null. */
  public LocalSessionContext(SessionConfig config, BufferAllocator allocator, SqlPlanner planner,
      TableRegistrar registrar, ExecutorService executor, boolean ownsExecutor, PlanRunner planRunner) {
    this.planRunner = planRunner;
    this.config = config;
    this.allocator = allocator;
    this.planner = planner;
    this.registrar = registrar;
    this.executor = executor;
    this.ownsExecutor = ownsExecutor;
    this.factory = new ExecutionPlanFactory(config, executor, memoryTables);
  }

  @Override
  public SessionConfig config() {
    return config;
  }

  @Override
  public void registerParquet(String name, String path) {
    catalog.register(registrar.parquet(SessionCatalog.normalize(name), path, allocator), true);
  }

  @Override
  public void registerCsv(String name, String path, Schema schema, boolean header, char delimiter) {
    catalog.register(registrar.csv(SessionCatalog.normalize(name), path, schema, header, delimiter), true);
  }

  @Override
  public void registerBatches(String name, Schema schema, List<VectorSchemaRoot> batches) {
    String id = SessionCatalog.normalize(name) + "-" + UUID.randomUUID();
    memoryTables.put(id, schema, batches, allocator);
    long rows = batches.stream().mapToLong(VectorSchemaRoot::getRowCount).sum();
    TableDefinition previous = catalog.table(name).orElse(null);
    catalog.register(new TableDefinition(SessionCatalog.normalize(name), new TableSource.Memory(id, schema), rows), true);
    dropMemory(previous);
  }

  private void dropMemory(TableDefinition table) {
    if (table != null && table.source() instanceof TableSource.Memory m) {
      memoryTables.remove(m.id());
    }
  }

  @Override
  public boolean deregisterTable(String name) {
    TableDefinition removed = catalog.remove(name).orElse(null);
    dropMemory(removed);
    return removed != null;
  }

  @Override
  public List<String> tableNames() {
    return catalog.tableNames();
  }

  @Override
  public Schema tableSchema(String name) {
    return catalog.table(name)
        .orElseThrow(() -> new BallistaException(BallistaException.Kind.NOT_FOUND, "table '" + name + "' not found"))
        .schema();
  }

  @Override
  public DataFrame sql(String sql) {
    Statement statement = StatementParser.parse(sql);
    if (statement instanceof Statement.Query q) {
      return query(q.sql());
    }
    if (statement instanceof Statement.Explain e) {
      PlannedQuery q = planner.plan(e.sql(), catalog);
      String text = "== Logical plan ==\n" + q.logicalPlan() + "\n== Physical plan ==\n" + PlanPrinter.print(q.plan())
          + "\n== Operators ==\n" + OperatorPrinter.print(factory.create(q.plan()))
          + "\n== Distributed stages ==\n" + stagesText(q.plan());
      List<List<String>> rows = new ArrayList<>();
      for (String line : text.split("\n")) {
        rows.add(List.of(line));
      }
      return textFrame(List.of("plan"), rows);
    }
    if (statement instanceof Statement.ShowTables) {
      List<List<String>> rows = new ArrayList<>();
      for (String t : catalog.tableNames()) {
        rows.add(List.of(t));
      }
      return textFrame(List.of("table_name"), rows);
    }
    if (statement instanceof Statement.Describe d) {
      List<List<String>> rows = new ArrayList<>();
      for (Field f : tableSchema(d.name()).getFields()) {
        rows.add(List.of(f.getName(), DataType.fromArrow(f.getType()).toString(), f.isNullable() ? "YES" : "NO"));
      }
      return textFrame(List.of("column_name", "data_type", "is_nullable"), rows);
    }
    if (statement instanceof Statement.CreateExternalTable c) {
      if (c.ifNotExists() && catalog.table(c.name()).isPresent()) {
        return emptyFrame();
      }
      if (c.format().equals("PARQUET")) {
        registerParquet(c.name(), c.location());
      } else {
        registerCsv(c.name(), c.location(), c.columns(), c.header(), c.delimiter());
      }
      return emptyFrame();
    }
    if (statement instanceof Statement.DropTable d) {
      if (!deregisterTable(d.name()) && !d.ifExists()) {
        throw new BallistaException(BallistaException.Kind.NOT_FOUND, "table '" + d.name() + "' not found");
      }
      return emptyFrame();
    }
    throw BallistaException.unsupported("unsupported statement " + statement);
  }

  private String stagesText(PlanNode plan) {
    StringBuilder sb = new StringBuilder();
    for (Stage stage : new DistributedPlanner(config.targetPartitions()).plan(plan).stages()) {
      sb.append("Stage ").append(stage.id()).append(stage.inputStages().isEmpty() ? "" : " (reads stages " + stage.inputStages() + ")")
          .append('\n').append(PlanPrinter.print(stage.plan()).indent(2));
    }
    return sb.toString();
  }

  /**
   * The physical plan of a query (a SELECT or WITH statement; no DDL, EXPLAIN or SHOW), planned
   * against this session's tables. With {@link #execute(PlanNode)} this lets a caller run a plan
   * that went through serialization (see {@code org.ballista.api.serde.PlanSerde}).
   *
   * @throws BallistaException UNSUPPORTED for a statement that is not a query, or the planner's
   *     SQL_SYNTAX / NOT_FOUND / PLANNING / TYPE_MISMATCH errors
   */
  public PlanNode plan(String sql) {
    Statement statement = StatementParser.parse(sql);
    if (!(statement instanceof Statement.Query q)) {
      throw BallistaException.unsupported("only a query can be planned, not " + statement.getClass().getSimpleName());
    }
    return planner.plan(q.sql(), catalog).plan();
  }

  /**
   * Runs a physical plan in this process and collects its result, exactly as {@code
   * sql(...).collect()} runs a planned query. The plan's tables are read from its table sources;
   * a {@link TableSource.Memory} source must name batches registered in this session. The result is
   * owned by the caller (close it).
   */
  public QueryResult execute(PlanNode plan) {
    return running.run(cancellation -> planRunner != null
        ? planRunner.run(MemoryTableInliner.inline(plan, memoryTables), allocator, config, cancellation)
        : runner.collect(factory.create(plan), plan.schema(), allocator, config, cancellation));
  }

  /**
   * Cancels the queries running now in {@link #execute} (so in {@code collect()}): local ones stop
   * at their operators' next cancellation check, cluster ones are cancelled on the scheduler. Each
   * one's caller gets a CANCELLED error once the query has freed its memory.
   */
  @Override
  public int cancelRunningQueries() {
    return running.cancelAll();
  }

  /**
   * Runs a physical plan the distributed way, in this process: cut into stages, each stage's tasks
   * writing shuffle files under a work directory of this session that the next stage reads (see
   * {@link LocalStageRunner}). Results equal {@link #execute(PlanNode)}'s.
   */
  public QueryResult executeInStages(PlanNode plan) {
    StagePlan stages = new DistributedPlanner(config.targetPartitions()).plan(plan);
    return new LocalStageRunner(factory, executor, config, new LocalFileFetcher(workDir())).run(stages, workDir(), allocator);
  }

  private synchronized java.nio.file.Path workDir() {
    if (workDir == null) {
      try {
        workDir = java.nio.file.Files.createTempDirectory("ballista-work-");
      } catch (java.io.IOException e) {
        throw new BallistaException(BallistaException.Kind.IO, "cannot create a work directory: " + e.getMessage(), e);
      }
    }
    return workDir;
  }

  /** The id of the last job this session ran on a cluster, or null. */
  public String lastJobId() {
    return planRunner instanceof org.ballista.runtime.cluster.ClusterClient c ? c.lastJobId() : null;
  }

  /** The status of a cluster job (stages, task counts, rows and bytes shuffled). */
  public org.ballista.api.proto.rpc.JobStatus jobStatus(String jobId) {
    if (!(planRunner instanceof org.ballista.runtime.cluster.ClusterClient c)) {
      throw BallistaException.unsupported("this session runs queries in process: it has no cluster jobs");
    }
    return c.status(jobId);
  }

  /** Plans a query (no DDL) as a frame that can be built on. */
  DataFrame query(String sql) {
    return new LocalDataFrame(this, planner.plan(sql, catalog), sql);
  }

  private DataFrame textFrame(List<String> columns, List<List<String>> rows) {
    List<Field> fields = new ArrayList<>();
    for (String c : columns) {
      fields.add(Vectors.field(c, DataType.UTF8, false));
    }
    List<List<Expr.Literal>> literalRows = new ArrayList<>();
    for (List<String> row : rows) {
      List<Expr.Literal> lits = new ArrayList<>();
      for (String v : row) {
        lits.add(new Expr.Literal(v, DataType.UTF8));
      }
      literalRows.add(lits);
    }
    PlanNode values = new PlanNode.Values(new Schema(fields), literalRows);
    return new LocalDataFrame(this, new PlannedQuery("Values", values), null);
  }

  private DataFrame emptyFrame() {
    return new LocalDataFrame(this, new PlannedQuery("Values", new PlanNode.Values(new Schema(List.of()), List.of())), null);
  }

  @Override
  public DataFrame table(String name) {
    tableSchema(name);
    return sql("select * from \"" + SessionCatalog.normalize(name) + "\"");
  }

  @Override
  public BufferAllocator allocator() {
    return allocator;
  }

  @Override
  public void close() {
    try {
      if (planRunner != null) {
        planRunner.close();
      }
      memoryTables.close();
      if (workDir != null) {
        org.ballista.runtime.shuffle.ShuffleFiles.deleteTree(workDir);
      }
      if (ownsExecutor) {
        executor.shutdownNow();
      }
    } finally {
      allocator.close();
    }
  }
}
