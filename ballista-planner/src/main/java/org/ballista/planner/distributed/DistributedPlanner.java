package org.ballista.planner.distributed;

import java.util.ArrayList;
import java.util.List;
import org.ballista.api.plan.AggregateCall;
import org.ballista.api.plan.AggregateMode;
import org.ballista.api.plan.JoinType;
import org.ballista.api.plan.PlanNode;
import org.ballista.planner.PlanPrinter;

/**
 * Makes a single-process plan distributable and cuts it into stages, as Ballista does:
 *
 * <ol>
 *   <li>{@link #addExchanges} inserts a hash {@link PlanNode.Exchange} wherever rows with equal keys
 *       must meet: before the final half of an aggregation (the partial half runs before the
 *       exchange), on both sides of a hash join (or a broadcast of the build side for joins that
 *       need every build row: NOT IN, nested loops), and a single-partition exchange before sorts,
 *       limits and at the root.
 *   <li>{@link #split} turns every exchange into a stage boundary: the subtree below becomes a stage
 *       whose root is a {@link PlanNode.ShuffleWrite}; the node above reads it through a {@link
 *       PlanNode.ShuffleRead}.
 * </ol>
 */
public final class DistributedPlanner {
  /** Build sides read from at most this many bytes of files are broadcast instead of hash-partitioned. */
  public static final long DEFAULT_BROADCAST_BYTES = 10L << 20;

  private final int partitions;
  private final long broadcastBytes;

  /** @param partitions how many partitions hash exchanges produce */
  public DistributedPlanner(int partitions) {
    this(partitions, DEFAULT_BROADCAST_BYTES);
  }

