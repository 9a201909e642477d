package org.ballista.api.serde;

import static org.ballista.api.serde.SerdeErrors.check;
import static org.ballista.api.serde.SerdeErrors.invalid;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.expr.Expr;
import org.ballista.api.plan.AggregateCall;
import org.ballista.api.plan.AggregateMode;
import org.ballista.api.plan.JoinType;
import org.ballista.api.plan.PlanNode;
import org.ballista.api.plan.SortKey;
import org.ballista.api.plan.TableSource;
import org.ballista.api.proto.AggregateNode;
import org.ballista.api.proto.CsvSource;
import org.ballista.api.proto.FilterNode;
import org.ballista.api.proto.HashJoinNode;
import org.ballista.api.proto.HashPartitioning;
import org.ballista.api.proto.LimitNode;
import org.ballista.api.proto.LiteralRow;
import org.ballista.api.proto.MemorySource;
import org.ballista.api.proto.NestedLoopJoinNode;
import org.ballista.api.proto.ParquetSource;
import org.ballista.api.proto.ProjectNode;
import org.ballista.api.proto.ScanNode;
import org.ballista.api.proto.SinglePartitioning;
import org.ballista.api.proto.SortNode;
import org.ballista.api.proto.UnionNode;
import org.ballista.api.proto.UnknownPartitioning;
import org.ballista.api.proto.ValuesNode;

/**
 * Converts {@link PlanNode} trees (and their parts: table sources, aggregate calls, sort keys, join
 * types, aggregation modes, partitionings) to and from the messages of {@code ballista/plan.proto}.
 * Stateless.
 *
 * <p>Round trip: {@code fromProto(toProto(p))} prints the same and serializes to the same bytes
 * as {@code p}. One normalization: a HashJoin's {@code nullSafe} of null (no key null-safe) comes
 * back as null when the join has keys, and as an empty array when it has none.
 *
 * <p>A {@link TableSource.Memory} names batches held by one session: its plan can be sent, but it
 * only runs in the process that registered the batches.
 *
 * <p>The distributed nodes of the protocol (ShuffleWriterNode, ShuffleReaderNode,
 * UnresolvedShuffleNode) have no Java records yet: decoding them is UNSUPPORTED until they exist.
 *
 * <p>Decoding errors (malformed bytes, missing inputs, unknown enum values, mismatched key counts)
 * are {@code BallistaException}s of kind INTERNAL whose message starts with {@code "invalid plan:
 * "}; decoding never throws a NullPointerException. Bytes nest at most {@value
 * SerdeErrors#MAX_NESTING} messages deep (each plan node and each expression call is two).
 */
public final class PlanSerde {
  private PlanSerde() {}

  /** The protobuf bytes of {@code plan}. Deterministic: equal plans give equal bytes. */
  public static byte[] serialize(PlanNode plan) {
    return toProto(plan).toByteArray();
  }

  /** The plan of {@link #serialize} bytes; malformed bytes are INTERNAL "invalid plan: ...". */
  public static PlanNode deserialize(byte[] bytes) {
    return fromProto(SerdeErrors.parse(org.ballista.api.proto.PlanNode.parser(), bytes, "plan"));
  }

