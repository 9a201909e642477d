package org.ballista.api.serde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.ballista.api.BallistaException;
import org.ballista.api.exec.Partitioning;
import org.ballista.api.expr.Expr;
import org.ballista.api.expr.Op;
import org.ballista.api.plan.AggregateCall;
import org.ballista.api.plan.AggregateMode;
import org.ballista.api.plan.JoinType;
import org.ballista.api.plan.PlanNode;
import org.ballista.api.plan.SortKey;
import org.ballista.api.plan.TableSource;
import org.ballista.api.proto.FilterNode;
import org.ballista.api.proto.HashJoinNode;
import org.ballista.api.proto.ShuffleReaderNode;
import org.ballista.api.proto.ShuffleWriterNode;
import org.ballista.api.proto.UnresolvedShuffleNode;
import org.ballista.api.types.DataType;
import org.junit.jupiter.api.Test;

class PlanSerdeTest {
  static Field field(String name, DataType type, boolean nullable) {
    return new Field(name, new FieldType(nullable, type.toArrow(), null), null);
  }

  static final Schema TABLE = new Schema(List.of(field("k", DataType.INT64, false), field("name", DataType.UTF8, true),
      field("price", DataType.decimal(15, 2), false), field("day", DataType.DATE, true)));
  static final Schema KEY_NAME = new Schema(List.of(field("k", DataType.INT64, false), field("name", DataType.UTF8, true)));

  static Expr col(int i, DataType t) {
    return new Expr.Column(i, t);
  }

  static PlanNode.Scan parquet() {
    return new PlanNode.Scan("t", new TableSource.Parquet(List.of("/data/t/a.parquet", "/data/t/b.parquet"), TABLE),
        new int[] {0, 1}, List.of(new Expr.Call(Op.GT, List.of(col(0, DataType.INT64), new Expr.Literal(5L, DataType.INT64)),
            DataType.BOOL)), KEY_NAME);
  }

  static PlanNode.Scan csv() {
    return new PlanNode.Scan("c", new TableSource.Csv(List.of("/data/c.csv"), TABLE, true, '|'), new int[] {0, 1}, List.of(),
        KEY_NAME);
  }

  static PlanNode.Scan memory() {
    return new PlanNode.Scan("m", new TableSource.Memory("m-1234", KEY_NAME), new int[] {0, 1}, List.of(), KEY_NAME);
  }

  /** A plan with every kind of node and part. */
  static PlanNode everything() {
    Schema joined = new Schema(Stream.concat(KEY_NAME.getFields().stream(), KEY_NAME.getFields().stream()).toList());
    PlanNode hashJoin = new PlanNode.HashJoin(new PlanNode.Filter(parquet(), new Expr.Like(col(1, DataType.UTF8), "a%", null,
        false)), csv(), JoinType.LEFT, new int[] {0, 1}, new int[] {0, 1}, new boolean[] {false, true},
        new Expr.Call(Op.NE, List.of(col(1, DataType.UTF8), col(3, DataType.UTF8)), DataType.BOOL), joined);
    PlanNode semi = new PlanNode.HashJoin(hashJoin, memory(), JoinType.SEMI, new int[] {0}, new int[] {0}, new boolean[] {false},
        null, joined);
    PlanNode nlj = new PlanNode.NestedLoopJoin(semi, new PlanNode.Values(KEY_NAME, List.of(
        List.of(new Expr.Literal(1L, DataType.INT64), new Expr.Literal("x", DataType.UTF8)),
        List.of(new Expr.Literal(2L, DataType.INT64), new Expr.Literal(null, DataType.UTF8)))), JoinType.INNER,
        new Expr.Call(Op.LT, List.of(col(0, DataType.INT64), col(4, DataType.INT64)), DataType.BOOL),
        new Schema(Stream.concat(joined.getFields().stream(), KEY_NAME.getFields().stream()).toList()));
    PlanNode cross = new PlanNode.NestedLoopJoin(nlj, new PlanNode.Values(new Schema(List.of()), List.of(List.of())),
        JoinType.INNER, null, nlj.schema());
    Schema projected = new Schema(List.of(field("k", DataType.INT64, false), field("amount", DataType.decimal(15, 2), true)));
    PlanNode project = new PlanNode.Project(cross, List.of(col(0, DataType.INT64),
        new Expr.Case(List.of(new Expr.Call(Op.IS_NULL, List.of(col(1, DataType.UTF8)), DataType.BOOL)),
            List.of(new Expr.Literal(new BigDecimal("0.00"), DataType.decimal(15, 2))),
            new Expr.Cast(col(0, DataType.INT64), DataType.decimal(15, 2)), DataType.decimal(15, 2))), projected);
    Schema aggSchema = new Schema(List.of(field("k", DataType.INT64, false), field("total", DataType.decimal(38, 2), true),
        field("n", DataType.INT64, false), field("d", DataType.INT64, false)));
    PlanNode aggregate = new PlanNode.Aggregate(project, new int[] {0}, List.of(
        new AggregateCall(AggregateCall.AggregateFunction.SUM, 1, false, -1, DataType.decimal(38, 2), "total"),
        new AggregateCall(AggregateCall.AggregateFunction.COUNT, -1, false, -1, DataType.INT64, "n"),
        new AggregateCall(AggregateCall.AggregateFunction.COUNT, 1, true, 0, DataType.INT64, "d")), AggregateMode.SINGLE,
        aggSchema);
    PlanNode union = new PlanNode.Union(List.of(aggregate, aggregate), aggSchema);
    PlanNode sort = new PlanNode.Sort(union, List.of(new SortKey(1, false, true), new SortKey(0, true, false)), 2, 10);
    return new PlanNode.Limit(sort, 1, -1);
  }

