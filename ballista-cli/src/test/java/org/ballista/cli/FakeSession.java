package org.ballista.cli;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
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

/**
 * A stand-in engine: answers the SQL texts it was taught with canned rows (comments and runs of
 * whitespace do not matter), treats statements
 * starting with CREATE as DDL (no columns), and fails on anything else with a NOT_FOUND error. It
 * records every statement it is given, and its allocator's close fails if a result was leaked.
 */
final class FakeSession implements SessionContext {
  private record Answer(Schema schema, List<Object[]> rows) {}

  private final SessionConfig config;
  private final BufferAllocator allocator = new RootAllocator();
  private final Map<String, Answer> answers = new LinkedHashMap<>();
  private final List<String> statements = new ArrayList<>();
  private final List<String> tables = new ArrayList<>();
  private boolean closed;

  FakeSession(SessionConfig config) {
    this.config = config;
  }

  /** Teaches the session to answer {@code sql} with {@code rows} of columns {@code names} typed {@code types}. */
  FakeSession answer(String sql, List<String> names, List<DataType> types, Object[]... rows) {
    List<Field> fields = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      fields.add(Field.nullable(names.get(i), types.get(i).toArrow()));
    }
    answers.put(sql, new Answer(new Schema(fields), List.of(rows)));
    return this;
  }

  List<String> statements() {
    return statements;
  }

  boolean closed() {
    return closed;
  }

  @Override
  public SessionConfig config() {
    return config;
  }

  @Override
  public DataFrame sql(String sql) {
    statements.add(sql);
    if (sql.regionMatches(true, 0, "create", 0, 6)) {
      tables.add(sql.split("\\s+")[sql.split("\\s+").length - 1]);
      return new CannedFrame(new Schema(List.of()), List.of());
    }
    Answer answer = answers.get(sql.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("--[^\n]*\n", "").replaceAll("\\s+", " ").strip());
    if (answer == null) {
      throw new BallistaException(BallistaException.Kind.NOT_FOUND, "no answer for: " + sql);
    }
    return new CannedFrame(answer.schema(), answer.rows());
  }

  private final class CannedFrame implements DataFrame {
    private final Schema schema;
    private final List<Object[]> rows;

    CannedFrame(Schema schema, List<Object[]> rows) {
      this.schema = schema;
      this.rows = rows;
    }

    @Override
    public Schema schema() {
      return schema;
    }

    @Override
    public QueryResult collect() {
      VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
      root.allocateNew();
      for (int r = 0; r < rows.size(); r++) {
        for (int c = 0; c < schema.getFields().size(); c++) {
          set(root.getVector(c), r, rows.get(r)[c]);
        }
      }
      root.setRowCount(rows.size());
      return new QueryResult(schema, List.of(root));
    }

    @Override
    public void show() {
      throw new UnsupportedOperationException();
    }

    @Override
    public String explain() {
      return "canned";
    }

    @Override public DataFrame select(org.ballista.api.Expression... e) { throw new UnsupportedOperationException("fake"); }
    @Override public DataFrame filter(org.ballista.api.Expression e) { throw new UnsupportedOperationException("fake"); }
    @Override public DataFrame aggregate(java.util.List<org.ballista.api.Expression> g, java.util.List<org.ballista.api.Expression> a) { throw new UnsupportedOperationException("fake"); }
    @Override public DataFrame join(DataFrame r, JoinKind k, org.ballista.api.Expression on) { throw new UnsupportedOperationException("fake"); }
    @Override public DataFrame sort(org.ballista.api.Expression... e) { throw new UnsupportedOperationException("fake"); }
    @Override public DataFrame limit(long n) { throw new UnsupportedOperationException("fake"); }
    @Override public DataFrame limit(long o, long n) { throw new UnsupportedOperationException("fake"); }
  }

  private static void set(FieldVector v, int row, Object value) {
    if (value == null) {
      v.setNull(row);
    } else if (v instanceof IntVector i) {
      i.setSafe(row, (Integer) value);
    } else if (v instanceof BigIntVector l) {
      l.setSafe(row, (Long) value);
    } else if (v instanceof DecimalVector d) {
      d.setSafe(row, new BigDecimal((String) value));
    } else if (v instanceof VarCharVector s) {
      s.setSafe(row, ((String) value).getBytes(StandardCharsets.UTF_8));
    } else {
      throw new IllegalArgumentException("fake cannot fill " + v.getClass());
    }
  }

  @Override
  public void registerParquet(String name, String path) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void registerCsv(String name, String path, Schema schema, boolean header, char delimiter) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void registerBatches(String name, Schema schema, List<VectorSchemaRoot> batches) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean deregisterTable(String name) {
    return tables.remove(name);
  }

  @Override
  public List<String> tableNames() {
    return tables.stream().sorted().toList();
  }

  @Override
  public Schema tableSchema(String name) {
    throw new BallistaException(BallistaException.Kind.NOT_FOUND, "table '" + name + "' not found");
  }

  @Override
  public DataFrame table(String name) {
    throw new UnsupportedOperationException();
  }

  @Override
  public BufferAllocator allocator() {
    return allocator;
  }

  @Override
  public void close() {
    closed = true;
    allocator.close();
  }
}