  public static org.ballista.api.proto.PlanNode toProto(PlanNode node) {
    if (node == null) {
      throw SerdeErrors.cannotSerialize("a null plan node");
    }
    org.ballista.api.proto.PlanNode.Builder b = org.ballista.api.proto.PlanNode.newBuilder();
    if (node instanceof PlanNode.Scan s) {
      b.setScan(ScanNode.newBuilder()
          .setTableName(notNull(s.tableName(), "Scan table name"))
          .setSource(toProto(s.source()))
          .addAllProjection(ints(s.projection(), "Scan projection"))
          .addAllFilters(exprs(s.filters()))
          .setSchema(SchemaSerde.toProto(s.schema())));
    } else if (node instanceof PlanNode.Values v) {
      ValuesNode.Builder values = ValuesNode.newBuilder().setSchema(SchemaSerde.toProto(v.schema()));
      for (List<Expr.Literal> row : v.rows()) {
        LiteralRow.Builder r = LiteralRow.newBuilder();
        for (Expr.Literal l : row) {
          r.addValues(ExprSerde.literalToProto(l));
        }
        values.addRows(r);
      }
      b.setValues(values);
    } else if (node instanceof PlanNode.Filter f) {
      b.setFilter(FilterNode.newBuilder().setInput(toProto(f.input())).setPredicate(ExprSerde.toProto(f.predicate())));
    } else if (node instanceof PlanNode.Project p) {
      b.setProject(ProjectNode.newBuilder()
          .setInput(toProto(p.input()))
          .addAllExprs(exprs(p.exprs()))
          .setSchema(SchemaSerde.toProto(p.schema())));
    } else if (node instanceof PlanNode.Aggregate a) {
      AggregateNode.Builder agg = AggregateNode.newBuilder()
          .setInput(toProto(a.input()))
          .addAllGroupKeys(ints(a.groupKeys(), "Aggregate group keys"))
          .setMode(toProto(a.mode()))
          .setSchema(SchemaSerde.toProto(a.schema()));
      for (AggregateCall call : a.aggregates()) {
        agg.addAggregates(toProto(call));
      }
      b.setAggregate(agg);
    } else if (node instanceof PlanNode.HashJoin j) {
      HashJoinNode.Builder join = HashJoinNode.newBuilder()
          .setLeft(toProto(j.left()))
          .setRight(toProto(j.right()))
          .setJoinType(toProto(j.joinType()))
          .addAllLeftKeys(ints(j.leftKeys(), "HashJoin left keys"))
          .addAllRightKeys(ints(j.rightKeys(), "HashJoin right keys"))
          .setSchema(SchemaSerde.toProto(j.schema()));
      if (j.nullSafe() != null) {
        for (boolean ns : j.nullSafe()) {
          join.addNullSafe(ns);
        }
      }
      if (j.condition() != null) {
        join.setCondition(ExprSerde.toProto(j.condition()));
      }
      b.setHashJoin(join);
    } else if (node instanceof PlanNode.NestedLoopJoin j) {
      NestedLoopJoinNode.Builder join = NestedLoopJoinNode.newBuilder()
          .setLeft(toProto(j.left()))
          .setRight(toProto(j.right()))
          .setJoinType(toProto(j.joinType()))
          .setSchema(SchemaSerde.toProto(j.schema()));
      if (j.condition() != null) {
        join.setCondition(ExprSerde.toProto(j.condition()));
      }
      b.setNestedLoopJoin(join);
    } else if (node instanceof PlanNode.Sort s) {
      SortNode.Builder sort = SortNode.newBuilder().setInput(toProto(s.input())).setOffset(s.offset()).setFetch(s.fetch());
      for (SortKey k : s.keys()) {
        sort.addKeys(toProto(k));
      }
      b.setSort(sort);
    } else if (node instanceof PlanNode.Window w) {
      org.ballista.api.proto.WindowNode.Builder window = org.ballista.api.proto.WindowNode.newBuilder()
          .setInput(toProto(w.input())).setSchema(SchemaSerde.toProto(w.schema()));
      for (int k : w.partitionKeys()) {
        window.addPartitionKeys(k);
      }
      for (SortKey k : w.orderKeys()) {
        window.addOrderKeys(toProto(k));
      }
      for (org.ballista.api.plan.WindowCall call : w.calls()) {
        window.addCalls(toProto(call));
      }
      b.setWindow(window);
    } else if (node instanceof PlanNode.Limit l) {
      b.setLimit(LimitNode.newBuilder().setInput(toProto(l.input())).setOffset(l.offset()).setFetch(l.fetch()));
    } else if (node instanceof PlanNode.Union u) {
      UnionNode.Builder union = UnionNode.newBuilder().setSchema(SchemaSerde.toProto(u.schema()));
      for (PlanNode in : u.inputs()) {
        union.addInputs(toProto(in));
      }
      b.setUnion(union);
    } else if (node instanceof PlanNode.ShuffleWrite w) {
      org.ballista.api.proto.Partitioning.Builder out = org.ballista.api.proto.Partitioning.newBuilder();
      if (w.hashKeys().length == 0) {
        out.setUnknown(org.ballista.api.proto.UnknownPartitioning.newBuilder().setPartitionCount(w.outputPartitions()));
      } else {
        List<org.ballista.api.expr.Expr> keys = new ArrayList<>();
        for (int k : w.hashKeys()) {
          keys.add(new org.ballista.api.expr.Expr.Column(k,
              org.ballista.api.types.DataType.fromArrow(w.input().schema().getFields().get(k).getType())));
        }
        out = toProto(new Partitioning.Hash(keys, w.outputPartitions())).toBuilder();
      }
      b.setShuffleWriter(org.ballista.api.proto.ShuffleWriterNode.newBuilder()
          .setInput(toProto(w.input())).setStageId(w.stageId()).setOutputPartitioning(out));
    } else if (node instanceof PlanNode.ShuffleRead r) {
      b.setUnresolvedShuffle(org.ballista.api.proto.UnresolvedShuffleNode.newBuilder()
          .setStageId(r.stageId()).setSchema(SchemaSerde.toProto(r.schema()))
          .setPartitionCount(r.partitions()).setBroadcast(r.broadcast()));
    } else {
      throw SerdeErrors.cannotSerialize("plan node " + node.getClass().getName());
    }
    return b.build();
  }