  static PlanNode roundTrip(PlanNode plan) {
    byte[] bytes = PlanSerde.serialize(plan);
    PlanNode back = PlanSerde.deserialize(bytes);
    assertArrayEquals(bytes, PlanSerde.serialize(back));
    assertEquals(plan.schema(), back.schema());
    return back;
  }

  @Test
  void everyNodeRoundTrips() {
    PlanNode back = roundTrip(everything());
    // Walk both trees: same node classes and schemas everywhere, and the array fields by value.
    List<PlanNode> want = new ArrayList<>();
    List<PlanNode> got = new ArrayList<>();
    flatten(everything(), want);
    flatten(back, got);
    assertEquals(want.size(), got.size());
    for (int i = 0; i < want.size(); i++) {
      PlanNode w = want.get(i);
      PlanNode g = got.get(i);
      assertEquals(w.getClass(), g.getClass());
      assertEquals(w.schema(), g.schema());
      if (w instanceof PlanNode.Scan ws) {
        PlanNode.Scan gs = (PlanNode.Scan) g;
        assertEquals(ws.tableName(), gs.tableName());
        assertEquals(ws.source(), gs.source());
        assertArrayEquals(ws.projection(), gs.projection());
        assertEquals(ws.filters(), gs.filters());
      } else if (w instanceof PlanNode.HashJoin wj) {
        PlanNode.HashJoin gj = (PlanNode.HashJoin) g;
        assertEquals(wj.joinType(), gj.joinType());
        assertArrayEquals(wj.leftKeys(), gj.leftKeys());
        assertArrayEquals(wj.rightKeys(), gj.rightKeys());
        assertArrayEquals(wj.nullSafe(), gj.nullSafe());
        assertEquals(wj.condition(), gj.condition());
      } else if (w instanceof PlanNode.Aggregate wa) {
        PlanNode.Aggregate ga = (PlanNode.Aggregate) g;
        assertArrayEquals(wa.groupKeys(), ga.groupKeys());
        assertEquals(wa.aggregates(), ga.aggregates());
        assertEquals(wa.mode(), ga.mode());
      } else if (w instanceof PlanNode.Values wv) {
        assertEquals(wv.rows(), ((PlanNode.Values) g).rows());
      } else if (w instanceof PlanNode.Filter wf) {
        assertEquals(wf.predicate(), ((PlanNode.Filter) g).predicate());
      } else if (w instanceof PlanNode.Project wp) {
        assertEquals(wp.exprs(), ((PlanNode.Project) g).exprs());
      } else if (w instanceof PlanNode.NestedLoopJoin wn) {
        assertEquals(wn.joinType(), ((PlanNode.NestedLoopJoin) g).joinType());
        assertEquals(wn.condition(), ((PlanNode.NestedLoopJoin) g).condition());
      } else if (w instanceof PlanNode.Sort ws) {
        PlanNode.Sort gs = (PlanNode.Sort) g;
        assertEquals(List.of(ws.keys(), ws.offset(), ws.fetch()), List.of(gs.keys(), gs.offset(), gs.fetch()));
      } else if (w instanceof PlanNode.Limit wl) {
        PlanNode.Limit gl = (PlanNode.Limit) g;
        assertEquals(List.of(wl.offset(), wl.fetch()), List.of(gl.offset(), gl.fetch()));
      } else if (w instanceof PlanNode.Union wu) {
        assertEquals(wu.inputs().size(), ((PlanNode.Union) g).inputs().size());
      }
    }
    assertEquals(Set.of("Scan", "Values", "Filter", "Project", "Aggregate", "HashJoin", "NestedLoopJoin", "Sort", "Limit",
        "Union"), want.stream().map(n -> n.getClass().getSimpleName()).collect(Collectors.toSet()));
  }

