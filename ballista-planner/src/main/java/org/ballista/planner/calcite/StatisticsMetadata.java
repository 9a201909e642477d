package org.ballista.planner.calcite;

import com.google.common.collect.ImmutableList;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.ChainedRelMetadataProvider;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.JaninoRelMetadataProvider;
import org.apache.calcite.rel.metadata.MetadataDef;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.ReflectiveRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.metadata.RelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.ImmutableBitSet;
import org.ballista.planner.catalog.ColumnStatistics;
import org.ballista.planner.catalog.TableDefinition;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Cardinality estimates from the catalog's statistics: distinct counts of scanned columns, and
 * equi-join sizes of |L|·|R| / max(ndv(left keys), ndv(right keys)) — which gives FK–PK joins the
 * size of the filtered FK side. Registered once, in front of Calcite's defaults.
 */
public final class StatisticsMetadata {
  private StatisticsMetadata() {}

  /** The provider to set on every planning cluster (built once: Janino compiles it). */
  public static final RelMetadataProvider PROVIDER = JaninoRelMetadataProvider.of(ChainedRelMetadataProvider.of(
      ImmutableList.of(
          ReflectiveRelMetadataProvider.reflectiveSource(new DistinctCounts(), BuiltInMetadata.DistinctRowCount.Handler.class),
          ReflectiveRelMetadataProvider.reflectiveSource(new RowCounts(), BuiltInMetadata.RowCount.Handler.class),
          DefaultRelMetadataProvider.INSTANCE)));

  /** Distinct counts of table columns. */
  public static final class DistinctCounts implements MetadataHandler<BuiltInMetadata.DistinctRowCount> {
    @Override
    public MetadataDef<BuiltInMetadata.DistinctRowCount> getDef() {
      return BuiltInMetadata.DistinctRowCount.DEF;
    }

    public @Nullable Double getDistinctRowCount(TableScan scan, RelMetadataQuery mq, ImmutableBitSet groupKey,
        @Nullable RexNode predicate) {
      TableDefinition def = definition(scan.getTable());
      double rows = mq.getRowCount(scan);
      if (def == null || def.columns().isEmpty()) {
        return null;
      }
      double ndv = 1;
      for (int c : groupKey) {
        ColumnStatistics stats = def.column(c);
        if (stats.unique()) {
          ndv = rows;
          break;
        }
        if (stats.distinctCount() < 0) {
          return null;
        }
        ndv *= Math.max(1, stats.distinctCount());
      }
      ndv = Math.min(ndv, rows);
      if (predicate != null) {
        Double selectivity = mq.getSelectivity(scan, predicate);
        if (selectivity != null) {
          ndv = Math.max(1, ndv * selectivity);
        }
      }
      return ndv;
    }
  }

  /** Row counts of inner equi-joins. */
  public static final class RowCounts implements MetadataHandler<BuiltInMetadata.RowCount> {
    @Override
    public MetadataDef<BuiltInMetadata.RowCount> getDef() {
      return BuiltInMetadata.RowCount.DEF;
    }

    public @Nullable Double getRowCount(Join join, RelMetadataQuery mq) {
      if (join.getJoinType() != JoinRelType.INNER) {
        return RelMdUtil.getJoinRowCount(mq, join, join.getCondition());
      }
      JoinInfo info = join.analyzeCondition();
      if (info.leftKeys.isEmpty()) {
        return RelMdUtil.getJoinRowCount(mq, join, join.getCondition());
      }
      Double left = mq.getRowCount(join.getLeft());
      Double right = mq.getRowCount(join.getRight());
      Double ndvLeft = mq.getDistinctRowCount(join.getLeft(), ImmutableBitSet.of(info.leftKeys), null);
      Double ndvRight = mq.getDistinctRowCount(join.getRight(), ImmutableBitSet.of(info.rightKeys), null);
      if (left == null || right == null) {
        return null;
      }
      double l = ndvLeft == null ? left : Math.min(ndvLeft, left);
      double r = ndvRight == null ? right : Math.min(ndvRight, right);
      double rows = left * right / Math.max(1, Math.max(l, r));
      if (!info.nonEquiConditions.isEmpty()) {
        rows *= 0.5;
      }
      return Math.max(1, rows);
    }
  }

  private static @Nullable TableDefinition definition(RelOptTable table) {
    CatalogSchema.CatalogTable t = table.unwrap(CatalogSchema.CatalogTable.class);
    return t == null ? null : t.definition();
  }
}