  public static PlanNode fromProto(org.ballista.api.proto.PlanNode proto) {
    try {
      return decode(proto);
    } catch (RuntimeException e) {
      throw SerdeErrors.translate(e);
    }
  }

  private static PlanNode decode(org.ballista.api.proto.PlanNode proto) {
    switch (proto.getNodeCase()) {
      case SCAN -> {
        ScanNode s = proto.getScan();
        check(s.hasSource(), "Scan of '" + s.getTableName() + "' has no table source");
        return new PlanNode.Scan(s.getTableName(), decode(s.getSource()), indexes(s.getProjectionList(), "Scan projection"),
            ExprSerde.decodeAll(s.getFiltersList()), schema(s.hasSchema(), s.getSchema(), "Scan"));
      }
      case VALUES -> {
        ValuesNode v = proto.getValues();
        List<List<Expr.Literal>> rows = new ArrayList<>(v.getRowsCount());
        for (LiteralRow r : v.getRowsList()) {
          List<Expr.Literal> row = new ArrayList<>(r.getValuesCount());
          for (org.ballista.api.proto.Literal l : r.getValuesList()) {
            row.add(ExprSerde.literal(l));
          }
          rows.add(row);
        }
        return new PlanNode.Values(schema(v.hasSchema(), v.getSchema(), "Values"), rows);
      }
      case FILTER -> {
        FilterNode f = proto.getFilter();
        check(f.hasPredicate(), "Filter has no predicate");
        return new PlanNode.Filter(input(f.hasInput(), f.getInput(), "Filter"), ExprSerde.decode(f.getPredicate()));
      }
      case PROJECT -> {
        ProjectNode p = proto.getProject();
        return new PlanNode.Project(input(p.hasInput(), p.getInput(), "Project"), ExprSerde.decodeAll(p.getExprsList()),
            schema(p.hasSchema(), p.getSchema(), "Project"));
      }
      case AGGREGATE -> {
        AggregateNode a = proto.getAggregate();
        List<AggregateCall> calls = new ArrayList<>(a.getAggregatesCount());
        for (org.ballista.api.proto.AggregateCall c : a.getAggregatesList()) {
          calls.add(fromProto(c));
        }
        return new PlanNode.Aggregate(input(a.hasInput(), a.getInput(), "Aggregate"),
            indexes(a.getGroupKeysList(), "Aggregate group keys"), calls, fromProto(a.getMode()),
            schema(a.hasSchema(), a.getSchema(), "Aggregate"));
      }
      case HASH_JOIN -> {
        HashJoinNode j = proto.getHashJoin();
        int keys = j.getLeftKeysCount();
        check(j.getRightKeysCount() == keys, "HashJoin has " + keys + " left keys but " + j.getRightKeysCount() + " right keys");
        check(j.getNullSafeCount() == 0 || j.getNullSafeCount() == keys,
            "HashJoin has " + keys + " keys but " + j.getNullSafeCount() + " null-safe flags");
        boolean[] nullSafe = null;
        if (j.getNullSafeCount() == keys) {
          nullSafe = new boolean[keys];
          for (int i = 0; i < keys; i++) {
            nullSafe[i] = j.getNullSafe(i);
          }
        }
        return new PlanNode.HashJoin(input(j.hasLeft(), j.getLeft(), "HashJoin left"),
            input(j.hasRight(), j.getRight(), "HashJoin right"), fromProto(j.getJoinType()),
            indexes(j.getLeftKeysList(), "HashJoin left keys"), indexes(j.getRightKeysList(), "HashJoin right keys"),
            nullSafe, j.hasCondition() ? ExprSerde.decode(j.getCondition()) : null,
            schema(j.hasSchema(), j.getSchema(), "HashJoin"));
      }
      case NESTED_LOOP_JOIN -> {
        NestedLoopJoinNode j = proto.getNestedLoopJoin();
        return new PlanNode.NestedLoopJoin(input(j.hasLeft(), j.getLeft(), "NestedLoopJoin left"),
            input(j.hasRight(), j.getRight(), "NestedLoopJoin right"), fromProto(j.getJoinType()),
            j.hasCondition() ? ExprSerde.decode(j.getCondition()) : null,
            schema(j.hasSchema(), j.getSchema(), "NestedLoopJoin"));
      }
      case SORT -> {
        SortNode s = proto.getSort();
        List<SortKey> keys = new ArrayList<>(s.getKeysCount());
        for (org.ballista.api.proto.SortKey k : s.getKeysList()) {
          keys.add(fromProto(k));
        }
        checkOffsetFetch(s.getOffset(), s.getFetch(), "Sort");
        return new PlanNode.Sort(input(s.hasInput(), s.getInput(), "Sort"), keys, s.getOffset(), s.getFetch());
      }
      case WINDOW -> {
        org.ballista.api.proto.WindowNode w = proto.getWindow();
        List<SortKey> orderKeys = new ArrayList<>(w.getOrderKeysCount());
        for (org.ballista.api.proto.SortKey k : w.getOrderKeysList()) {
          orderKeys.add(fromProto(k));
        }
        List<org.ballista.api.plan.WindowCall> calls = new ArrayList<>(w.getCallsCount());
        for (org.ballista.api.proto.WindowCall c : w.getCallsList()) {
          calls.add(fromProto(c));
        }
        check(!calls.isEmpty(), "Window has no calls");
        return new PlanNode.Window(input(w.hasInput(), w.getInput(), "Window"),
            indexes(w.getPartitionKeysList(), "Window partition keys"), orderKeys, calls,
            schema(w.hasSchema(), w.getSchema(), "Window"));
      }
      case LIMIT -> {
        LimitNode l = proto.getLimit();
        checkOffsetFetch(l.getOffset(), l.getFetch(), "Limit");
        return new PlanNode.Limit(input(l.hasInput(), l.getInput(), "Limit"), l.getOffset(), l.getFetch());
      }
      case UNION -> {
        UnionNode u = proto.getUnion();
        List<PlanNode> inputs = new ArrayList<>(u.getInputsCount());
        for (org.ballista.api.proto.PlanNode in : u.getInputsList()) {
          inputs.add(decode(in));
        }
        check(!inputs.isEmpty(), "Union has no inputs");
        return new PlanNode.Union(inputs, schema(u.hasSchema(), u.getSchema(), "Union"));
      }
      case SHUFFLE_WRITER -> {
        org.ballista.api.proto.ShuffleWriterNode w = proto.getShuffleWriter();
        Partitioning out = fromProto(w.getOutputPartitioning());
        int[] keys = new int[0];
        if (out instanceof Partitioning.Hash hash) {
          keys = new int[hash.keys().size()];
          for (int i = 0; i < keys.length; i++) {
            check(hash.keys().get(i) instanceof org.ballista.api.expr.Expr.Column, "ShuffleWriter keys must be columns");
            keys[i] = ((org.ballista.api.expr.Expr.Column) hash.keys().get(i)).index();
          }
        }
        check(out.partitionCount() >= 1, "ShuffleWriter has no output partitions");
        return new PlanNode.ShuffleWrite(w.getStageId(), input(w.hasInput(), w.getInput(), "ShuffleWriter"), keys,
            out.partitionCount());
      }
      case UNRESOLVED_SHUFFLE -> {
        org.ballista.api.proto.UnresolvedShuffleNode u = proto.getUnresolvedShuffle();
        check(u.getPartitionCount() >= 1, "UnresolvedShuffle has no partitions");
        return new PlanNode.ShuffleRead(u.getStageId(), schema(u.hasSchema(), u.getSchema(), "UnresolvedShuffle"),
            u.getPartitionCount(), u.getBroadcast());
      }
      case SHUFFLE_READER -> throw new org.ballista.api.BallistaException(
          org.ballista.api.BallistaException.Kind.UNSUPPORTED,
          "resolved shuffle readers travel in TaskDefinition.inputs, not inside plans");
      case NODE_NOT_SET -> throw invalid("plan node has no kind (empty, or of a newer version)");
      default -> throw invalid("plan node kind " + proto.getNodeCase() + " is not known");
    }
  }