  private static void flatten(PlanNode node, List<PlanNode> out) {
    out.add(node);
    for (PlanNode c : node.children()) {
      flatten(c, out);
    }
  }

  @Test
  void nullSafeOfNullStaysNullWhenThereAreKeys() {
    PlanNode.HashJoin join = new PlanNode.HashJoin(parquet(), csv(), JoinType.INNER, new int[] {0}, new int[] {0}, null, null,
        new Schema(Stream.concat(KEY_NAME.getFields().stream(), KEY_NAME.getFields().stream()).toList()));
    PlanNode.HashJoin back = (PlanNode.HashJoin) roundTrip(join);
    assertNull(back.nullSafe());
    assertNull(back.condition());
  }

  @Test
  void enumsMatchTheJavaEnumsByName() {
    for (JoinType t : JoinType.values()) {
      assertEquals(t, PlanSerde.fromProto(PlanSerde.toProto(t)));
    }
    for (AggregateMode m : AggregateMode.values()) {
      assertEquals(m, PlanSerde.fromProto(PlanSerde.toProto(m)));
    }
    for (AggregateCall.AggregateFunction f : AggregateCall.AggregateFunction.values()) {
      AggregateCall call = new AggregateCall(f, 3, true, 2, DataType.FLOAT64, "a_" + f);
      assertEquals(call, PlanSerde.fromProto(PlanSerde.toProto(call)));
    }
    assertEquals(names(JoinType.values()), protoNames(org.ballista.api.proto.JoinType.values()));
    assertEquals(names(AggregateMode.values()), protoNames(org.ballista.api.proto.AggregateMode.values()));
    assertEquals(names(AggregateCall.AggregateFunction.values()),
        protoNames(org.ballista.api.proto.AggregateCall.Function.values()));
  }

  private static Set<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> protoNames(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).filter(n -> !n.endsWith("UNSPECIFIED") && !n.equals("UNRECOGNIZED"))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void partitioningsRoundTrip() {
    for (Partitioning p : List.of(new Partitioning.Unknown(8), Partitioning.SINGLE,
        new Partitioning.Hash(List.of(col(0, DataType.INT64), col(2, DataType.UTF8)), 16))) {
      Partitioning back = PlanSerde.fromProto(PlanSerde.toProto(p));
      assertEquals(p, back);
      assertEquals(p.partitionCount(), back.partitionCount());
    }
  }

  @Test
  void shuffleNodesRoundTrip() {
    PlanNode.ShuffleRead read = new PlanNode.ShuffleRead(1, KEY_NAME, 4, false);
    PlanNode.ShuffleRead broadcast = new PlanNode.ShuffleRead(2, KEY_NAME, 1, true);
    PlanNode.ShuffleWrite write = new PlanNode.ShuffleWrite(3,
        new PlanNode.Union(List.of(read, broadcast), KEY_NAME), new int[] {0}, 8);
    PlanNode.ShuffleWrite back = (PlanNode.ShuffleWrite) PlanSerde.deserialize(PlanSerde.serialize(write));
    assertEquals(3, back.stageId());
    assertEquals(8, back.outputPartitions());
    assertEquals(List.of(0), java.util.Arrays.stream(back.hashKeys()).boxed().toList());
    PlanNode.Union union = (PlanNode.Union) back.input();
    assertEquals(read, union.inputs().get(0));
    assertEquals(broadcast, union.inputs().get(1));
    PlanNode.ShuffleWrite single = new PlanNode.ShuffleWrite(4, read, new int[0], 1);
    PlanNode.ShuffleWrite singleBack = (PlanNode.ShuffleWrite) PlanSerde.deserialize(PlanSerde.serialize(single));
    assertEquals(0, singleBack.hashKeys().length);
    assertEquals(1, singleBack.outputPartitions());
    // resolved readers travel beside the plan (TaskDefinition.inputs), never inside it
    BallistaException e = assertThrows(BallistaException.class, () -> PlanSerde.deserialize(
        org.ballista.api.proto.PlanNode.newBuilder().setShuffleReader(ShuffleReaderNode.newBuilder().setStageId(1)
            .setSchema(SchemaSerde.toProto(KEY_NAME))).build().toByteArray()));
    assertEquals(BallistaException.Kind.UNSUPPORTED, e.kind());
  }