  /**
   * @param partitions how many partitions hash exchanges produce
   * @param broadcastBytes largest input (file bytes) of a join build side that is broadcast to every
   *     task rather than hash-partitioned with the probe side; 0 disables broadcasts
   */
  public DistributedPlanner(int partitions, long broadcastBytes) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1");
    }
    this.partitions = partitions;
    this.broadcastBytes = broadcastBytes;
  }

  /**
   * The bytes of files a subtree of scans, filters and projections reads, or -1 when it holds other
   * operators (whose output size the planner cannot bound) or in-memory tables.
   */
  static long inputBytes(PlanNode node) {
    if (node instanceof PlanNode.Values) {
      return 0;
    }
    if (node instanceof PlanNode.Scan scan) {
      List<String> files;
      if (scan.source() instanceof org.ballista.api.plan.TableSource.Parquet p) {
        files = p.files();
      } else if (scan.source() instanceof org.ballista.api.plan.TableSource.Csv c) {
        files = c.files();
      } else {
        return -1;
      }
      long bytes = 0;
      for (String f : files) {
        bytes += new java.io.File(f.startsWith("file:") ? java.net.URI.create(f).getPath() : f).length();
      }
      return bytes;
    }
    if (node instanceof PlanNode.Filter || node instanceof PlanNode.Project) {
      return inputBytes(node.children().get(0));
    }
    return -1;
  }

  private boolean smallEnoughToBroadcast(PlanNode build) {
    long bytes = inputBytes(build);
    return bytes >= 0 && bytes <= broadcastBytes;
  }

  public StagePlan plan(PlanNode plan) {
    return split(addExchanges(plan));
  }

  /** The plan with exchanges; its root yields one partition. */
  public PlanNode addExchanges(PlanNode plan) {
    PlanNode p = rewrite(plan);
    return isSingle(p) ? p : single(p);
  }

  private PlanNode single(PlanNode input) {
    return new PlanNode.Exchange(input, new int[0], 1, false);
  }

  private PlanNode hash(PlanNode input, int[] keys) {
    return new PlanNode.Exchange(input, keys, partitions, false);
  }

  private PlanNode broadcast(PlanNode input) {
    return new PlanNode.Exchange(input, new int[0], 1, true);
  }

  private static boolean hasExchange(PlanNode node) {
    return node instanceof PlanNode.Exchange || node.children().stream().anyMatch(DistributedPlanner::hasExchange);
  }

  /** Whether a rewritten node is known to produce one partition. */
  private static boolean isSingle(PlanNode node) {
    if (node instanceof PlanNode.Exchange e) {
      return e.partitions() == 1 && !e.broadcast();
    }
    if (node instanceof PlanNode.Sort || node instanceof PlanNode.Limit || node instanceof PlanNode.Values) {
      return true;
    }
    if (node instanceof PlanNode.Filter || node instanceof PlanNode.Project || node instanceof PlanNode.Window) {
      return isSingle(node.children().get(0));
    }
    if (node instanceof PlanNode.Aggregate a) {
      return a.groupKeys().length == 0 || isSingle(a.input());
    }
    return false;
  }

  private PlanNode rewrite(PlanNode node) {
    if (node instanceof PlanNode.Scan || node instanceof PlanNode.Values) {
      return node;
    }
    if (node instanceof PlanNode.Filter f) {
      return new PlanNode.Filter(rewrite(f.input()), f.predicate());
    }
    if (node instanceof PlanNode.Project p) {
      return new PlanNode.Project(rewrite(p.input()), p.exprs(), p.schema());
    }
    if (node instanceof PlanNode.Aggregate a) {
      return aggregate(a);
    }
    if (node instanceof PlanNode.HashJoin j) {
      PlanNode left = rewrite(j.left());
      PlanNode right = rewrite(j.right());
      if (j.joinType() == JoinType.NULL_AWARE_ANTI) {
        // NOT IN looks at every build row (a NULL anywhere empties the result): broadcast.
        return new PlanNode.HashJoin(left, broadcast(right), j.joinType(), j.leftKeys(), j.rightKeys(), j.nullSafe(),
            j.condition(), j.schema());
      }
      boolean buildRowsOnce = j.joinType() != JoinType.RIGHT && j.joinType() != JoinType.FULL;
      if (buildRowsOnce && smallEnoughToBroadcast(j.right())) {
        // A small build side goes whole to every task; the probe side keeps its partitioning.
        return new PlanNode.HashJoin(left, broadcast(right), j.joinType(), j.leftKeys(), j.rightKeys(), j.nullSafe(),
            j.condition(), j.schema());
      }
      return new PlanNode.HashJoin(hash(left, j.leftKeys()), hash(right, j.rightKeys()), j.joinType(), j.leftKeys(),
          j.rightKeys(), j.nullSafe(), j.condition(), j.schema());
    }
    if (node instanceof PlanNode.NestedLoopJoin j) {
      PlanNode left = rewrite(j.left());
      PlanNode right = rewrite(j.right());
      if (j.joinType() == JoinType.RIGHT || j.joinType() == JoinType.FULL) {
        left = isSingle(left) ? left : single(left);
      }
      return new PlanNode.NestedLoopJoin(left, broadcast(right), j.joinType(), j.condition(), j.schema());
    }
    if (node instanceof PlanNode.Sort s) {
      PlanNode input = rewrite(s.input());
      if (isSingle(input)) {
        return new PlanNode.Sort(input, s.keys(), s.offset(), s.fetch());
      }
      if (s.fetch() >= 0) {
        // Top-N: each partition keeps its own first offset+fetch rows, one task merges them.
        input = new PlanNode.Sort(input, s.keys(), 0, s.offset() + s.fetch());
      }
      return new PlanNode.Sort(single(input), s.keys(), s.offset(), s.fetch());
    }
    if (node instanceof PlanNode.Limit l) {
      PlanNode input = rewrite(l.input());
      return new PlanNode.Limit(isSingle(input) ? input : single(input), l.offset(), l.fetch());
    }
    if (node instanceof PlanNode.Union u) {
      List<PlanNode> inputs = new ArrayList<>();
      for (PlanNode in : u.inputs()) {
        inputs.add(rewrite(in));
      }
      // A task of a stage reading shuffled inputs takes partition p of each of them. Inputs that read
      // files directly (partitioned otherwise) or produce a single partition (a keyless aggregate
      // would give a row in every task) are shuffled into the same partitions, unless all inputs
      // are alike.
      boolean allFileReads = inputs.stream().noneMatch(DistributedPlanner::hasExchange);
      boolean allSingle = inputs.stream().allMatch(DistributedPlanner::isSingle);
      if (!allFileReads && !allSingle) {
        int[] all = new int[u.schema().getFields().size()];
        for (int c = 0; c < all.length; c++) {
          all[c] = c;
        }
        for (int i = 0; i < inputs.size(); i++) {
          PlanNode in = inputs.get(i);
          if (!hasExchange(in) || isSingle(in)) {
            inputs.set(i, hash(in, all));
          }
        }
      }
      return new PlanNode.Union(inputs, u.schema());
    }
    if (node instanceof PlanNode.Window w) {
      // every row of a window partition must be in one task: hash on the partition keys (one
      // partition when there are none)
      PlanNode input = rewrite(w.input());
      if (!isSingle(input)) {
        input = w.partitionKeys().length == 0 ? single(input) : hash(input, w.partitionKeys());
      }
      return new PlanNode.Window(input, w.partitionKeys(), w.orderKeys(), w.calls(), w.schema());
    }
    throw new IllegalArgumentException("cannot distribute " + PlanPrinter.describe(node));
  }

  private PlanNode aggregate(PlanNode.Aggregate a) {
    PlanNode input = rewrite(a.input());
    boolean distinct = a.aggregates().stream().anyMatch(AggregateCall::distinct);
    if (a.mode() != AggregateMode.SINGLE || isSingle(input)) {
      return new PlanNode.Aggregate(input, a.groupKeys(), a.aggregates(), a.mode(), a.schema());
    }
    if (distinct) {
      PlanNode exchanged = a.groupKeys().length == 0 ? single(input) : hash(input, a.groupKeys());
      return new PlanNode.Aggregate(exchanged, a.groupKeys(), a.aggregates(), AggregateMode.SINGLE, a.schema());
    }
    PlanNode.Aggregate partial = new PlanNode.Aggregate(input, a.groupKeys(), a.aggregates(), AggregateMode.PARTIAL,
        org.ballista.api.plan.AggregateStates.partialSchema(input.schema(), a.groupKeys(), a.aggregates()));
    int[] finalKeys = new int[a.groupKeys().length];
    for (int i = 0; i < finalKeys.length; i++) {
      finalKeys[i] = i;
    }
    PlanNode exchanged = finalKeys.length == 0 ? single(partial) : hash(partial, finalKeys);
    return new PlanNode.Aggregate(exchanged, finalKeys, org.ballista.api.plan.AggregateStates.finalCalls(a.groupKeys(), a.aggregates()),
        AggregateMode.FINAL, a.schema());
  }

  /** Cuts at every exchange; the last stage yields the result. */
  public StagePlan split(PlanNode planWithExchanges) {
    List<Stage> stages = new ArrayList<>();
    int[] nextId = {1};
    PlanNode root = cut(planWithExchanges, stages, nextId, new ArrayList<>());
    List<Integer> inputs = new ArrayList<>();
    collectReads(root, inputs);
    int id = nextId[0]++;
    stages.add(new Stage(id, new PlanNode.ShuffleWrite(id, root, new int[0], 1), inputs));
    return new StagePlan(stages, planWithExchanges.schema());
  }

  private PlanNode cut(PlanNode node, List<Stage> stages, int[] nextId, List<Integer> reads) {
    if (node instanceof PlanNode.Exchange e) {
      PlanNode below = cut(e.input(), stages, nextId, new ArrayList<>());
      List<Integer> inputs = new ArrayList<>();
      collectReads(below, inputs);
      int id = nextId[0]++;
      int outputs = e.broadcast() ? 1 : e.partitions();
      stages.add(new Stage(id, new PlanNode.ShuffleWrite(id, below, e.hashKeys(), outputs), inputs));
      return new PlanNode.ShuffleRead(id, e.schema(), outputs, e.broadcast());
    }
    List<PlanNode> children = node.children();
    if (children.isEmpty()) {
      return node;
    }
    List<PlanNode> cutChildren = new ArrayList<>();
    for (PlanNode child : children) {
      cutChildren.add(cut(child, stages, nextId, reads));
    }
    return PlanNodes.withChildren(node, cutChildren);
  }

  private static void collectReads(PlanNode node, List<Integer> out) {
    if (node instanceof PlanNode.ShuffleRead r) {
      out.add(r.stageId());
      return;
    }
    for (PlanNode child : node.children()) {
      collectReads(child, out);
    }
  }
}