  private static void checkOffsetFetch(long offset, long fetch, String node) {
    check(offset >= 0 && fetch >= -1, node + " has offset " + offset + " and fetch " + fetch);
  }

  private static PlanNode input(boolean present, org.ballista.api.proto.PlanNode input, String of) {
    check(present, of + " has no input");
    return decode(input);
  }

  private static Schema schema(boolean present, org.ballista.api.proto.Schema schema, String of) {
    check(present, of + " has no schema");
    return SchemaSerde.fromProto(schema);
  }

  // ---- table sources

  public static org.ballista.api.proto.TableSource toProto(TableSource source) {
    org.ballista.api.proto.TableSource.Builder b = org.ballista.api.proto.TableSource.newBuilder();
    if (source instanceof TableSource.Parquet p) {
      b.setParquet(ParquetSource.newBuilder().addAllFiles(p.files()).setSchema(SchemaSerde.toProto(p.schema())));
    } else if (source instanceof TableSource.Csv c) {
      b.setCsv(CsvSource.newBuilder().addAllFiles(c.files()).setSchema(SchemaSerde.toProto(c.schema()))
          .setHeader(c.header()).setDelimiter(c.delimiter()));
    } else if (source instanceof TableSource.Memory m) {
      b.setMemory(MemorySource.newBuilder().setId(notNull(m.id(), "memory table id")).setSchema(SchemaSerde.toProto(m.schema())));
    } else {
      throw SerdeErrors.cannotSerialize("table source " + (source == null ? "null" : source.getClass().getName()));
    }
    return b.build();
  }