  static void assertInvalid(org.ballista.api.proto.PlanNode proto, String fragment) {
    BallistaException e = assertThrows(BallistaException.class, () -> PlanSerde.deserialize(proto.toByteArray()));
    assertEquals(BallistaException.Kind.INTERNAL, e.kind());
    assertTrue(e.getMessage().startsWith("invalid plan: ") && e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void incompletePlansAreReported() {
    org.ballista.api.proto.PlanNode scan = PlanSerde.toProto(parquet());
    assertInvalid(org.ballista.api.proto.PlanNode.getDefaultInstance(), "plan node has no kind");
    assertInvalid(org.ballista.api.proto.PlanNode.newBuilder().setFilter(FilterNode.newBuilder()
        .setPredicate(ExprSerde.toProto(new Expr.Literal(true, DataType.BOOL)))).build(), "Filter has no input");
    assertInvalid(org.ballista.api.proto.PlanNode.newBuilder().setFilter(FilterNode.newBuilder().setInput(scan)).build(),
        "Filter has no predicate");
    HashJoinNode join = PlanSerde.toProto(new PlanNode.HashJoin(parquet(), csv(), JoinType.INNER, new int[] {0},
        new int[] {0}, new boolean[] {false}, null, KEY_NAME)).getHashJoin();
    assertInvalid(org.ballista.api.proto.PlanNode.newBuilder().setHashJoin(join.toBuilder().addRightKeys(1)).build(),
        "1 left keys but 2 right keys");
    assertInvalid(org.ballista.api.proto.PlanNode.newBuilder().setHashJoin(join.toBuilder().addNullSafe(true)).build(),
        "2 null-safe flags");
    assertInvalid(org.ballista.api.proto.PlanNode.newBuilder().setHashJoin(join.toBuilder().clearRight()).build(),
        "HashJoin right has no input");
    assertInvalid(org.ballista.api.proto.PlanNode.newBuilder().setHashJoin(join.toBuilder().setJoinTypeValue(0)).build(),
        "join type");
    assertInvalid(org.ballista.api.proto.PlanNode.newBuilder().setScan(scan.getScan().toBuilder().clearSource()).build(),
        "Scan of 't' has no table source");
    assertInvalid(org.ballista.api.proto.PlanNode.newBuilder().setScan(scan.getScan().toBuilder().clearSchema()).build(),
        "Scan has no schema");
    assertInvalid(org.ballista.api.proto.PlanNode.newBuilder().setScan(scan.getScan().toBuilder()
        .setSource(org.ballista.api.proto.TableSource.getDefaultInstance())).build(), "table source has no kind");
  }

  @Test
  void malformedBytesAreAnInvalidPlanNeverAnotherException() {
    byte[] good = PlanSerde.serialize(everything());
    for (byte[] bytes : new byte[][] {null, {(byte) 0x80}, {0x0a, 0x7f}, Arrays.copyOf(good, good.length / 2)}) {
      BallistaException e = assertThrows(BallistaException.class, () -> PlanSerde.deserialize(bytes));
      assertEquals(BallistaException.Kind.INTERNAL, e.kind());
      assertTrue(e.getMessage().startsWith("invalid plan: "), e.getMessage());
    }
    // Corrupted bytes: each decodes to some plan or fails with a BallistaException, nothing else.
    Random random = new Random(42);
    int failures = 0;
    for (int i = 0; i < 300; i++) {
      byte[] bytes = good.clone();
      for (int k = 0; k < 1 + random.nextInt(3); k++) {
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
      }
      try {
        PlanSerde.deserialize(bytes);
      } catch (BallistaException e) {
        failures++;
        assertTrue(e.getMessage().startsWith("invalid plan: ") || e.kind() == BallistaException.Kind.UNSUPPORTED,
            e.getMessage());
      }
    }
    assertTrue(failures > 0);
  }

  @Test
  void deepPlansRoundTrip() {
    PlanNode plan = parquet();
    for (int i = 0; i < 100; i++) {
      plan = new PlanNode.Limit(plan, 0, 1000 - i);
    }
    PlanNode back = roundTrip(plan);
    assertEquals(901, ((PlanNode.Limit) back).fetch());
  }
}
