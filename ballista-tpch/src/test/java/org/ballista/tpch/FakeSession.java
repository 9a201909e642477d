package org.ballista.tpch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.DataFrame;
import org.ballista.api.QueryResult;
import org.ballista.api.SessionContext;
import org.ballista.api.exec.SessionConfig;
import org.ballista.api.types.DataType;
import org.ballista.runtime.vector.Vectors;

/**
 * A stand-in engine for CLI tests: answers each TPC-H query with its bundled SF 0.01 answer (all
 * columns VARCHAR), except that it fails the queries in {@code failing} and changes the first cell
 * of those in {@code wrong}. Closing it closes its allocator, so a leaked result fails the test.
 */
final class FakeSession implements SessionContext {
  private final SessionConfig config;
  private final List<Integer> failing;
  private final List<Integer> wrong;
  private final BufferAllocator allocator = new RootAllocator();
  final Map<String, String> tables = new TreeMap<>();
  int queriesRun;

  FakeSession(SessionConfig config, List<Integer> failing, List<Integer> wrong) {
    this.config = config;
    this.failing = failing;
    this.wrong = wrong;
  }

  @Override public SessionConfig config() { return config; }

  @Override public void registerParquet(String name, String path) { tables.put(name, path); }

  @Override public void registerCsv(String name, String path, Schema schema, boolean header, char delimiter) {
    throw new UnsupportedOperationException();
  }

  @Override public void registerBatches(String name, Schema schema, List<VectorSchemaRoot> batches) {
    throw new UnsupportedOperationException();
  }

  @Override public boolean deregisterTable(String name) { return tables.remove(name) != null; }

  @Override public List<String> tableNames() { return List.copyOf(tables.keySet()); }

  @Override public Schema tableSchema(String name) { return TpchSchemas.schema(name); }

  @Override public DataFrame table(String name) { throw new UnsupportedOperationException(); }

  @Override public BufferAllocator allocator() { return allocator; }

  @Override
  public DataFrame sql(String sql) {
    int query = 0;
    for (int q = 1; q <= TpchQueries.COUNT; q++) {
      if (TpchQueries.sql(q).equals(sql)) {
        query = q;
      }
    }
    if (query == 0) {
      throw new BallistaException(BallistaException.Kind.SQL_SYNTAX, "not a TPC-H query");
    }
    int q = query;
    return new DataFrame() {
      @Override public Schema schema() { throw new UnsupportedOperationException(); }
      @Override public void show() { throw new UnsupportedOperationException(); }
      @Override public String explain() { return ""; }
      @Override public DataFrame select(org.ballista.api.Expression... e) { throw new UnsupportedOperationException("fake"); }
      @Override public DataFrame filter(org.ballista.api.Expression e) { throw new UnsupportedOperationException("fake"); }
      @Override public DataFrame aggregate(java.util.List<org.ballista.api.Expression> g, java.util.List<org.ballista.api.Expression> a) { throw new UnsupportedOperationException("fake"); }
      @Override public DataFrame join(DataFrame r, JoinKind k, org.ballista.api.Expression on) { throw new UnsupportedOperationException("fake"); }
      @Override public DataFrame sort(org.ballista.api.Expression... e) { throw new UnsupportedOperationException("fake"); }
      @Override public DataFrame limit(long n) { throw new UnsupportedOperationException("fake"); }
      @Override public DataFrame limit(long o, long n) { throw new UnsupportedOperationException("fake"); }


      @Override
      public QueryResult collect() {
        queriesRun++;
        if (failing.contains(q)) {
          throw new BallistaException(BallistaException.Kind.EXECUTION, "boom in q" + q);
        }
        CsvTable answer = ExpectedAnswers.bundled(0.01).answer(q).orElseThrow();
        return asResult(answer, wrong.contains(q));
      }
    };
  }

  private QueryResult asResult(CsvTable answer, boolean corrupt) {
    List<Field> fields = new ArrayList<>();
    for (String c : answer.columns()) {
      fields.add(Vectors.field(c, DataType.UTF8, true));
    }
    Schema schema = new Schema(fields);
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    root.allocateNew();
    for (int r = 0; r < answer.rowCount(); r++) {
      for (int c = 0; c < fields.size(); c++) {
        String cell = answer.rows().get(r).get(c);
        if (corrupt && r == 0 && c == 0) {
          cell = cell + "X";
        }
        VarCharVector v = (VarCharVector) root.getVector(c);
        if (cell.isEmpty()) {
          v.setNull(r);
        } else {
          v.setSafe(r, cell.getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    root.setRowCount(answer.rowCount());
    return new QueryResult(schema, List.of(root));
  }

  @Override
  public void close() {
    allocator.close();
  }
}