  public static TableSource fromProto(org.ballista.api.proto.TableSource proto) {
    try {
      return decode(proto);
    } catch (RuntimeException e) {
      throw SerdeErrors.translate(e);
    }
  }

  private static TableSource decode(org.ballista.api.proto.TableSource proto) {
    switch (proto.getSourceCase()) {
      case PARQUET -> {
        ParquetSource p = proto.getParquet();
        return new TableSource.Parquet(p.getFilesList(), schema(p.hasSchema(), p.getSchema(), "Parquet source"));
      }
      case CSV -> {
        CsvSource c = proto.getCsv();
        check(c.getDelimiter() >= 0 && c.getDelimiter() <= Character.MAX_VALUE,
            "CSV delimiter " + Integer.toUnsignedString(c.getDelimiter()) + " is not a character");
        return new TableSource.Csv(c.getFilesList(), schema(c.hasSchema(), c.getSchema(), "CSV source"), c.getHeader(),
            (char) c.getDelimiter());
      }
      case MEMORY -> {
        MemorySource m = proto.getMemory();
        return new TableSource.Memory(m.getId(), schema(m.hasSchema(), m.getSchema(), "memory source"));
      }
      case SOURCE_NOT_SET -> throw invalid("table source has no kind (empty, or of a newer version)");
      default -> throw invalid("table source kind " + proto.getSourceCase() + " is not known");
    }
  }

  // ---- small parts

  public static org.ballista.api.proto.AggregateCall toProto(AggregateCall call) {
    if (call.function() == null) {
      throw SerdeErrors.cannotSerialize("aggregate call '" + call.name() + "' without a function");
    }
    return org.ballista.api.proto.AggregateCall.newBuilder()
        .setFunction(org.ballista.api.proto.AggregateCall.Function.valueOf(call.function().name()))
        .setArgument(call.argument())
        .setDistinct(call.distinct())
        .setFilterColumn(call.filterColumn())
        .setType(SchemaSerde.toProto(call.type()))
        .setName(notNull(call.name(), "aggregate call name"))
        .build();
  }

  public static AggregateCall fromProto(org.ballista.api.proto.AggregateCall proto) {
    org.ballista.api.proto.AggregateCall.Function f = proto.getFunction();
    if (f == org.ballista.api.proto.AggregateCall.Function.FUNCTION_UNSPECIFIED
        || f == org.ballista.api.proto.AggregateCall.Function.UNRECOGNIZED) {
      throw invalid("aggregate function " + proto.getFunctionValue() + " of '" + proto.getName() + "' is not known");
    }
    check(proto.getArgument() >= -1 && proto.getFilterColumn() >= -1,
        "aggregate '" + proto.getName() + "' has argument " + proto.getArgument() + " and filter " + proto.getFilterColumn());
    return new AggregateCall(AggregateCall.AggregateFunction.valueOf(f.name()), proto.getArgument(), proto.getDistinct(),
        proto.getFilterColumn(), ExprSerde.type(proto.hasType(), proto.getType(), "aggregate '" + proto.getName() + "'"),
        proto.getName());
  }

  public static org.ballista.api.proto.WindowCall toProto(org.ballista.api.plan.WindowCall call) {
    org.ballista.api.proto.WindowCall.Builder b = org.ballista.api.proto.WindowCall.newBuilder()
        .setFunction(org.ballista.api.proto.WindowCall.Function.valueOf(call.function().name()))
        .setArgument(call.argument())
        .setOffset(call.offset())
        .setType(SchemaSerde.toProto(call.type()))
        .setName(call.name())
        .setFrame(org.ballista.api.proto.WindowFrame.newBuilder()
            .setUnits(org.ballista.api.proto.WindowFrame.Units.valueOf(call.frame().units().name()))
            .setLower(org.ballista.api.proto.WindowFrame.BoundKind.valueOf(call.frame().lower().kind().name()))
            .setLowerOffset(call.frame().lower().offset())
            .setUpper(org.ballista.api.proto.WindowFrame.BoundKind.valueOf(call.frame().upper().kind().name()))
            .setUpperOffset(call.frame().upper().offset()));
    if (call.defaultValue() != null) {
      b.setDefaultValue(ExprSerde.literalToProto(call.defaultValue()));
    }
    return b.build();
  }

  public static org.ballista.api.plan.WindowCall fromProto(org.ballista.api.proto.WindowCall proto) {
    org.ballista.api.proto.WindowCall.Function f = proto.getFunction();
    if (f == org.ballista.api.proto.WindowCall.Function.FUNCTION_UNSPECIFIED
        || f == org.ballista.api.proto.WindowCall.Function.UNRECOGNIZED) {
      throw invalid("window function " + proto.getFunctionValue() + " of '" + proto.getName() + "' is not known");
    }
    check(proto.getArgument() >= -1, "window call '" + proto.getName() + "' has argument " + proto.getArgument());
    check(proto.getOffset() >= 0 && proto.getOffset() <= Integer.MAX_VALUE,
        "window call '" + proto.getName() + "' has offset " + Integer.toUnsignedString(proto.getOffset()));
    org.ballista.api.proto.WindowFrame fr = proto.getFrame();
    check(proto.hasFrame() && fr.getUnits() != org.ballista.api.proto.WindowFrame.Units.UNITS_UNSPECIFIED
        && fr.getUnits() != org.ballista.api.proto.WindowFrame.Units.UNRECOGNIZED,
        "window call '" + proto.getName() + "' has no frame units");
    org.ballista.api.plan.WindowFrame frame;
    try {
      frame = new org.ballista.api.plan.WindowFrame(org.ballista.api.plan.WindowFrame.Units.valueOf(fr.getUnits().name()),
          new org.ballista.api.plan.WindowFrame.Bound(bound(fr.getLower(), proto.getName()), fr.getLowerOffset()),
          new org.ballista.api.plan.WindowFrame.Bound(bound(fr.getUpper(), proto.getName()), fr.getUpperOffset()));
    } catch (IllegalArgumentException e) {
      throw invalid("window call '" + proto.getName() + "': " + e.getMessage());
    }
    return new org.ballista.api.plan.WindowCall(org.ballista.api.plan.WindowCall.WindowFunction.valueOf(f.name()),
        proto.getArgument(), proto.getOffset(),
        proto.hasDefaultValue() ? ExprSerde.literalFromProto(proto.getDefaultValue()) : null, frame,
        ExprSerde.type(proto.hasType(), proto.getType(), "window call '" + proto.getName() + "'"), proto.getName());
  }

  private static org.ballista.api.plan.WindowFrame.BoundKind bound(org.ballista.api.proto.WindowFrame.BoundKind kind,
      String call) {
    if (kind == org.ballista.api.proto.WindowFrame.BoundKind.BOUND_KIND_UNSPECIFIED
        || kind == org.ballista.api.proto.WindowFrame.BoundKind.UNRECOGNIZED) {
      throw invalid("window call '" + call + "' has a frame bound that is not known");
    }
    return org.ballista.api.plan.WindowFrame.BoundKind.valueOf(kind.name());
  }

  public static org.ballista.api.proto.SortKey toProto(SortKey key) {
    if (key.column() < 0) {
      throw SerdeErrors.cannotSerialize("sort key on column " + key.column());
    }
    return org.ballista.api.proto.SortKey.newBuilder()
        .setColumn(key.column()).setAscending(key.ascending()).setNullsFirst(key.nullsFirst()).build();
  }

  public static SortKey fromProto(org.ballista.api.proto.SortKey proto) {
    check(proto.getColumn() >= 0, "sort key column " + Integer.toUnsignedString(proto.getColumn()) + " is out of range");
    return new SortKey(proto.getColumn(), proto.getAscending(), proto.getNullsFirst());
  }

  public static org.ballista.api.proto.JoinType toProto(JoinType type) {
    if (type == null) {
      throw SerdeErrors.cannotSerialize("a join without a join type");
    }
    return org.ballista.api.proto.JoinType.valueOf(type.name());
  }

  public static JoinType fromProto(org.ballista.api.proto.JoinType type) {
    if (type == org.ballista.api.proto.JoinType.JOIN_TYPE_UNSPECIFIED || type == org.ballista.api.proto.JoinType.UNRECOGNIZED) {
      throw invalid("join type " + type + " is not known");
    }
    return JoinType.valueOf(type.name());
  }

  public static org.ballista.api.proto.AggregateMode toProto(AggregateMode mode) {
    if (mode == null) {
      throw SerdeErrors.cannotSerialize("an aggregation without a mode");
    }
    return org.ballista.api.proto.AggregateMode.valueOf(mode.name());
  }

  public static AggregateMode fromProto(org.ballista.api.proto.AggregateMode mode) {
    if (mode == org.ballista.api.proto.AggregateMode.AGGREGATE_MODE_UNSPECIFIED
        || mode == org.ballista.api.proto.AggregateMode.UNRECOGNIZED) {
      throw invalid("aggregation mode " + mode + " is not known");
    }
    return AggregateMode.valueOf(mode.name());
  }

  public static org.ballista.api.proto.Partitioning toProto(Partitioning partitioning) {
    org.ballista.api.proto.Partitioning.Builder b = org.ballista.api.proto.Partitioning.newBuilder();
    if (partitioning instanceof Partitioning.Unknown u) {
      b.setUnknown(UnknownPartitioning.newBuilder().setPartitionCount(count(u.partitionCount())));
    } else if (partitioning instanceof Partitioning.Hash h) {
      b.setHash(HashPartitioning.newBuilder().addAllKeys(exprs(h.keys())).setPartitionCount(count(h.partitionCount())));
    } else if (partitioning instanceof Partitioning.Single) {
      b.setSingle(SinglePartitioning.getDefaultInstance());
    } else {
      throw SerdeErrors.cannotSerialize("partitioning " + partitioning);
    }
    return b.build();
  }

  public static Partitioning fromProto(org.ballista.api.proto.Partitioning proto) {
    try {
      switch (proto.getPartitioningCase()) {
        case UNKNOWN -> {
          return new Partitioning.Unknown(partitionCount(proto.getUnknown().getPartitionCount()));
        }
        case HASH -> {
          HashPartitioning h = proto.getHash();
          return new Partitioning.Hash(ExprSerde.decodeAll(h.getKeysList()), partitionCount(h.getPartitionCount()));
        }
        case SINGLE -> {
          return Partitioning.SINGLE;
        }
        case PARTITIONING_NOT_SET -> throw invalid("partitioning has no kind (empty, or of a newer version)");
        default -> throw invalid("partitioning kind " + proto.getPartitioningCase() + " is not known");
      }
    } catch (RuntimeException e) {
      throw SerdeErrors.translate(e);
    }
  }

  private static int count(int partitionCount) {
    if (partitionCount < 0) {
      throw SerdeErrors.cannotSerialize("partitioning into " + partitionCount + " partitions");
    }
    return partitionCount;
  }

  private static int partitionCount(int count) {
    check(count >= 0, "partition count " + Integer.toUnsignedString(count) + " is out of range");
    return count;
  }

  // ---- helpers

  private static List<org.ballista.api.proto.Expr> exprs(List<Expr> exprs) {
    List<org.ballista.api.proto.Expr> out = new ArrayList<>(exprs.size());
    for (Expr e : exprs) {
      out.add(ExprSerde.toProto(e));
    }
    return out;
  }

  private static List<Integer> ints(int[] values, String what) {
    if (values == null) {
      throw SerdeErrors.cannotSerialize(what + ": null");
    }
    List<Integer> out = new ArrayList<>(values.length);
    for (int v : values) {
      if (v < 0) {
        throw SerdeErrors.cannotSerialize(what + ": negative column index " + v);
      }
      out.add(v);
    }
    return out;
  }

  private static int[] indexes(List<Integer> values, String what) {
    int[] out = new int[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
      check(out[i] >= 0, what + ": column index " + Integer.toUnsignedString(out[i]) + " is out of range");
    }
    return out;
  }

  private static String notNull(String s, String what) {
    if (s == null) {
      throw SerdeErrors.cannotSerialize(what + ": null");
    }
    return s;
  }
}
